package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.anaplan.grpc.v1.AlmServiceGrpc;
import dev.anaplan.grpc.v1.AlmTask;
import dev.anaplan.grpc.v1.AlmTaskResult;
import dev.anaplan.grpc.v1.CancelIntegrationRequest;
import dev.anaplan.grpc.v1.CellRow;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateFlowRequest;
import dev.anaplan.grpc.v1.CreateFlowResponse;
import dev.anaplan.grpc.v1.CreateNotificationConfigRequest;
import dev.anaplan.grpc.v1.CreateNotificationConfigResponse;
import dev.anaplan.grpc.v1.CurrentPeriod;
import dev.anaplan.grpc.v1.DataChunk;
import dev.anaplan.grpc.v1.DeleteFlowRequest;
import dev.anaplan.grpc.v1.DeleteNotificationConfigRequest;
import dev.anaplan.grpc.v1.DeleteScheduleRequest;
import dev.anaplan.grpc.v1.DimensionItemsResponse;
import dev.anaplan.grpc.v1.DimensionsResponse;
import dev.anaplan.grpc.v1.ErrorDump;
import dev.anaplan.grpc.v1.Flow;
import dev.anaplan.grpc.v1.FlowInput;
import dev.anaplan.grpc.v1.FlowStepInput;
import dev.anaplan.grpc.v1.GetAlmReportRequest;
import dev.anaplan.grpc.v1.GetAlmTaskRequest;
import dev.anaplan.grpc.v1.GetCellsRequest;
import dev.anaplan.grpc.v1.GetDashboardsResponse;
import dev.anaplan.grpc.v1.GetDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetFlowRequest;
import dev.anaplan.grpc.v1.GetFlowsRequest;
import dev.anaplan.grpc.v1.GetFlowsResponse;
import dev.anaplan.grpc.v1.GetLineItemDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetLineItemDimensionsRequest;
import dev.anaplan.grpc.v1.GetListItemsRequest;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetListMetadataRequest;
import dev.anaplan.grpc.v1.GetModelsForRevisionRequest;
import dev.anaplan.grpc.v1.GetModelsForRevisionResponse;
import dev.anaplan.grpc.v1.GetNotificationConfigRequest;
import dev.anaplan.grpc.v1.GetProcessErrorDumpRequest;
import dev.anaplan.grpc.v1.GetResourceSchemasRequest;
import dev.anaplan.grpc.v1.GetResourceTypesRequest;
import dev.anaplan.grpc.v1.GetVersionsResponse;
import dev.anaplan.grpc.v1.GetViewDimensionItemsRequest;
import dev.anaplan.grpc.v1.GetViewsRequest;
import dev.anaplan.grpc.v1.GetViewsResponse;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.LookupDimensionItemsRequest;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.ModelCalendar;
import dev.anaplan.grpc.v1.ModelRevision;
import dev.anaplan.grpc.v1.ModelScope;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.NotificationConfig;
import dev.anaplan.grpc.v1.NotificationInput;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.PatchConnectionRequest;
import dev.anaplan.grpc.v1.ReadLargeVolumeRequest;
import dev.anaplan.grpc.v1.ReadLargeVolumeResponse;
import dev.anaplan.grpc.v1.RunFlowRequest;
import dev.anaplan.grpc.v1.RunFlowResponse;
import dev.anaplan.grpc.v1.Schedule;
import dev.anaplan.grpc.v1.ScheduleRequest;
import dev.anaplan.grpc.v1.ScimResourceList;
import dev.anaplan.grpc.v1.ScimServiceGrpc;
import dev.anaplan.grpc.v1.SetCurrentFiscalYearRequest;
import dev.anaplan.grpc.v1.SetCurrentPeriodRequest;
import dev.anaplan.grpc.v1.SetScheduleStatusRequest;
import dev.anaplan.grpc.v1.SetVersionSwitchoverRequest;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import dev.anaplan.grpc.v1.UpdateConnectionRequest;
import dev.anaplan.grpc.v1.UpdateFlowRequest;
import dev.anaplan.grpc.v1.UpdateIntegrationRequest;
import dev.anaplan.grpc.v1.UpdateNotificationConfigRequest;
import dev.anaplan.grpc.v1.Version;
import dev.anaplan.grpc.v1.VersionSwitchover;
import dev.anaplan.grpc.v1.View;
import dev.anaplan.grpc.v1.ViewData;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The family facade methods beyond the common reads (checked in {@link FamilyAsyncClientsTest})
 * against {@link FakeFamilyServices}: each unary method, blocking and async, sends the expected
 * request and returns the expected result; the server streams send their request and yield or
 * write what the service streams.
 */
class FamilyFacadesTest extends InProcessTestBase {
  private static final ModelScope SCOPE =
      ModelScope.newBuilder().setWorkspaceId(WS).setModelId(MODEL).build();
  private static final NamedObject NORTH =
      NamedObject.newBuilder().setId(201).setName("North").setCode("N").build();
  private static final NamedObject SOUTH =
      NamedObject.newBuilder().setId(202).setName("South").build();
  private static final DimensionItemsResponse ITEMS =
      DimensionItemsResponse.newBuilder().addItems(NORTH).addItems(SOUTH).build();

  /**
   * The blocking call, then the async one: each sends exactly {@code request} to {@code method}
   * and both return {@code expected}.
   */
  private <T> void assertCall(
      MethodDescriptor<?, ?> method,
      Message request,
      T expected,
      Function<AnaplanClient, T> blocking,
      Function<AnaplanAsyncClient, CompletableFuture<T>> async)
      throws Exception {
    families.calls.clear();
    T fromBlocking = blocking.apply(client);
    T fromAsync = async.apply(client.async()).get(5, TimeUnit.SECONDS);
    FakeFamilyServices.Call call = new FakeFamilyServices.Call(method.getFullMethodName(), request);
    assertEquals(List.of(call, call), families.calls);
    for (Object actual : Arrays.asList(fromBlocking, fromAsync)) {
      if (expected instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) actual);
      } else {
        assertEquals(expected, actual);
      }
    }
  }

  /** {@link #assertCall} for methods without a result. */
  private void assertVoidCall(
      MethodDescriptor<?, ?> method,
      Message request,
      Consumer<AnaplanClient> blocking,
      Function<AnaplanAsyncClient, CompletableFuture<Void>> async)
      throws Exception {
    assertCall(
        method,
        request,
        null,
        c -> {
          blocking.accept(c);
          return null;
        },
        async);
  }

  /** The one request the last call sent, to {@code method}. */
  private void assertSent(MethodDescriptor<?, ?> method, Message request) {
    assertEquals(
        List.of(new FakeFamilyServices.Call(method.getFullMethodName(), request)), families.calls);
  }

  @Test
  void transactionalModelDimensionsAndDashboards() throws Exception {
    Model model = Model.newBuilder().setId(MODEL).setName("Demo").build();
    families.respond(TransactionalServiceGrpc.getGetModelDetailsMethod(), model);
    assertCall(
        TransactionalServiceGrpc.getGetModelDetailsMethod(),
        SCOPE,
        model,
        c -> c.transactional().getModelDetails(),
        a -> a.transactional().getModelDetails());
    assertVoidCall(
        TransactionalServiceGrpc.getWakeModelMethod(),
        SCOPE,
        c -> c.transactional().wakeModel(),
        a -> a.transactional().wakeModel());
    assertVoidCall(
        TransactionalServiceGrpc.getCloseModelMethod(),
        SCOPE,
        c -> c.transactional().closeModel(),
        a -> a.transactional().closeModel());

    families.respond(
        TransactionalServiceGrpc.getGetLineItemDimensionsMethod(),
        DimensionsResponse.newBuilder().addDimensions(NORTH).build());
    assertCall(
        TransactionalServiceGrpc.getGetLineItemDimensionsMethod(),
        GetLineItemDimensionsRequest.newBuilder().setScope(SCOPE).setLineItemId(55).build(),
        List.of(NORTH),
        c -> c.transactional().getLineItemDimensions(55),
        a -> a.transactional().getLineItemDimensions(55));
    families.respond(TransactionalServiceGrpc.getGetLineItemDimensionItemsMethod(), ITEMS);
    assertCall(
        TransactionalServiceGrpc.getGetLineItemDimensionItemsMethod(),
        GetLineItemDimensionItemsRequest.newBuilder()
            .setScope(SCOPE)
            .setLineItemId(55)
            .setDimensionId(66)
            .build(),
        List.of(NORTH, SOUTH),
        c -> c.transactional().getLineItemDimensionItems(55, 66),
        a -> a.transactional().getLineItemDimensionItems(55, 66));
    families.respond(TransactionalServiceGrpc.getGetDimensionItemsMethod(), ITEMS);
    assertCall(
        TransactionalServiceGrpc.getGetDimensionItemsMethod(),
        GetDimensionItemsRequest.newBuilder().setScope(SCOPE).setDimensionId(66).build(),
        List.of(NORTH, SOUTH),
        c -> c.transactional().getDimensionItems(66),
        a -> a.transactional().getDimensionItems(66));
    families.respond(TransactionalServiceGrpc.getLookupDimensionItemsMethod(), ITEMS);
    assertCall(
        TransactionalServiceGrpc.getLookupDimensionItemsMethod(),
        LookupDimensionItemsRequest.newBuilder()
            .setScope(SCOPE)
            .setDimensionId(66)
            .addCodes("N")
            .addNames("South")
            .build(),
        List.of(NORTH, SOUTH),
        c -> c.transactional().lookupDimensionItems(66, List.of("N"), List.of("South")),
        a -> a.transactional().lookupDimensionItems(66, List.of("N"), List.of("South")));
    families.respond(TransactionalServiceGrpc.getGetViewDimensionItemsMethod(), ITEMS);
    assertCall(
        TransactionalServiceGrpc.getGetViewDimensionItemsMethod(),
        GetViewDimensionItemsRequest.newBuilder()
            .setScope(SCOPE)
            .setViewId(7)
            .setDimensionId(66)
            .build(),
        List.of(NORTH, SOUTH),
        c -> c.transactional().getViewDimensionItems(7, 66),
        a -> a.transactional().getViewDimensionItems(7, 66));
    families.respond(
        TransactionalServiceGrpc.getGetDashboardsMethod(),
        GetDashboardsResponse.newBuilder().addDashboards(NORTH).build());
    assertCall(
        TransactionalServiceGrpc.getGetDashboardsMethod(),
        SCOPE,
        List.of(NORTH),
        c -> c.transactional().getDashboards(),
        a -> a.transactional().getDashboards());
    assertVoidCall(
        TransactionalServiceGrpc.getResetListIndexMethod(),
        GetListMetadataRequest.newBuilder().setScope(SCOPE).setListId(101).build(),
        c -> c.transactional().resetListIndex(101),
        a -> a.transactional().resetListIndex(101));
  }

  @Test
  void transactionalReadFlagsDefaultLikeAnaplanSdk() throws Exception {
    View view = View.newBuilder().setId(7).setName("Sales").setModuleId(102).build();
    families.respond(
        TransactionalServiceGrpc.getGetViewsMethod(),
        GetViewsResponse.newBuilder().addViews(view).build());
    GetViewsRequest views = GetViewsRequest.newBuilder().setScope(SCOPE).setModuleId(102).build();
    assertCall(
        TransactionalServiceGrpc.getGetViewsMethod(),
        views.toBuilder().setIncludeSubsidiaryViews(true).build(),
        List.of(view),
        c -> c.transactional().getViews(102),
        a -> a.transactional().getViews(102));
    assertCall(
        TransactionalServiceGrpc.getGetViewsMethod(),
        views,
        List.of(view),
        c -> c.transactional().getViews(102, false),
        a -> a.transactional().getViews(102, false));

    ListItem ann = ListItem.newBuilder().setId(1).setName("Ann").build();
    ListItem bob = ListItem.newBuilder().setId(2).setName("Bob").build();
    families.respond(
        TransactionalServiceGrpc.getGetListItemsMethod(),
        GetListItemsResponse.newBuilder().addItems(ann).addItems(bob).build());
    GetListItemsRequest items =
        GetListItemsRequest.newBuilder().setScope(SCOPE).setListId(101).build();
    GetListItemsRequest allItems = items.toBuilder().setIncludeAll(true).build();
    assertCall(
        TransactionalServiceGrpc.getGetListItemsMethod(),
        allItems,
        List.of(ann, bob),
        c -> c.transactional().getListItems(101),
        a -> a.transactional().getListItems(101));
    assertCall(
        TransactionalServiceGrpc.getGetListItemsMethod(),
        items,
        List.of(ann, bob),
        c -> c.transactional().getListItems(101, false),
        a -> a.transactional().getListItems(101, false));
    families.respondStream(
        TransactionalServiceGrpc.getStreamListItemsMethod(),
        List.of(
            GetListItemsResponse.newBuilder().addItems(ann).build(),
            GetListItemsResponse.newBuilder().addItems(bob).build()));
    for (boolean includeAll : new boolean[] {true, false}) {
      families.calls.clear();
      List<ListItem> streamed = new ArrayList<>();
      try (CloseableIterator<ListItem> it =
          includeAll
              ? client.transactional().streamListItems(101)
              : client.transactional().streamListItems(101, false)) {
        it.forEachRemaining(streamed::add);
      }
      assertEquals(List.of(ann, bob), streamed);
      assertSent(
          TransactionalServiceGrpc.getStreamListItemsMethod(), includeAll ? allItems : items);
    }

    PageSelector page = PageSelector.newBuilder().setDimensionId(1).setItemId(2).build();
    CellRow north = CellRow.newBuilder().addRowCoordinates("North").addCells("10").build();
    CellRow south = CellRow.newBuilder().addRowCoordinates("South").addCells("20").build();
    ViewData data = ViewData.newBuilder().addRows(north).addRows(south).build();
    families.respond(TransactionalServiceGrpc.getGetCellsMethod(), data);
    GetCellsRequest cells =
        GetCellsRequest.newBuilder().setScope(SCOPE).setViewId(7).addPages(page).build();
    assertCall(
        TransactionalServiceGrpc.getGetCellsMethod(),
        cells,
        data,
        c -> c.transactional().getCells(7, page),
        a -> a.transactional().getCells(7, page));
    CellsOptions capped = CellsOptions.defaults().withMaxRows(2);
    assertCall(
        TransactionalServiceGrpc.getGetCellsMethod(),
        cells.toBuilder().setMaxRows(2).build(),
        data,
        c -> c.transactional().getCells(7, capped, page),
        a -> a.transactional().getCells(7, capped, page));
    families.calls.clear();
    families.respondStream(
        TransactionalServiceGrpc.getStreamCellsMethod(),
        List.of(
            ViewData.newBuilder().addRows(north).build(),
            ViewData.newBuilder().addRows(south).build()));
    List<CellRow> rows = new ArrayList<>();
    try (CloseableIterator<CellRow> it =
        client.transactional().streamCellRows(7, capped.withRowsPerMessage(1), page)) {
      it.forEachRemaining(rows::add);
    }
    assertEquals(List.of(north, south), rows);
    assertSent(
        TransactionalServiceGrpc.getStreamCellsMethod(),
        cells.toBuilder().setMaxRows(2).setRowsPerMessage(1).build());
    families.calls.clear();
    families.respondStream(
        TransactionalServiceGrpc.getGetCellsCsvMethod(), List.of(chunk("Region\nNorth\n")));
    assertEquals(
        13, client.transactional().getCellsCsv(7, new ByteArrayOutputStream(), capped, page));
    assertSent(
        TransactionalServiceGrpc.getGetCellsCsvMethod(), cells.toBuilder().setMaxRows(2).build());
    families.calls.clear();
    families.respondStream(
        TransactionalServiceGrpc.getGetCellsCsvMethod(), List.of(chunk("Region\nNorth\n")));
    CellsOptions tabular =
        CellsOptions.defaults().withExportType("TABULAR_MULTI_COLUMN", 9).withEscaped(true);
    client.transactional().getCellsCsv(7, new ByteArrayOutputStream(), tabular, page);
    assertSent(
        TransactionalServiceGrpc.getGetCellsCsvMethod(),
        cells.toBuilder()
            .setExportType("TABULAR_MULTI_COLUMN")
            .setModuleId(9)
            .setEscaped(true)
            .build());
  }

  @Test
  void transactionalCalendarAndVersions() throws Exception {
    CurrentPeriod feb = CurrentPeriod.newBuilder().setPeriodText("Feb 24").build();
    ModelCalendar calendar =
        ModelCalendar.newBuilder().setCalendarType("Calendar Months").setCurrentPeriod(feb).build();
    Version actual = Version.newBuilder().setId(3).setName("Actual").setIsActual(true).build();
    VersionSwitchover switchover =
        VersionSwitchover.newBuilder().setId(3).setDate("2024-06-01").build();
    families.respond(TransactionalServiceGrpc.getGetCurrentPeriodMethod(), feb);
    families.respond(TransactionalServiceGrpc.getSetCurrentPeriodMethod(), feb);
    families.respond(TransactionalServiceGrpc.getGetModelCalendarMethod(), calendar);
    families.respond(TransactionalServiceGrpc.getSetCurrentFiscalYearMethod(), calendar);
    families.respond(
        TransactionalServiceGrpc.getGetVersionsMethod(),
        GetVersionsResponse.newBuilder().addVersions(actual).build());
    families.respond(TransactionalServiceGrpc.getSetVersionSwitchoverMethod(), switchover);

    assertCall(
        TransactionalServiceGrpc.getGetCurrentPeriodMethod(),
        SCOPE,
        feb,
        c -> c.transactional().getCurrentPeriod(),
        a -> a.transactional().getCurrentPeriod());
    assertCall(
        TransactionalServiceGrpc.getSetCurrentPeriodMethod(),
        SetCurrentPeriodRequest.newBuilder().setScope(SCOPE).setDate("2024-02-10").build(),
        feb,
        c -> c.transactional().setCurrentPeriod("2024-02-10"),
        a -> a.transactional().setCurrentPeriod("2024-02-10"));
    assertCall(
        TransactionalServiceGrpc.getGetModelCalendarMethod(),
        SCOPE,
        calendar,
        c -> c.transactional().getModelCalendar(),
        a -> a.transactional().getModelCalendar());
    assertCall(
        TransactionalServiceGrpc.getSetCurrentFiscalYearMethod(),
        SetCurrentFiscalYearRequest.newBuilder().setScope(SCOPE).setYear("FY24").build(),
        calendar,
        c -> c.transactional().setCurrentFiscalYear("FY24"),
        a -> a.transactional().setCurrentFiscalYear("FY24"));
    assertCall(
        TransactionalServiceGrpc.getGetVersionsMethod(),
        SCOPE,
        List.of(actual),
        c -> c.transactional().getVersions(),
        a -> a.transactional().getVersions());
    assertCall(
        TransactionalServiceGrpc.getSetVersionSwitchoverMethod(),
        SetVersionSwitchoverRequest.newBuilder()
            .setScope(SCOPE)
            .setVersionId(3)
            .setDate("2024-06-01")
            .build(),
        switchover,
        c -> c.transactional().setVersionSwitchover(3, "2024-06-01"),
        a -> a.transactional().setVersionSwitchover(3, "2024-06-01"));
  }

  @Test
  void transactionalStreams() {
    families.respondStream(
        TransactionalServiceGrpc.getStreamDimensionItemsMethod(),
        List.of(
            DimensionItemsResponse.newBuilder().addItems(NORTH).build(),
            DimensionItemsResponse.newBuilder().addItems(SOUTH).build()));
    List<NamedObject> items = new ArrayList<>();
    try (CloseableIterator<NamedObject> it = client.transactional().streamDimensionItems(66)) {
      it.forEachRemaining(items::add);
    }
    assertEquals(List.of(NORTH, SOUTH), items);
    assertSent(
        TransactionalServiceGrpc.getStreamDimensionItemsMethod(),
        GetDimensionItemsRequest.newBuilder().setScope(SCOPE).setDimensionId(66).build());

    families.calls.clear();
    families.respondStream(
        TransactionalServiceGrpc.getGetCellsCsvMethod(),
        List.of(chunk("Region,Revenue\n"), chunk("North,10\n")));
    PageSelector page = PageSelector.newBuilder().setDimensionId(1).setItemId(2).build();
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    assertEquals(24, client.transactional().getCellsCsv(7, csv, page));
    assertEquals("Region,Revenue\nNorth,10\n", csv.toString(StandardCharsets.UTF_8));
    assertSent(
        TransactionalServiceGrpc.getGetCellsCsvMethod(),
        GetCellsRequest.newBuilder().setScope(SCOPE).setViewId(7).addPages(page).build());

    families.calls.clear();
    families.respondStream(
        TransactionalServiceGrpc.getReadLargeVolumeMethod(),
        List.of(
            ReadLargeVolumeResponse.newBuilder()
                .setPage(0)
                .setData(ByteString.copyFromUtf8("a,b\n"))
                .build(),
            ReadLargeVolumeResponse.newBuilder()
                .setPage(1)
                .setData(ByteString.copyFromUtf8("1,2\n"))
                .setRequestState("COMPLETE")
                .build()));
    ByteArrayOutputStream pages = new ByteArrayOutputStream();
    assertEquals(
        8,
        client
            .transactional()
            .readLargeVolume(TransactionalClient.largeVolumeView(7, "GRID_ALL_PAGES"), pages));
    assertEquals("a,b\n1,2\n", pages.toString(StandardCharsets.UTF_8));
    assertSent(
        TransactionalServiceGrpc.getReadLargeVolumeMethod(),
        ReadLargeVolumeRequest.newBuilder()
            .setScope(SCOPE)
            .setViewId(7)
            .setExportType("GRID_ALL_PAGES")
            .build());
    families.calls.clear();
    client
        .transactional()
        .readLargeVolume(TransactionalClient.largeVolumeList(101), new ByteArrayOutputStream());
    assertSent(
        TransactionalServiceGrpc.getReadLargeVolumeMethod(),
        ReadLargeVolumeRequest.newBuilder().setScope(SCOPE).setListId(101).build());

    families.failure = Status.NOT_FOUND.asRuntimeException();
    assertThrows(
        AnaplanException.NotFound.class, () -> client.transactional().getDimensionItems(66));
  }

  private static DataChunk chunk(String text) {
    return DataChunk.newBuilder().setData(ByteString.copyFromUtf8(text)).build();
  }

  @Test
  void almRevisionModelsAndReportTasks() throws Exception {
    ModelRevision applied = ModelRevision.newBuilder().setModelId("M2").setModelName("B").build();
    families.respond(
        AlmServiceGrpc.getGetModelsForRevisionMethod(),
        GetModelsForRevisionResponse.newBuilder().addModels(applied).build());
    assertCall(
        AlmServiceGrpc.getGetModelsForRevisionMethod(),
        GetModelsForRevisionRequest.newBuilder().setModelId(MODEL).setRevisionId("R1").build(),
        List.of(applied),
        c -> c.alm().getModelsForRevision("R1"),
        a -> a.alm().getModelsForRevision("R1"));
    AlmTask done = AlmTask.newBuilder().setTaskId("T1").setTaskState("COMPLETE").build();
    families.respond(AlmServiceGrpc.getGetComparisonReportTaskMethod(), done);
    families.respond(AlmServiceGrpc.getGetComparisonSummaryTaskMethod(), done);
    GetAlmTaskRequest ref =
        GetAlmTaskRequest.newBuilder().setModelId(MODEL).setTaskId("T1").build();
    assertCall(
        AlmServiceGrpc.getGetComparisonReportTaskMethod(),
        ref,
        done,
        c -> c.alm().getComparisonReportTask("T1"),
        a -> a.alm().getComparisonReportTask("T1"));
    assertCall(
        AlmServiceGrpc.getGetComparisonSummaryTaskMethod(),
        ref,
        done,
        c -> c.alm().getComparisonSummaryTask("T1"),
        a -> a.alm().getComparisonSummaryTask("T1"));

    AlmTask summaryTask =
        AlmTask.newBuilder()
            .setResult(AlmTaskResult.newBuilder().setSourceRevisionId("S").setTargetRevisionId("T"))
            .build();
    SummaryReport summary = SummaryReport.newBuilder().setTargetRevisionId("T").build();
    families.respond(AlmServiceGrpc.getGetComparisonSummaryMethod(), summary);
    GetAlmReportRequest report =
        GetAlmReportRequest.newBuilder()
            .setModelId(MODEL)
            .setSourceRevisionId("S")
            .setTargetRevisionId("T")
            .build();
    assertCall(
        AlmServiceGrpc.getGetComparisonSummaryMethod(),
        report,
        summary,
        c -> c.alm().getComparisonSummary(summaryTask),
        a -> a.alm().getComparisonSummary(summaryTask));

    families.calls.clear();
    families.respondStream(
        AlmServiceGrpc.getGetComparisonReportMethod(), List.of(chunk("a\tb\n"), chunk("c\n")));
    ByteArrayOutputStream tsv = new ByteArrayOutputStream();
    assertEquals(6, client.alm().getComparisonReport(summaryTask, tsv));
    assertEquals("a\tb\nc\n", tsv.toString(StandardCharsets.UTF_8));
    assertSent(AlmServiceGrpc.getGetComparisonReportMethod(), report);
  }

  @Test
  void scimDiscoveryDocuments() throws Exception {
    Struct user =
        Struct.newBuilder()
            .putFields("name", Value.newBuilder().setStringValue("User").build())
            .build();
    ScimResourceList list = ScimResourceList.newBuilder().addResources(user).build();
    families.respond(ScimServiceGrpc.getGetResourceTypesMethod(), list);
    families.respond(ScimServiceGrpc.getGetResourceSchemasMethod(), list);
    assertCall(
        ScimServiceGrpc.getGetResourceTypesMethod(),
        GetResourceTypesRequest.getDefaultInstance(),
        List.of(user),
        c -> c.scim().getResourceTypes(),
        a -> a.scim().getResourceTypes());
    assertCall(
        ScimServiceGrpc.getGetResourceSchemasMethod(),
        GetResourceSchemasRequest.getDefaultInstance(),
        List.of(user),
        c -> c.scim().getResourceSchemas(),
        a -> a.scim().getResourceSchemas());
  }

  @Test
  void cloudWorksConnectionsIntegrationsAndSchedules() throws Exception {
    ConnectionPayload conn = ConnectionPayload.getDefaultInstance();
    IntegrationInput integration = IntegrationInput.newBuilder().setName("nightly").build();
    Schedule daily = Schedule.newBuilder().setType("daily").setTime("06:00").build();
    assertVoidCall(
        CloudWorksServiceGrpc.getUpdateConnectionMethod(),
        UpdateConnectionRequest.newBuilder().setConnectionId("C1").setConnection(conn).build(),
        c -> c.cloudWorks().updateConnection("C1", conn),
        a -> a.cloudWorks().updateConnection("C1", conn));
    assertVoidCall(
        CloudWorksServiceGrpc.getPatchConnectionMethod(),
        PatchConnectionRequest.newBuilder().setConnectionId("C1").setConnection(conn).build(),
        c -> c.cloudWorks().patchConnection("C1", conn),
        a -> a.cloudWorks().patchConnection("C1", conn));
    assertVoidCall(
        CloudWorksServiceGrpc.getUpdateIntegrationMethod(),
        UpdateIntegrationRequest.newBuilder()
            .setIntegrationId("I1")
            .setIntegration(integration)
            .build(),
        c -> c.cloudWorks().updateIntegration("I1", integration),
        a -> a.cloudWorks().updateIntegration("I1", integration));
    assertVoidCall(
        CloudWorksServiceGrpc.getCancelIntegrationMethod(),
        CancelIntegrationRequest.newBuilder().setIntegrationId("I1").build(),
        c -> c.cloudWorks().cancelIntegration("I1"),
        a -> a.cloudWorks().cancelIntegration("I1"));
    ScheduleRequest schedule =
        ScheduleRequest.newBuilder().setIntegrationId("I1").setSchedule(daily).build();
    assertVoidCall(
        CloudWorksServiceGrpc.getCreateScheduleMethod(),
        schedule,
        c -> c.cloudWorks().createSchedule("I1", daily),
        a -> a.cloudWorks().createSchedule("I1", daily));
    assertVoidCall(
        CloudWorksServiceGrpc.getUpdateScheduleMethod(),
        schedule,
        c -> c.cloudWorks().updateSchedule("I1", daily),
        a -> a.cloudWorks().updateSchedule("I1", daily));
    assertVoidCall(
        CloudWorksServiceGrpc.getSetScheduleStatusMethod(),
        SetScheduleStatusRequest.newBuilder().setIntegrationId("I1").setStatus("disabled").build(),
        c -> c.cloudWorks().setScheduleStatus("I1", false),
        a -> a.cloudWorks().setScheduleStatus("I1", false));
    assertVoidCall(
        CloudWorksServiceGrpc.getSetScheduleStatusMethod(),
        SetScheduleStatusRequest.newBuilder().setIntegrationId("I1").setStatus("enabled").build(),
        c -> c.cloudWorks().setScheduleStatus("I1", true),
        a -> a.cloudWorks().setScheduleStatus("I1", true));
    assertVoidCall(
        CloudWorksServiceGrpc.getDeleteScheduleMethod(),
        DeleteScheduleRequest.newBuilder().setIntegrationId("I1").build(),
        c -> c.cloudWorks().deleteSchedule("I1"),
        a -> a.cloudWorks().deleteSchedule("I1"));

    byte[] dump = "row,error\n".getBytes(StandardCharsets.UTF_8);
    families.respond(
        CloudWorksServiceGrpc.getGetProcessErrorDumpMethod(),
        ErrorDump.newBuilder().setContent(ByteString.copyFrom(dump)).build());
    assertCall(
        CloudWorksServiceGrpc.getGetProcessErrorDumpMethod(),
        GetProcessErrorDumpRequest.newBuilder().setRunId("R1").setActionId("112").build(),
        dump,
        c -> c.cloudWorks().getProcessErrorDump("R1", "112"),
        a -> a.cloudWorks().getProcessErrorDump("R1", "112"));
  }

  @Test
  void cloudWorksNotifications() throws Exception {
    NotificationConfig config =
        NotificationConfig.newBuilder().setNotificationId("N1").addChannels("email").build();
    NotificationInput input =
        NotificationInput.newBuilder().addIntegrationIds("I1").addChannels("email").build();
    families.respond(CloudWorksServiceGrpc.getGetNotificationConfigMethod(), config);
    families.respond(
        CloudWorksServiceGrpc.getCreateNotificationConfigMethod(),
        CreateNotificationConfigResponse.newBuilder().setNotificationId("N1").build());
    assertCall(
        CloudWorksServiceGrpc.getGetNotificationConfigMethod(),
        GetNotificationConfigRequest.newBuilder().setNotificationId("N1").build(),
        config,
        c -> c.cloudWorks().getNotificationConfig("N1"),
        a -> a.cloudWorks().getNotificationConfig("N1"));
    assertCall(
        CloudWorksServiceGrpc.getGetNotificationConfigMethod(),
        GetNotificationConfigRequest.newBuilder().setIntegrationId("I1").build(),
        config,
        c -> c.cloudWorks().getIntegrationNotificationConfig("I1"),
        a -> a.cloudWorks().getIntegrationNotificationConfig("I1"));
    assertCall(
        CloudWorksServiceGrpc.getCreateNotificationConfigMethod(),
        CreateNotificationConfigRequest.newBuilder().setConfig(input).build(),
        "N1",
        c -> c.cloudWorks().createNotificationConfig(input),
        a -> a.cloudWorks().createNotificationConfig(input));
    assertVoidCall(
        CloudWorksServiceGrpc.getUpdateNotificationConfigMethod(),
        UpdateNotificationConfigRequest.newBuilder()
            .setNotificationId("N1")
            .setConfig(input)
            .build(),
        c -> c.cloudWorks().updateNotificationConfig("N1", input),
        a -> a.cloudWorks().updateNotificationConfig("N1", input));
    assertVoidCall(
        CloudWorksServiceGrpc.getDeleteNotificationConfigMethod(),
        DeleteNotificationConfigRequest.newBuilder().setNotificationId("N1").build(),
        c -> c.cloudWorks().deleteNotificationConfig("N1"),
        a -> a.cloudWorks().deleteNotificationConfig("N1"));
    assertVoidCall(
        CloudWorksServiceGrpc.getDeleteNotificationConfigMethod(),
        DeleteNotificationConfigRequest.newBuilder().setIntegrationId("I1").build(),
        c -> c.cloudWorks().deleteIntegrationNotificationConfig("I1"),
        a -> a.cloudWorks().deleteIntegrationNotificationConfig("I1"));
  }

  @Test
  void cloudWorksFlows() throws Exception {
    Flow flow = Flow.newBuilder().setId("F1").setName("chain").build();
    FlowInput input =
        FlowInput.newBuilder()
            .setName("chain")
            .addSteps(FlowStepInput.newBuilder().setReferrer("I1"))
            .addSteps(FlowStepInput.newBuilder().setReferrer("I2").addDependsOn("I1"))
            .build();
    families.respond(
        CloudWorksServiceGrpc.getGetFlowsMethod(),
        GetFlowsResponse.newBuilder().addFlows(flow).build());
    families.respond(CloudWorksServiceGrpc.getGetFlowMethod(), flow);
    families.respond(
        CloudWorksServiceGrpc.getCreateFlowMethod(),
        CreateFlowResponse.newBuilder().setFlowId("F1").build());
    families.respond(
        CloudWorksServiceGrpc.getRunFlowMethod(),
        RunFlowResponse.newBuilder().setRunId("FR1").build());
    assertCall(
        CloudWorksServiceGrpc.getGetFlowsMethod(),
        GetFlowsRequest.getDefaultInstance(),
        List.of(flow),
        c -> c.cloudWorks().getFlows(),
        a -> a.cloudWorks().getFlows());
    assertCall(
        CloudWorksServiceGrpc.getGetFlowsMethod(),
        GetFlowsRequest.newBuilder().setCurrentUserOnly(true).build(),
        List.of(flow),
        c -> c.cloudWorks().getFlows(true),
        a -> a.cloudWorks().getFlows(true));
    assertCall(
        CloudWorksServiceGrpc.getGetFlowMethod(),
        GetFlowRequest.newBuilder().setFlowId("F1").build(),
        flow,
        c -> c.cloudWorks().getFlow("F1"),
        a -> a.cloudWorks().getFlow("F1"));
    assertCall(
        CloudWorksServiceGrpc.getCreateFlowMethod(),
        CreateFlowRequest.newBuilder().setFlow(input).build(),
        "F1",
        c -> c.cloudWorks().createFlow(input),
        a -> a.cloudWorks().createFlow(input));
    assertVoidCall(
        CloudWorksServiceGrpc.getUpdateFlowMethod(),
        UpdateFlowRequest.newBuilder().setFlowId("F1").setFlow(input).build(),
        c -> c.cloudWorks().updateFlow("F1", input),
        a -> a.cloudWorks().updateFlow("F1", input));
    assertVoidCall(
        CloudWorksServiceGrpc.getDeleteFlowMethod(),
        DeleteFlowRequest.newBuilder().setFlowId("F1").build(),
        c -> c.cloudWorks().deleteFlow("F1"),
        a -> a.cloudWorks().deleteFlow("F1"));
    assertCall(
        CloudWorksServiceGrpc.getRunFlowMethod(),
        RunFlowRequest.newBuilder().setFlowId("F1").build(),
        "FR1",
        c -> c.cloudWorks().runFlow("F1"),
        a -> a.cloudWorks().runFlow("F1"));
    assertCall(
        CloudWorksServiceGrpc.getRunFlowMethod(),
        RunFlowRequest.newBuilder().setFlowId("F1").addOnlySteps("I2").build(),
        "FR1",
        c -> c.cloudWorks().runFlow("F1", "I2"),
        a -> a.cloudWorks().runFlow("F1", "I2"));
  }
}
