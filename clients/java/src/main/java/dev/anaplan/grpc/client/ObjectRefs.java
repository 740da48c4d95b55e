package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.ObjectRef;

/** Builds {@link ObjectRef}s: a model object (file, import, export, action, process) by id or name. */
public final class ObjectRefs {
  private ObjectRefs() {}

  /** By Anaplan id, e.g. 113000000000 for a file. */
  public static ObjectRef id(long id) {
    return ObjectRef.newBuilder().setId(id).build();
  }

  /** By exact name, e.g. "Employees.csv"; resolved by the service once per call. */
  public static ObjectRef name(String name) {
    return ObjectRef.newBuilder().setName(name).build();
  }
}
