package dev.anaplan.grpc.client;

import com.google.protobuf.Struct;
import dev.anaplan.grpc.v1.GetScimUsersResponse;
import dev.anaplan.grpc.v1.ScimFilter;
import dev.anaplan.grpc.v1.ScimPatchOperation;
import dev.anaplan.grpc.v1.ScimResourceList;
import dev.anaplan.grpc.v1.ScimServiceGrpc.ScimServiceStub;
import dev.anaplan.grpc.v1.ScimUser;
import dev.anaplan.grpc.v1.ScimUserInput;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The unary calls of {@link ScimClient} as {@link CompletableFuture}s; obtained from {@link
 * AnaplanAsyncClient#scim()}, bound to the same channel, credentials and deadline. Failures and
 * cancellation behave as in {@link AnaplanAsyncClient}; build filters with {@link ScimClient#eq},
 * {@link ScimClient#and} and {@link ScimClient#or}.
 *
 * <p>The server stream {@code streamUsers} is blocking only: use {@link AnaplanClient#scim()}.
 */
public final class ScimAsyncClient {
  private final ScimClient requests;

  ScimAsyncClient(ScimClient requests) {
    this.requests = requests;
  }

  /** The SCIM service provider configuration document. */
  public CompletableFuture<Struct> getServiceProviderConfig() {
    return unary(
        ScimServiceStub::getServiceProviderConfig,
        ScimClient.providerConfigRequest(),
        Function.identity());
  }

  /** The SCIM resource types (User), each as its JSON document. */
  public CompletableFuture<List<Struct>> getResourceTypes() {
    return unary(
        ScimServiceStub::getResourceTypes,
        ScimClient.resourceTypesRequest(),
        ScimResourceList::getResourcesList);
  }

  /** The SCIM schemas of the resources, each as its JSON document. */
  public CompletableFuture<List<Struct>> getResourceSchemas() {
    return unary(
        ScimServiceStub::getResourceSchemas,
        ScimClient.resourceSchemasRequest(),
        ScimResourceList::getResourcesList);
  }

  /** Every user matching the filter (null: all) in one reply. */
  public CompletableFuture<List<ScimUser>> getUsers(ScimFilter filter) {
    return unary(
        ScimServiceStub::getUsers,
        ScimClient.usersRequest(filter, 0),
        GetScimUsersResponse::getUsersList);
  }

  /** One user by SCIM id. */
  public CompletableFuture<ScimUser> getUser(String id) {
    return unary(ScimServiceStub::getUser, ScimClient.userRequest(id), Function.identity());
  }

  /** Creates a user. */
  public CompletableFuture<ScimUser> addUser(ScimUserInput user) {
    return unary(ScimServiceStub::addUser, ScimClient.addUserRequest(user), Function.identity());
  }

  /** Replaces every mutable field of a user. */
  public CompletableFuture<ScimUser> replaceUser(String id, ScimUserInput user) {
    return unary(
        ScimServiceStub::replaceUser,
        ScimClient.replaceUserRequest(id, user),
        Function.identity());
  }

  /** Applies PATCH operations to a user. */
  public CompletableFuture<ScimUser> updateUser(String id, List<ScimPatchOperation> operations) {
    return unary(
        ScimServiceStub::updateUser,
        ScimClient.updateUserRequest(id, operations),
        Function.identity());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<ScimServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(requests.asyncStub(), method, request, result);
  }
}
