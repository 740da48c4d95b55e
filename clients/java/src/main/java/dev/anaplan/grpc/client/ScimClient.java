package dev.anaplan.grpc.client;

import com.google.protobuf.Struct;
import dev.anaplan.grpc.v1.AddScimUserRequest;
import dev.anaplan.grpc.v1.GetResourceSchemasRequest;
import dev.anaplan.grpc.v1.GetResourceTypesRequest;
import dev.anaplan.grpc.v1.GetScimUserRequest;
import dev.anaplan.grpc.v1.GetScimUsersRequest;
import dev.anaplan.grpc.v1.GetScimUsersResponse;
import dev.anaplan.grpc.v1.GetServiceProviderConfigRequest;
import dev.anaplan.grpc.v1.ReplaceScimUserRequest;
import dev.anaplan.grpc.v1.ScimComparison;
import dev.anaplan.grpc.v1.ScimFilter;
import dev.anaplan.grpc.v1.ScimLogical;
import dev.anaplan.grpc.v1.ScimPatchOperation;
import dev.anaplan.grpc.v1.ScimServiceGrpc;
import dev.anaplan.grpc.v1.ScimUser;
import dev.anaplan.grpc.v1.ScimUserInput;
import dev.anaplan.grpc.v1.UpdateScimUserRequest;
import java.util.Arrays;
import java.util.List;

/**
 * ScimService (anaplan-sdk's {@code client.scim}): the tenant's users over SCIM 2.0. Calls carry
 * the client's credentials and deadline and throw {@link AnaplanException}. Every RPC has a method
 * here; {@link #raw()} is the stub.
 */
public final class ScimClient {
  private final AnaplanClient client;

  ScimClient(AnaplanClient client) {
    this.client = client;
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public ScimServiceGrpc.ScimServiceBlockingStub raw() {
    return client.configure(ScimServiceGrpc.newBlockingStub(client.channel()));
  }

  /** The filter {@code attribute eq "value"} (the service quotes the value). */
  public static ScimFilter eq(String attribute, String value) {
    return ScimFilter.newBuilder()
        .setComparison(
            ScimComparison.newBuilder().setAttribute(attribute).setOp("eq").setStringValue(value))
        .build();
  }

  /** Filters joined with "and". */
  public static ScimFilter and(ScimFilter... filters) {
    return logical("and", filters);
  }

  /** Filters joined with "or". */
  public static ScimFilter or(ScimFilter... filters) {
    return logical("or", filters);
  }

  private static ScimFilter logical(String op, ScimFilter[] filters) {
    return ScimFilter.newBuilder()
        .setLogical(ScimLogical.newBuilder().setOp(op).addAllOperands(Arrays.asList(filters)))
        .build();
  }

  /** The SCIM service provider configuration document. */
  public Struct getServiceProviderConfig() {
    return AnaplanClient.call(() -> raw().getServiceProviderConfig(providerConfigRequest()));
  }

  /** The SCIM resource types (User), each as its JSON document. */
  public List<Struct> getResourceTypes() {
    return AnaplanClient.call(
        () -> raw().getResourceTypes(resourceTypesRequest()).getResourcesList());
  }

  /** The SCIM schemas of the resources, each as its JSON document. */
  public List<Struct> getResourceSchemas() {
    return AnaplanClient.call(
        () -> raw().getResourceSchemas(resourceSchemasRequest()).getResourcesList());
  }

  /** Every user matching the filter (null: all) in one reply. */
  public List<ScimUser> getUsers(ScimFilter filter) {
    GetScimUsersRequest r = usersRequest(filter, 0);
    return AnaplanClient.call(() -> raw().getUsers(r).getUsersList());
  }

  /**
   * The users matching the filter (null: all), page by page as SCIM returns them ({@code pageSize}
   * 1..100, 0 for 100); close to stop early.
   */
  public CloseableIterator<ScimUser> streamUsers(ScimFilter filter, int pageSize) {
    GetScimUsersRequest r = usersRequest(filter, pageSize);
    return Streams.flatten(
        Streams.open(() -> raw().streamUsers(r)), GetScimUsersResponse::getUsersList);
  }

  /** One user by SCIM id. */
  public ScimUser getUser(String id) {
    GetScimUserRequest r = userRequest(id);
    return AnaplanClient.call(() -> raw().getUser(r));
  }

  /** Creates a user. */
  public ScimUser addUser(ScimUserInput user) {
    AddScimUserRequest r = addUserRequest(user);
    return AnaplanClient.call(() -> raw().addUser(r));
  }

  /** Replaces every mutable field of a user. */
  public ScimUser replaceUser(String id, ScimUserInput user) {
    ReplaceScimUserRequest r = replaceUserRequest(id, user);
    return AnaplanClient.call(() -> raw().replaceUser(r));
  }

  /** Applies PATCH operations to a user. */
  public ScimUser updateUser(String id, List<ScimPatchOperation> operations) {
    UpdateScimUserRequest r = updateUserRequest(id, operations);
    return AnaplanClient.call(() -> raw().updateUser(r));
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  ScimServiceGrpc.ScimServiceStub asyncStub() {
    return client.configure(ScimServiceGrpc.newStub(client.channel()));
  }

  // Requests shared with ScimAsyncClient.

  static GetServiceProviderConfigRequest providerConfigRequest() {
    return GetServiceProviderConfigRequest.getDefaultInstance();
  }

  static GetResourceTypesRequest resourceTypesRequest() {
    return GetResourceTypesRequest.getDefaultInstance();
  }

  static GetResourceSchemasRequest resourceSchemasRequest() {
    return GetResourceSchemasRequest.getDefaultInstance();
  }

  static GetScimUserRequest userRequest(String id) {
    return GetScimUserRequest.newBuilder().setId(id).build();
  }

  static AddScimUserRequest addUserRequest(ScimUserInput user) {
    return AddScimUserRequest.newBuilder().setUser(user).build();
  }

  static ReplaceScimUserRequest replaceUserRequest(String id, ScimUserInput user) {
    return ReplaceScimUserRequest.newBuilder().setId(id).setUser(user).build();
  }

  static UpdateScimUserRequest updateUserRequest(String id, List<ScimPatchOperation> operations) {
    return UpdateScimUserRequest.newBuilder().setId(id).addAllOperations(operations).build();
  }

  static GetScimUsersRequest usersRequest(ScimFilter filter, int pageSize) {
    GetScimUsersRequest.Builder r = GetScimUsersRequest.newBuilder().setPageSize(pageSize);
    if (filter != null) {
      r.setFilter(filter);
    }
    return r.build();
  }
}
