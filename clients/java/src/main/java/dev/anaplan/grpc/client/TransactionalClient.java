package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CellBatch;
import dev.anaplan.grpc.v1.CellRow;
import dev.anaplan.grpc.v1.CellWrite;
import dev.anaplan.grpc.v1.GetCellsRequest;
import dev.anaplan.grpc.v1.GetLineItemsRequest;
import dev.anaplan.grpc.v1.GetListItemsRequest;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetListMetadataRequest;
import dev.anaplan.grpc.v1.GetViewInfoRequest;
import dev.anaplan.grpc.v1.GetViewsRequest;
import dev.anaplan.grpc.v1.LineItem;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ListItemInput;
import dev.anaplan.grpc.v1.ListItemsBatch;
import dev.anaplan.grpc.v1.ListItemsResult;
import dev.anaplan.grpc.v1.ListItemsWriteHeader;
import dev.anaplan.grpc.v1.ListItemsWriteRequest;
import dev.anaplan.grpc.v1.ListMetadata;
import dev.anaplan.grpc.v1.ModelScope;
import dev.anaplan.grpc.v1.ModelStatus;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import dev.anaplan.grpc.v1.View;
import dev.anaplan.grpc.v1.ViewData;
import dev.anaplan.grpc.v1.ViewInfo;
import dev.anaplan.grpc.v1.WriteCellsHeader;
import dev.anaplan.grpc.v1.WriteCellsRequest;
import dev.anaplan.grpc.v1.WriteCellsResponse;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * TransactionalService (anaplan-sdk's {@code client.transactional}) for the {@link AnaplanClient}'s
 * workspace and model: model status, modules, views, line items, lists and their items, and cell
 * data. Calls carry the client's credentials and deadline and throw {@link AnaplanException}.
 *
 * <p>Hand-written here are the common reads, the list-item and cell streams as {@link
 * CloseableIterator}s, and the client-streaming writes fed lazily from an {@link Iterable}. Every
 * other RPC (dimensions, dashboards, calendar, versions, ReadLargeVolume, GetCellsCsv, ...) is on
 * {@link #raw()} with {@link #scope()} (convert its {@code StatusRuntimeException}s with {@link
 * AnaplanException#from}).
 */
public final class TransactionalClient {
  private final AnaplanClient client;
  private final ModelScope scope;

  TransactionalClient(AnaplanClient client) {
    this.client = client;
    this.scope =
        ModelScope.newBuilder()
            .setWorkspaceId(client.workspaceId())
            .setModelId(client.modelId())
            .build();
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public TransactionalServiceGrpc.TransactionalServiceBlockingStub raw() {
    return client.configure(TransactionalServiceGrpc.newBlockingStub(client.channel()));
  }

  /** The model scope every request carries. */
  public ModelScope scope() {
    return scope;
  }

  /** The model's state and progress. */
  public ModelStatus getModelStatus() {
    return AnaplanClient.call(() -> raw().getModelStatus(scope));
  }

  /** The model's modules. */
  public List<NamedObject> getModules() {
    return AnaplanClient.call(() -> raw().getModules(scope).getModulesList());
  }

  /** The model's views, or one module's when {@code moduleId} is not 0. */
  public List<View> getViews(long moduleId) {
    GetViewsRequest r = viewsRequest(moduleId);
    return AnaplanClient.call(() -> raw().getViews(r).getViewsList());
  }

  /** A view's row, column and page dimensions. */
  public ViewInfo getViewInfo(long viewId) {
    GetViewInfoRequest r = viewInfoRequest(viewId);
    return AnaplanClient.call(() -> raw().getViewInfo(r));
  }

  /** The model's line items, or one module's when {@code moduleId} is not 0. */
  public List<LineItem> getLineItems(long moduleId) {
    GetLineItemsRequest r = lineItemsRequest(moduleId);
    return AnaplanClient.call(() -> raw().getLineItems(r).getLineItemsList());
  }

  /** The model's lists. */
  public List<NamedObject> getLists() {
    return AnaplanClient.call(() -> raw().getLists(scope).getListsList());
  }

  /** A list's definition. */
  public ListMetadata getListMetadata(long listId) {
    GetListMetadataRequest r = listMetadataRequest(listId);
    return AnaplanClient.call(() -> raw().getListMetadata(r));
  }

  /** Every item of a list in one reply; use {@link #streamListItems} for big lists. */
  public List<ListItem> getListItems(long listId) {
    return AnaplanClient.call(() -> raw().getListItems(listItemsRequest(listId)).getItemsList());
  }

  /** The items of a list as the service streams them; close the iterator to stop early. */
  public CloseableIterator<ListItem> streamListItems(long listId) {
    GetListItemsRequest r = listItemsRequest(listId);
    return Streams.flatten(
        Streams.open(() -> raw().streamListItems(r)), GetListItemsResponse::getItemsList);
  }

  /** Adds items to a list; per-item failures are in the result, not thrown. */
  public ListItemsResult insertListItems(long listId, Iterable<ListItemInput> items) {
    return writeListItems(o -> asyncStub().insertListItems(o), listId, items);
  }

  /** Updates list items, each identified by id, code or name. */
  public ListItemsResult updateListItems(long listId, Iterable<ListItemInput> items) {
    return writeListItems(o -> asyncStub().updateListItems(o), listId, items);
  }

  /** Deletes list items, each identified by id, code or name. */
  public ListItemsResult deleteListItems(long listId, Iterable<ListItemInput> items) {
    return writeListItems(o -> asyncStub().deleteListItems(o), listId, items);
  }

  /** A view's data for the given page selection. */
  public ViewData getCells(long viewId, PageSelector... pages) {
    GetCellsRequest r = cellsRequest(viewId, pages);
    return AnaplanClient.call(() -> raw().getCells(r));
  }

  /** A view's rows as the service streams them; column coordinates are those of getCells. */
  public CloseableIterator<CellRow> streamCellRows(long viewId, PageSelector... pages) {
    GetCellsRequest r = cellsRequest(viewId, pages);
    return Streams.flatten(Streams.open(() -> raw().streamCells(r)), ViewData::getRowsList);
  }

  /** Writes module cells, streamed in batches; per-cell failures are in the response. */
  public WriteCellsResponse writeCells(long moduleId, Iterable<CellWrite> cells) {
    WriteCellsRequest header =
        WriteCellsRequest.newBuilder()
            .setHeader(WriteCellsHeader.newBuilder().setScope(scope).setModuleId(moduleId))
            .build();
    return BatchedWrite.run(
        o -> asyncStub().writeCells(o),
        header,
        cells,
        (List<CellWrite> b) ->
            WriteCellsRequest.newBuilder().setBatch(CellBatch.newBuilder().addAllCells(b)).build());
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  TransactionalServiceGrpc.TransactionalServiceStub asyncStub() {
    return client.configure(TransactionalServiceGrpc.newStub(client.channel()));
  }

  private ListItemsResult writeListItems(
      Function<StreamObserver<ListItemsResult>, StreamObserver<ListItemsWriteRequest>> start,
      long listId,
      Iterable<ListItemInput> items) {
    ListItemsWriteRequest header =
        ListItemsWriteRequest.newBuilder()
            .setHeader(ListItemsWriteHeader.newBuilder().setScope(scope).setListId(listId))
            .build();
    return BatchedWrite.run(
        start,
        header,
        items,
        (List<ListItemInput> b) ->
            ListItemsWriteRequest.newBuilder()
                .setBatch(ListItemsBatch.newBuilder().addAllItems(b))
                .build());
  }

  // Requests shared with TransactionalAsyncClient.

  GetViewsRequest viewsRequest(long moduleId) {
    return GetViewsRequest.newBuilder().setScope(scope).setModuleId(moduleId).build();
  }

  GetViewInfoRequest viewInfoRequest(long viewId) {
    return GetViewInfoRequest.newBuilder().setScope(scope).setViewId(viewId).build();
  }

  GetLineItemsRequest lineItemsRequest(long moduleId) {
    return GetLineItemsRequest.newBuilder().setScope(scope).setModuleId(moduleId).build();
  }

  GetListMetadataRequest listMetadataRequest(long listId) {
    return GetListMetadataRequest.newBuilder().setScope(scope).setListId(listId).build();
  }

  GetListItemsRequest listItemsRequest(long listId) {
    return GetListItemsRequest.newBuilder().setScope(scope).setListId(listId).build();
  }

  GetCellsRequest cellsRequest(long viewId, PageSelector... pages) {
    return GetCellsRequest.newBuilder()
        .setScope(scope)
        .setViewId(viewId)
        .addAllPages(Arrays.asList(pages))
        .build();
  }
}
