package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.GetLineItemsResponse;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetListsResponse;
import dev.anaplan.grpc.v1.GetModulesResponse;
import dev.anaplan.grpc.v1.GetViewsResponse;
import dev.anaplan.grpc.v1.LineItem;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ListMetadata;
import dev.anaplan.grpc.v1.ModelStatus;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc.TransactionalServiceStub;
import dev.anaplan.grpc.v1.View;
import dev.anaplan.grpc.v1.ViewData;
import dev.anaplan.grpc.v1.ViewInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The unary calls of {@link TransactionalClient} as {@link CompletableFuture}s; obtained from
 * {@link AnaplanAsyncClient#transactional()}, bound to the same channel, model scope, credentials
 * and deadline. Failures and cancellation behave as in {@link AnaplanAsyncClient}.
 *
 * <p>The server streams ({@code streamListItems}, {@code streamCellRows}) and the
 * client-streaming writes ({@code insertListItems}, {@code updateListItems}, {@code
 * deleteListItems}, {@code writeCells}) are blocking only: use {@link
 * AnaplanClient#transactional()}.
 */
public final class TransactionalAsyncClient {
  private final TransactionalClient requests;

  TransactionalAsyncClient(TransactionalClient requests) {
    this.requests = requests;
  }

  /** The model's state and progress. */
  public CompletableFuture<ModelStatus> getModelStatus() {
    return unary(TransactionalServiceStub::getModelStatus, requests.scope(), Function.identity());
  }

  /** The model's modules. */
  public CompletableFuture<List<NamedObject>> getModules() {
    return unary(
        TransactionalServiceStub::getModules,
        requests.scope(),
        GetModulesResponse::getModulesList);
  }

  /** The model's views, or one module's when {@code moduleId} is not 0. */
  public CompletableFuture<List<View>> getViews(long moduleId) {
    return unary(
        TransactionalServiceStub::getViews,
        requests.viewsRequest(moduleId),
        GetViewsResponse::getViewsList);
  }

  /** A view's row, column and page dimensions. */
  public CompletableFuture<ViewInfo> getViewInfo(long viewId) {
    return unary(
        TransactionalServiceStub::getViewInfo,
        requests.viewInfoRequest(viewId),
        Function.identity());
  }

  /** The model's line items, or one module's when {@code moduleId} is not 0. */
  public CompletableFuture<List<LineItem>> getLineItems(long moduleId) {
    return unary(
        TransactionalServiceStub::getLineItems,
        requests.lineItemsRequest(moduleId),
        GetLineItemsResponse::getLineItemsList);
  }

  /** The model's lists. */
  public CompletableFuture<List<NamedObject>> getLists() {
    return unary(
        TransactionalServiceStub::getLists, requests.scope(), GetListsResponse::getListsList);
  }

  /** A list's definition. */
  public CompletableFuture<ListMetadata> getListMetadata(long listId) {
    return unary(
        TransactionalServiceStub::getListMetadata,
        requests.listMetadataRequest(listId),
        Function.identity());
  }

  /** Every item of a list in one reply. */
  public CompletableFuture<List<ListItem>> getListItems(long listId) {
    return unary(
        TransactionalServiceStub::getListItems,
        requests.listItemsRequest(listId),
        GetListItemsResponse::getItemsList);
  }

  /** A view's data for the given page selection. */
  public CompletableFuture<ViewData> getCells(long viewId, PageSelector... pages) {
    return unary(
        TransactionalServiceStub::getCells,
        requests.cellsRequest(viewId, pages),
        Function.identity());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<TransactionalServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(requests.asyncStub(), method, request, result);
  }
}
