package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CurrentPeriod;
import dev.anaplan.grpc.v1.DimensionItemsResponse;
import dev.anaplan.grpc.v1.DimensionsResponse;
import dev.anaplan.grpc.v1.GetDashboardsResponse;
import dev.anaplan.grpc.v1.GetLineItemsResponse;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetListsResponse;
import dev.anaplan.grpc.v1.GetModulesResponse;
import dev.anaplan.grpc.v1.GetVersionsResponse;
import dev.anaplan.grpc.v1.GetViewsResponse;
import dev.anaplan.grpc.v1.LineItem;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ListMetadata;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.ModelCalendar;
import dev.anaplan.grpc.v1.ModelStatus;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc.TransactionalServiceStub;
import dev.anaplan.grpc.v1.Version;
import dev.anaplan.grpc.v1.VersionSwitchover;
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
 * <p>The server streams ({@code streamDimensionItems}, {@code streamListItems}, {@code
 * streamCellRows}, {@code getCellsCsv}, {@code readLargeVolume}) and the client-streaming writes
 * ({@code insertListItems}, {@code updateListItems}, {@code deleteListItems}, {@code writeCells})
 * are blocking only: use {@link AnaplanClient#transactional()}.
 */
public final class TransactionalAsyncClient {
  private final TransactionalClient client;
  private final TransactionalRequests requests;

  TransactionalAsyncClient(TransactionalClient client) {
    this.client = client;
    this.requests = client.requests();
  }

  /** The model's details (state, memory use, workspace, ...). */
  public CompletableFuture<Model> getModelDetails() {
    return unary(TransactionalServiceStub::getModelDetails, requests.scope(), Function.identity());
  }

  /** The model's state and progress. */
  public CompletableFuture<ModelStatus> getModelStatus() {
    return unary(TransactionalServiceStub::getModelStatus, requests.scope(), Function.identity());
  }

  /** Loads the model into memory. */
  public CompletableFuture<Void> wakeModel() {
    return unary(TransactionalServiceStub::wakeModel, requests.scope(), AsyncCalls.noResult());
  }

  /** Unloads the model from memory. */
  public CompletableFuture<Void> closeModel() {
    return unary(TransactionalServiceStub::closeModel, requests.scope(), AsyncCalls.noResult());
  }

  /** The model's modules. */
  public CompletableFuture<List<NamedObject>> getModules() {
    return unary(
        TransactionalServiceStub::getModules,
        requests.scope(),
        GetModulesResponse::getModulesList);
  }

  /**
   * The model's views, or one module's when {@code moduleId} is not 0, including the modules'
   * default views ({@code include_subsidiary_views=true}, as anaplan-sdk's get_views).
   */
  public CompletableFuture<List<View>> getViews(long moduleId) {
    return getViews(moduleId, true);
  }

  /** The model's views; {@code includeSubsidiaryViews} false leaves out modules' default views. */
  public CompletableFuture<List<View>> getViews(long moduleId, boolean includeSubsidiaryViews) {
    return unary(
        TransactionalServiceStub::getViews,
        requests.views(moduleId, includeSubsidiaryViews),
        GetViewsResponse::getViewsList);
  }

  /** A view's row, column and page dimensions. */
  public CompletableFuture<ViewInfo> getViewInfo(long viewId) {
    return unary(
        TransactionalServiceStub::getViewInfo, requests.viewInfo(viewId), Function.identity());
  }

  /** The model's line items, or one module's when {@code moduleId} is not 0. */
  public CompletableFuture<List<LineItem>> getLineItems(long moduleId) {
    return unary(
        TransactionalServiceStub::getLineItems,
        requests.lineItems(moduleId),
        GetLineItemsResponse::getLineItemsList);
  }

  /** The dimensions a line item applies to. */
  public CompletableFuture<List<NamedObject>> getLineItemDimensions(long lineItemId) {
    return unary(
        TransactionalServiceStub::getLineItemDimensions,
        requests.lineItemDimensions(lineItemId),
        DimensionsResponse::getDimensionsList);
  }

  /** The items of one of a line item's dimensions, as the line item sees them. */
  public CompletableFuture<List<NamedObject>> getLineItemDimensionItems(
      long lineItemId, long dimensionId) {
    return unary(
        TransactionalServiceStub::getLineItemDimensionItems,
        requests.lineItemDimensionItems(lineItemId, dimensionId),
        DimensionItemsResponse::getItemsList);
  }

  /** Every item of a list, subset or the Users dimension, in one reply. */
  public CompletableFuture<List<NamedObject>> getDimensionItems(long dimensionId) {
    return unary(
        TransactionalServiceStub::getDimensionItems,
        requests.dimensionItems(dimensionId),
        DimensionItemsResponse::getItemsList);
  }

  /** The items of a dimension with the given codes or names (either list may be empty). */
  public CompletableFuture<List<NamedObject>> lookupDimensionItems(
      long dimensionId, List<String> codes, List<String> names) {
    return unary(
        TransactionalServiceStub::lookupDimensionItems,
        requests.lookupDimensionItems(dimensionId, codes, names),
        DimensionItemsResponse::getItemsList);
  }

  /** The items of one of a view's dimensions, as the view shows them. */
  public CompletableFuture<List<NamedObject>> getViewDimensionItems(long viewId, long dimensionId) {
    return unary(
        TransactionalServiceStub::getViewDimensionItems,
        requests.viewDimensionItems(viewId, dimensionId),
        DimensionItemsResponse::getItemsList);
  }

  /** The model's dashboards. */
  public CompletableFuture<List<NamedObject>> getDashboards() {
    return unary(
        TransactionalServiceStub::getDashboards,
        requests.scope(),
        GetDashboardsResponse::getDashboardsList);
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
        requests.listMetadata(listId),
        Function.identity());
  }

  /**
   * Every item of a list in one reply, with the selective-access fields ({@code
   * include_all=true}, as anaplan-sdk's get_list_items).
   */
  public CompletableFuture<List<ListItem>> getListItems(long listId) {
    return getListItems(listId, true);
  }

  /** Every item of a list in one reply; {@code includeAll} false leaves out selective access. */
  public CompletableFuture<List<ListItem>> getListItems(long listId, boolean includeAll) {
    return unary(
        TransactionalServiceStub::getListItems,
        requests.listItems(listId, includeAll),
        GetListItemsResponse::getItemsList);
  }

  /** Resets the item index of an empty list. */
  public CompletableFuture<Void> resetListIndex(long listId) {
    return unary(TransactionalServiceStub::resetListIndex, requests.listMetadata(listId), AsyncCalls.noResult());
  }

  /** A view's data for the given page selection (no row cap). */
  public CompletableFuture<ViewData> getCells(long viewId, PageSelector... pages) {
    return getCells(viewId, CellsOptions.defaults(), pages);
  }

  /** A view's data for the given page selection, at most {@code options.maxRows()} rows. */
  public CompletableFuture<ViewData> getCells(
      long viewId, CellsOptions options, PageSelector... pages) {
    return unary(
        TransactionalServiceStub::getCells,
        requests.cells(viewId, options, pages),
        Function.identity());
  }

  /** The model's current period. */
  public CompletableFuture<CurrentPeriod> getCurrentPeriod() {
    return unary(
        TransactionalServiceStub::getCurrentPeriod, requests.scope(), Function.identity());
  }

  /** Sets the current period to the one holding {@code date} (YYYY-MM-DD). */
  public CompletableFuture<CurrentPeriod> setCurrentPeriod(String date) {
    return unary(
        TransactionalServiceStub::setCurrentPeriod,
        requests.currentPeriod(date),
        Function.identity());
  }

  /** The model's calendar: type, current period, fiscal year and totals. */
  public CompletableFuture<ModelCalendar> getModelCalendar() {
    return unary(
        TransactionalServiceStub::getModelCalendar, requests.scope(), Function.identity());
  }

  /** Sets the current fiscal year, e.g. "FY24"; completes with the updated calendar. */
  public CompletableFuture<ModelCalendar> setCurrentFiscalYear(String year) {
    return unary(
        TransactionalServiceStub::setCurrentFiscalYear,
        requests.currentFiscalYear(year),
        Function.identity());
  }

  /** The model's versions. */
  public CompletableFuture<List<Version>> getVersions() {
    return unary(
        TransactionalServiceStub::getVersions,
        requests.scope(),
        GetVersionsResponse::getVersionsList);
  }

  /** Sets a version's switchover date (YYYY-MM-DD; "" clears it). */
  public CompletableFuture<VersionSwitchover> setVersionSwitchover(long versionId, String date) {
    return unary(
        TransactionalServiceStub::setVersionSwitchover,
        requests.versionSwitchover(versionId, date),
        Function.identity());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<TransactionalServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(client.asyncStub(), method, request, result);
  }
}
