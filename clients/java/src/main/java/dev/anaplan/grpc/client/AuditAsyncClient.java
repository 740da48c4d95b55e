package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.AuditEvent;
import dev.anaplan.grpc.v1.AuditServiceGrpc.AuditServiceStub;
import dev.anaplan.grpc.v1.GetEventsRequest;
import dev.anaplan.grpc.v1.GetEventsResponse;
import dev.anaplan.grpc.v1.GetUsersResponse;
import dev.anaplan.grpc.v1.TenantUser;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The unary calls of {@link AuditClient} as {@link CompletableFuture}s; obtained from {@link
 * AnaplanAsyncClient#audit()}, bound to the same channel, credentials and deadline. Failures and
 * cancellation behave as in {@link AnaplanAsyncClient}; build requests with {@link
 * AuditClient#events}.
 *
 * <p>The server stream {@code streamEvents} is blocking only: use {@link AnaplanClient#audit()}.
 */
public final class AuditAsyncClient {
  private final AuditClient requests;

  AuditAsyncClient(AuditClient requests) {
    this.requests = requests;
  }

  /** Every event of the last 30 days in one reply. */
  public CompletableFuture<List<AuditEvent>> getEvents() {
    return getEvents(GetEventsRequest.getDefaultInstance());
  }

  /** Every event the request selects, in one reply. */
  public CompletableFuture<List<AuditEvent>> getEvents(GetEventsRequest request) {
    return unary(AuditServiceStub::getEvents, request, GetEventsResponse::getEventsList);
  }

  /** The same selection through Anaplan's POST /events/search. */
  public CompletableFuture<List<AuditEvent>> searchEvents(GetEventsRequest request) {
    return unary(AuditServiceStub::searchEvents, request, GetEventsResponse::getEventsList);
  }

  /** Every tenant user. */
  public CompletableFuture<List<TenantUser>> getUsers() {
    return unary(
        AuditServiceStub::getUsers, AuditClient.usersRequest(), GetUsersResponse::getUsersList);
  }

  /** The calling user. */
  public CompletableFuture<TenantUser> getUser() {
    return getUser("me");
  }

  /** One user by id ("me": the caller). */
  public CompletableFuture<TenantUser> getUser(String userId) {
    return unary(AuditServiceStub::getUser, AuditClient.userRequest(userId), Function.identity());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<AuditServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(requests.asyncStub(), method, request, result);
  }
}
