package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CellBatch;
import dev.anaplan.grpc.v1.CellWrite;
import dev.anaplan.grpc.v1.GetCellsRequest;
import dev.anaplan.grpc.v1.GetDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetLineItemDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetLineItemDimensionsRequest;
import dev.anaplan.grpc.v1.GetLineItemsRequest;
import dev.anaplan.grpc.v1.GetListItemsRequest;
import dev.anaplan.grpc.v1.GetListMetadataRequest;
import dev.anaplan.grpc.v1.GetViewDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetViewInfoRequest;
import dev.anaplan.grpc.v1.GetViewsRequest;
import dev.anaplan.grpc.v1.ListItemInput;
import dev.anaplan.grpc.v1.ListItemsBatch;
import dev.anaplan.grpc.v1.ListItemsWriteHeader;
import dev.anaplan.grpc.v1.ListItemsWriteRequest;
import dev.anaplan.grpc.v1.LookupDimensionItemsRequest;
import dev.anaplan.grpc.v1.ModelScope;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.ReadLargeVolumeRequest;
import dev.anaplan.grpc.v1.SetCurrentFiscalYearRequest;
import dev.anaplan.grpc.v1.SetCurrentPeriodRequest;
import dev.anaplan.grpc.v1.SetVersionSwitchoverRequest;
import dev.anaplan.grpc.v1.WriteCellsHeader;
import dev.anaplan.grpc.v1.WriteCellsRequest;
import java.util.Arrays;
import java.util.List;

/**
 * The TransactionalService requests of one model scope, shared by {@link TransactionalClient} and
 * {@link TransactionalAsyncClient} so that both send exactly the same messages.
 */
final class TransactionalRequests {
  private final ModelScope scope;

  TransactionalRequests(ModelScope scope) {
    this.scope = scope;
  }

  /** The model scope every request carries (also the request of the scope-only RPCs). */
  ModelScope scope() {
    return scope;
  }

  GetViewsRequest views(long moduleId, boolean includeSubsidiaryViews) {
    return GetViewsRequest.newBuilder()
        .setScope(scope)
        .setModuleId(moduleId)
        .setIncludeSubsidiaryViews(includeSubsidiaryViews)
        .build();
  }

  GetViewInfoRequest viewInfo(long viewId) {
    return GetViewInfoRequest.newBuilder().setScope(scope).setViewId(viewId).build();
  }

  GetLineItemsRequest lineItems(long moduleId) {
    return GetLineItemsRequest.newBuilder().setScope(scope).setModuleId(moduleId).build();
  }

  GetLineItemDimensionsRequest lineItemDimensions(long lineItemId) {
    return GetLineItemDimensionsRequest.newBuilder()
        .setScope(scope)
        .setLineItemId(lineItemId)
        .build();
  }

  GetLineItemDimensionItemsRequest lineItemDimensionItems(long lineItemId, long dimensionId) {
    return GetLineItemDimensionItemsRequest.newBuilder()
        .setScope(scope)
        .setLineItemId(lineItemId)
        .setDimensionId(dimensionId)
        .build();
  }

  GetDimensionItemsRequest dimensionItems(long dimensionId) {
    return GetDimensionItemsRequest.newBuilder()
        .setScope(scope)
        .setDimensionId(dimensionId)
        .build();
  }

  LookupDimensionItemsRequest lookupDimensionItems(
      long dimensionId, List<String> codes, List<String> names) {
    return LookupDimensionItemsRequest.newBuilder()
        .setScope(scope)
        .setDimensionId(dimensionId)
        .addAllCodes(codes)
        .addAllNames(names)
        .build();
  }

  GetViewDimensionItemsRequest viewDimensionItems(long viewId, long dimensionId) {
    return GetViewDimensionItemsRequest.newBuilder()
        .setScope(scope)
        .setViewId(viewId)
        .setDimensionId(dimensionId)
        .build();
  }

  GetListMetadataRequest listMetadata(long listId) {
    return GetListMetadataRequest.newBuilder().setScope(scope).setListId(listId).build();
  }

  GetListItemsRequest listItems(long listId, boolean includeAll) {
    return GetListItemsRequest.newBuilder()
        .setScope(scope)
        .setListId(listId)
        .setIncludeAll(includeAll)
        .build();
  }

  ListItemsWriteRequest listItemsHeader(long listId) {
    return ListItemsWriteRequest.newBuilder()
        .setHeader(ListItemsWriteHeader.newBuilder().setScope(scope).setListId(listId))
        .build();
  }

  static ListItemsWriteRequest listItemsBatch(List<ListItemInput> items) {
    return ListItemsWriteRequest.newBuilder()
        .setBatch(ListItemsBatch.newBuilder().addAllItems(items))
        .build();
  }

  GetCellsRequest cells(long viewId, CellsOptions options, PageSelector... pages) {
    return GetCellsRequest.newBuilder()
        .setScope(scope)
        .setViewId(viewId)
        .addAllPages(Arrays.asList(pages))
        .setMaxRows(options.maxRows())
        .setRowsPerMessage(options.rowsPerMessage())
        .setExportType(options.exportType())
        .setModuleId(options.moduleId())
        .setEscaped(options.escaped())
        .build();
  }

  WriteCellsRequest cellsHeader(long moduleId) {
    return WriteCellsRequest.newBuilder()
        .setHeader(WriteCellsHeader.newBuilder().setScope(scope).setModuleId(moduleId))
        .build();
  }

  static WriteCellsRequest cellsBatch(List<CellWrite> cells) {
    return WriteCellsRequest.newBuilder()
        .setBatch(CellBatch.newBuilder().addAllCells(cells))
        .build();
  }

  /** {@code target} (from TransactionalClient.largeVolumeView or largeVolumeList) in this scope. */
  ReadLargeVolumeRequest largeVolume(ReadLargeVolumeRequest target) {
    return target.toBuilder().setScope(scope).build();
  }

  SetCurrentPeriodRequest currentPeriod(String date) {
    return SetCurrentPeriodRequest.newBuilder().setScope(scope).setDate(date).build();
  }

  SetCurrentFiscalYearRequest currentFiscalYear(String year) {
    return SetCurrentFiscalYearRequest.newBuilder().setScope(scope).setYear(year).build();
  }

  SetVersionSwitchoverRequest versionSwitchover(long versionId, String date) {
    return SetVersionSwitchoverRequest.newBuilder()
        .setScope(scope)
        .setVersionId(versionId)
        .setDate(date)
        .build();
  }
}
