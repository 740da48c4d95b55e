package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.AuditEvent;
import dev.anaplan.grpc.v1.AuditServiceGrpc;
import dev.anaplan.grpc.v1.GetEventsRequest;
import dev.anaplan.grpc.v1.GetEventsResponse;
import dev.anaplan.grpc.v1.GetUserRequest;
import dev.anaplan.grpc.v1.GetUsersRequest;
import dev.anaplan.grpc.v1.TenantUser;
import java.util.List;

/**
 * AuditService (anaplan-sdk's {@code client.audit}): audit events and the tenant's users. Calls
 * carry the client's credentials and deadline and throw {@link AnaplanException} (a window over 30
 * days is {@link AnaplanException.InvalidArgument}). Every RPC has a method here; {@link #raw()} is
 * the stub.
 */
public final class AuditClient {
  private final AnaplanClient client;

  AuditClient(AnaplanClient client) {
    this.client = client;
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public AuditServiceGrpc.AuditServiceBlockingStub raw() {
    return client.configure(AuditServiceGrpc.newBlockingStub(client.channel()));
  }

  /** A request for events of a type ("" or "all": every type) in the last {@code days} days. */
  public static GetEventsRequest events(String eventType, int days) {
    return GetEventsRequest.newBuilder().setEventType(eventType).setDaysIntoPast(days).build();
  }

  /** Every event of the last 30 days in one reply. */
  public List<AuditEvent> getEvents() {
    return getEvents(GetEventsRequest.getDefaultInstance());
  }

  /** Every event the request selects, in one reply; use {@link #streamEvents} for big windows. */
  public List<AuditEvent> getEvents(GetEventsRequest request) {
    return AnaplanClient.call(() -> raw().getEvents(request).getEventsList());
  }

  /** The same selection through Anaplan's POST /events/search. */
  public List<AuditEvent> searchEvents(GetEventsRequest request) {
    return AnaplanClient.call(() -> raw().searchEvents(request).getEventsList());
  }

  /** The selected events, page by page as Anaplan returns them; close to stop early. */
  public CloseableIterator<AuditEvent> streamEvents(GetEventsRequest request) {
    return Streams.flatten(
        Streams.open(() -> raw().streamEvents(request)), GetEventsResponse::getEventsList);
  }

  /** Every tenant user. */
  public List<TenantUser> getUsers() {
    return AnaplanClient.call(() -> raw().getUsers(usersRequest()).getUsersList());
  }

  /** The calling user. */
  public TenantUser getUser() {
    return getUser("me");
  }

  /** One user by id ("me": the caller). */
  public TenantUser getUser(String userId) {
    GetUserRequest r = userRequest(userId);
    return AnaplanClient.call(() -> raw().getUser(r));
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  AuditServiceGrpc.AuditServiceStub asyncStub() {
    return client.configure(AuditServiceGrpc.newStub(client.channel()));
  }

  // Requests shared with AuditAsyncClient.

  static GetUsersRequest usersRequest() {
    return GetUsersRequest.getDefaultInstance();
  }

  static GetUserRequest userRequest(String userId) {
    return GetUserRequest.newBuilder().setUserId(userId).build();
  }
}
