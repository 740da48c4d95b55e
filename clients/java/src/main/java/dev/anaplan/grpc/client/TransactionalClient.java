package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CellRow;
import dev.anaplan.grpc.v1.CellWrite;
import dev.anaplan.grpc.v1.CurrentPeriod;
import dev.anaplan.grpc.v1.DataChunk;
import dev.anaplan.grpc.v1.DimensionItemsResponse;
import dev.anaplan.grpc.v1.GetCellsRequest;
import dev.anaplan.grpc.v1.GetDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetLineItemDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetLineItemDimensionsRequest;
import dev.anaplan.grpc.v1.GetListItemsRequest;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetViewDimensionItemsRequest;
import dev.anaplan.grpc.v1.LineItem;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ListItemInput;
import dev.anaplan.grpc.v1.ListItemsResult;
import dev.anaplan.grpc.v1.ListMetadata;
import dev.anaplan.grpc.v1.LookupDimensionItemsRequest;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.ModelCalendar;
import dev.anaplan.grpc.v1.ModelScope;
import dev.anaplan.grpc.v1.ModelStatus;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.ReadLargeVolumeRequest;
import dev.anaplan.grpc.v1.ReadLargeVolumeResponse;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import dev.anaplan.grpc.v1.Version;
import dev.anaplan.grpc.v1.VersionSwitchover;
import dev.anaplan.grpc.v1.View;
import dev.anaplan.grpc.v1.ViewData;
import dev.anaplan.grpc.v1.ViewInfo;
import dev.anaplan.grpc.v1.WriteCellsResponse;
import java.io.OutputStream;
import java.util.List;

/**
 * TransactionalService (anaplan-sdk's {@code client.transactional}) for the {@link AnaplanClient}'s
 * workspace and model: model details and state, modules, views, line items, dimensions, lists and
 * their items, cell data, large-volume reads, calendar and versions. Calls carry the client's
 * credentials and deadline and throw {@link AnaplanException}.
 *
 * <p>Every RPC has a method here: the server streams as {@link CloseableIterator}s (or, for CSV
 * bytes, written to an {@link OutputStream}), the client-streaming writes fed lazily from an
 * {@link Iterable}. {@link #raw()} is the stub, with {@link #scope()} for its requests.
 */
public final class TransactionalClient {
  private final AnaplanClient client;
  private final TransactionalRequests requests;

  TransactionalClient(AnaplanClient client) {
    this.client = client;
    this.requests =
        new TransactionalRequests(
            ModelScope.newBuilder()
                .setWorkspaceId(client.workspaceId())
                .setModelId(client.modelId())
                .build());
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public TransactionalServiceGrpc.TransactionalServiceBlockingStub raw() {
    return client.configure(TransactionalServiceGrpc.newBlockingStub(client.channel()));
  }

  /** The model scope every request carries. */
  public ModelScope scope() {
    return requests.scope();
  }

  /**
   * The target of {@link #readLargeVolume}: a view, in an export type ("" for
   * TABULAR_MULTI_COLUMN; GRID_ALL_PAGES, TABULAR_SINGLE_COLUMN).
   */
  public static ReadLargeVolumeRequest largeVolumeView(long viewId, String exportType) {
    return ReadLargeVolumeRequest.newBuilder().setViewId(viewId).setExportType(exportType).build();
  }

  /** The target of {@link #readLargeVolume}: a list. */
  public static ReadLargeVolumeRequest largeVolumeList(long listId) {
    return ReadLargeVolumeRequest.newBuilder().setListId(listId).build();
  }

  /** The model's details (state, memory use, workspace, ...). */
  public Model getModelDetails() {
    return AnaplanClient.call(() -> raw().getModelDetails(scope()));
  }

  /** The model's state and progress. */
  public ModelStatus getModelStatus() {
    return AnaplanClient.call(() -> raw().getModelStatus(scope()));
  }

  /** Loads the model into memory. */
  public void wakeModel() {
    AnaplanClient.call(() -> raw().wakeModel(scope()));
  }

  /** Unloads the model from memory. */
  public void closeModel() {
    AnaplanClient.call(() -> raw().closeModel(scope()));
  }

  /** The model's modules. */
  public List<NamedObject> getModules() {
    return AnaplanClient.call(() -> raw().getModules(scope()).getModulesList());
  }

  /**
   * The model's views, or one module's when {@code moduleId} is not 0, including the modules'
   * default views ({@code include_subsidiary_views=true}, the default of anaplan-sdk's get_views
   * and of the Python client).
   */
  public List<View> getViews(long moduleId) {
    return getViews(moduleId, true);
  }

  /**
   * The model's views, or one module's when {@code moduleId} is not 0; {@code
   * includeSubsidiaryViews} false leaves out the modules' default views.
   */
  public List<View> getViews(long moduleId, boolean includeSubsidiaryViews) {
    return AnaplanClient.call(
        () -> raw().getViews(requests.views(moduleId, includeSubsidiaryViews)).getViewsList());
  }

  /** A view's row, column and page dimensions. */
  public ViewInfo getViewInfo(long viewId) {
    return AnaplanClient.call(() -> raw().getViewInfo(requests.viewInfo(viewId)));
  }

  /** The model's line items, or one module's when {@code moduleId} is not 0. */
  public List<LineItem> getLineItems(long moduleId) {
    return AnaplanClient.call(
        () -> raw().getLineItems(requests.lineItems(moduleId)).getLineItemsList());
  }

  /** The dimensions a line item applies to. */
  public List<NamedObject> getLineItemDimensions(long lineItemId) {
    GetLineItemDimensionsRequest r = requests.lineItemDimensions(lineItemId);
    return AnaplanClient.call(() -> raw().getLineItemDimensions(r).getDimensionsList());
  }

  /** The items of one of a line item's dimensions, as the line item sees them. */
  public List<NamedObject> getLineItemDimensionItems(long lineItemId, long dimensionId) {
    GetLineItemDimensionItemsRequest r = requests.lineItemDimensionItems(lineItemId, dimensionId);
    return AnaplanClient.call(() -> raw().getLineItemDimensionItems(r).getItemsList());
  }

  /** Every item of a list, subset or the Users dimension, in one reply. */
  public List<NamedObject> getDimensionItems(long dimensionId) {
    GetDimensionItemsRequest r = requests.dimensionItems(dimensionId);
    return AnaplanClient.call(() -> raw().getDimensionItems(r).getItemsList());
  }

  /** The items of a dimension in messages of at most 10,000; close the iterator to stop early. */
  public CloseableIterator<NamedObject> streamDimensionItems(long dimensionId) {
    GetDimensionItemsRequest r = requests.dimensionItems(dimensionId);
    return Streams.flatten(
        Streams.open(() -> raw().streamDimensionItems(r)), DimensionItemsResponse::getItemsList);
  }

  /** The items of a dimension with the given codes or names (either list may be empty). */
  public List<NamedObject> lookupDimensionItems(
      long dimensionId, List<String> codes, List<String> names) {
    LookupDimensionItemsRequest r = requests.lookupDimensionItems(dimensionId, codes, names);
    return AnaplanClient.call(() -> raw().lookupDimensionItems(r).getItemsList());
  }

  /** The items of one of a view's dimensions, as the view shows them. */
  public List<NamedObject> getViewDimensionItems(long viewId, long dimensionId) {
    GetViewDimensionItemsRequest r = requests.viewDimensionItems(viewId, dimensionId);
    return AnaplanClient.call(() -> raw().getViewDimensionItems(r).getItemsList());
  }

  /** The model's dashboards. */
  public List<NamedObject> getDashboards() {
    return AnaplanClient.call(() -> raw().getDashboards(scope()).getDashboardsList());
  }

  /** The model's lists. */
  public List<NamedObject> getLists() {
    return AnaplanClient.call(() -> raw().getLists(scope()).getListsList());
  }

  /** A list's definition. */
  public ListMetadata getListMetadata(long listId) {
    return AnaplanClient.call(() -> raw().getListMetadata(requests.listMetadata(listId)));
  }

  /**
   * Every item of a list in one reply, with the selective-access fields ({@code include_all=true},
   * the default of anaplan-sdk's get_list_items and of the Python client); use {@link
   * #streamListItems} for big lists.
   */
  public List<ListItem> getListItems(long listId) {
    return getListItems(listId, true);
  }

  /** Every item of a list in one reply; {@code includeAll} false leaves out selective access. */
  public List<ListItem> getListItems(long listId, boolean includeAll) {
    return AnaplanClient.call(
        () -> raw().getListItems(requests.listItems(listId, includeAll)).getItemsList());
  }

  /**
   * The items of a list as the service streams them, with the selective-access fields ({@code
   * include_all=true}, as anaplan-sdk); close the iterator to stop early.
   */
  public CloseableIterator<ListItem> streamListItems(long listId) {
    return streamListItems(listId, true);
  }

  /** {@link #streamListItems(long)}; {@code includeAll} false leaves out selective access. */
  public CloseableIterator<ListItem> streamListItems(long listId, boolean includeAll) {
    GetListItemsRequest r = requests.listItems(listId, includeAll);
    return Streams.flatten(
        Streams.open(() -> raw().streamListItems(r)), GetListItemsResponse::getItemsList);
  }

  /** Adds items to a list; per-item failures are in the result, not thrown. */
  public ListItemsResult insertListItems(long listId, Iterable<ListItemInput> items) {
    return BatchedWrite.run(
        o -> asyncStub().insertListItems(o),
        requests.listItemsHeader(listId),
        items,
        TransactionalRequests::listItemsBatch);
  }

  /** Updates list items, each identified by id, code or name. */
  public ListItemsResult updateListItems(long listId, Iterable<ListItemInput> items) {
    return BatchedWrite.run(
        o -> asyncStub().updateListItems(o),
        requests.listItemsHeader(listId),
        items,
        TransactionalRequests::listItemsBatch);
  }

  /** Deletes list items, each identified by id, code or name. */
  public ListItemsResult deleteListItems(long listId, Iterable<ListItemInput> items) {
    return BatchedWrite.run(
        o -> asyncStub().deleteListItems(o),
        requests.listItemsHeader(listId),
        items,
        TransactionalRequests::listItemsBatch);
  }

  /** Resets the item index of an empty list. */
  public void resetListIndex(long listId) {
    AnaplanClient.call(() -> raw().resetListIndex(requests.listMetadata(listId)));
  }

  /** A view's data for the given page selection (no row cap). */
  public ViewData getCells(long viewId, PageSelector... pages) {
    return getCells(viewId, CellsOptions.defaults(), pages);
  }

  /** A view's data for the given page selection, at most {@code options.maxRows()} rows. */
  public ViewData getCells(long viewId, CellsOptions options, PageSelector... pages) {
    return AnaplanClient.call(() -> raw().getCells(requests.cells(viewId, options, pages)));
  }

  /** A view's rows as the service streams them; column coordinates are those of getCells. */
  public CloseableIterator<CellRow> streamCellRows(long viewId, PageSelector... pages) {
    return streamCellRows(viewId, CellsOptions.defaults(), pages);
  }

  /**
   * {@link #streamCellRows(long, PageSelector...)} with a row cap and the rows per stream message
   * of {@code options}.
   */
  public CloseableIterator<CellRow> streamCellRows(
      long viewId, CellsOptions options, PageSelector... pages) {
    GetCellsRequest r = requests.cells(viewId, options, pages);
    return Streams.flatten(Streams.open(() -> raw().streamCells(r)), ViewData::getRowsList);
  }

  /** Writes a view's data for the page selection to {@code out} as CSV; returns the byte count. */
  public long getCellsCsv(long viewId, OutputStream out, PageSelector... pages) {
    return getCellsCsv(viewId, out, CellsOptions.defaults(), pages);
  }

  /**
   * {@link #getCellsCsv(long, OutputStream, PageSelector...)} with the row cap, export type and
   * escaping of {@code options}.
   */
  public long getCellsCsv(
      long viewId, OutputStream out, CellsOptions options, PageSelector... pages) {
    GetCellsRequest r = requests.cells(viewId, options, pages);
    return Streams.copy(Streams.open(() -> raw().getCellsCsv(r)), DataChunk::getData, out, "cells");
  }

  /** Writes module cells, streamed in batches; per-cell failures are in the response. */
  public WriteCellsResponse writeCells(long moduleId, Iterable<CellWrite> cells) {
    return BatchedWrite.run(
        o -> asyncStub().writeCells(o),
        requests.cellsHeader(moduleId),
        cells,
        TransactionalRequests::cellsBatch);
  }

  /**
   * Reads a view or list through a large-volume read request ({@link #largeVolumeView}, {@link
   * #largeVolumeList}; its scope is this client's) and writes the CSV pages to {@code out} as they
   * become available; returns the bytes written. The service deletes the read request at the end.
   */
  public long readLargeVolume(ReadLargeVolumeRequest target, OutputStream out) {
    ReadLargeVolumeRequest r = requests.largeVolume(target);
    return Streams.copy(
        Streams.open(() -> raw().readLargeVolume(r)),
        ReadLargeVolumeResponse::getData,
        out,
        "large-volume read");
  }

  /** The model's current period. */
  public CurrentPeriod getCurrentPeriod() {
    return AnaplanClient.call(() -> raw().getCurrentPeriod(scope()));
  }

  /** Sets the current period to the one holding {@code date} (YYYY-MM-DD). */
  public CurrentPeriod setCurrentPeriod(String date) {
    return AnaplanClient.call(() -> raw().setCurrentPeriod(requests.currentPeriod(date)));
  }

  /** The model's calendar: type, current period, fiscal year and totals. */
  public ModelCalendar getModelCalendar() {
    return AnaplanClient.call(() -> raw().getModelCalendar(scope()));
  }

  /** Sets the current fiscal year, e.g. "FY24"; returns the updated calendar. */
  public ModelCalendar setCurrentFiscalYear(String year) {
    return AnaplanClient.call(() -> raw().setCurrentFiscalYear(requests.currentFiscalYear(year)));
  }

  /** The model's versions. */
  public List<Version> getVersions() {
    return AnaplanClient.call(() -> raw().getVersions(scope()).getVersionsList());
  }

  /** Sets a version's switchover date (YYYY-MM-DD; "" clears it). */
  public VersionSwitchover setVersionSwitchover(long versionId, String date) {
    return AnaplanClient.call(
        () -> raw().setVersionSwitchover(requests.versionSwitchover(versionId, date)));
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  TransactionalServiceGrpc.TransactionalServiceStub asyncStub() {
    return client.configure(TransactionalServiceGrpc.newStub(client.channel()));
  }

  /** The requests shared with {@link TransactionalAsyncClient}. */
  TransactionalRequests requests() {
    return requests;
  }
}
