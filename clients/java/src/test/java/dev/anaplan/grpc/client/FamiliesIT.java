package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.AlmTask;
import dev.anaplan.grpc.v1.AuditEvent;
import dev.anaplan.grpc.v1.AzureBlobConnection;
import dev.anaplan.grpc.v1.CellRow;
import dev.anaplan.grpc.v1.CellWrite;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.DimensionRef;
import dev.anaplan.grpc.v1.Flow;
import dev.anaplan.grpc.v1.FlowInput;
import dev.anaplan.grpc.v1.FlowStep;
import dev.anaplan.grpc.v1.FlowStepInput;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationJob;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.JobEndpoint;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ListItemInput;
import dev.anaplan.grpc.v1.ListItemsResult;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.Schedule;
import dev.anaplan.grpc.v1.ScimUser;
import dev.anaplan.grpc.v1.ScimUserInput;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.TenantUser;
import dev.anaplan.grpc.v1.Version;
import dev.anaplan.grpc.v1.ViewData;
import dev.anaplan.grpc.v1.WriteCellsResponse;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The family facades (transactional, ALM, audit, SCIM, CloudWorks) against the real service backed
 * by the emulator ({@link LiveServers}); each test starts from the seeded state.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FamiliesIT extends LiveServerTestBase {
  private static <T> List<T> drain(CloseableIterator<T> it) {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static CellWrite revenue(String region, String month, double value) {
    return CellWrite.newBuilder()
        .setLineItemName("Revenue")
        .addDimensions(DimensionRef.newBuilder().setDimensionName("Region").setItemName(region))
        .addDimensions(DimensionRef.newBuilder().setDimensionName("Month").setItemName(month))
        .setNumber(value)
        .build();
  }

  @Test
  void transactionalReadsWritesAndStreams() {
    TransactionalClient tx = client.transactional();
    assertEquals(
        List.of("Employees", "Region", "Month"),
        tx.getLists().stream().map(NamedObject::getName).toList());
    List<ListItem> employees = tx.getListItems(EMPLOYEES);
    assertEquals(10, employees.size());
    assertEquals("Alice Smith", employees.get(0).getName());

    ListItemsResult added =
        tx.insertListItems(
            REGION,
            List.of(
                ListItemInput.newBuilder().setName("Central").setCode("C").build(),
                ListItemInput.newBuilder().setName("North").setCode("N2").build()));
    assertEquals(1, added.getAdded());
    assertEquals(1, added.getIgnored());
    assertEquals(1, added.getFailures(0).getRequestIndex());
    // 2,500 items pulled lazily from an Iterable: three batch messages.
    Iterable<ListItemInput> many =
        () ->
            IntStream.range(0, 2500)
                .mapToObj(
                    i -> ListItemInput.newBuilder().setName(String.format("P%05d", i)).build())
                .iterator();
    assertEquals(2500, tx.insertListItems(EMPLOYEES, many).getAdded());
    List<String> region =
        drain(tx.streamListItems(REGION)).stream().map(ListItem::getName).toList();
    assertEquals(List.of("North", "South", "East", "West", "Central"), region);
    List<ListItem> streamed = drain(tx.streamListItems(EMPLOYEES));
    assertEquals(2510, streamed.size());
    assertEquals("P02499", streamed.get(2509).getName());

    WriteCellsResponse written =
        tx.writeCells(
            SALES_MODULE,
            List.of(revenue("West", "Feb 24", 4242.5), revenue("Nowhere", "Feb 24", 1)));
    assertEquals(1, written.getNumberOfCellsChanged());
    assertEquals("INVALID_DIMENSION_ITEM", written.getFailures(0).getFailureType());
    PageSelector feb = PageSelector.newBuilder().setDimensionId(MONTH).setItemId(FEB_24).build();
    ViewData data = tx.getCells(SALES_MODULE, feb);
    assertEquals(List.of("Feb 24"), data.getPagesList());
    List<CellRow> rows = drain(tx.streamCellRows(SALES_MODULE, feb));
    assertEquals(5, rows.size()); // the four regions and Central, added above
    assertEquals("West", rows.get(3).getRowCoordinates(0));
    assertEquals("4242.5", rows.get(3).getCells(0));

    assertThrows(AnaplanException.NotFound.class, () -> tx.getListMetadata(101999000000L));
    CloseableIterator<ListItem> missing = tx.streamListItems(101999000000L);
    assertThrows(AnaplanException.NotFound.class, () -> drain(missing));
  }

  /**
   * The flags are checked on the Anaplan calls the service made (the emulator's request log): the
   * emulator holds only default views, which Anaplan lists with or without includesubsidiaryviews,
   * and the Region list has no properties for includeAll to add (Python's e2e tests check that with
   * the Employees list); maxRows does change the answer.
   */
  @Test
  void transactionalReadFlagsReachAnaplan() {
    TransactionalClient tx = client.transactional();
    String views = "/views$";
    String items = "/lists/" + REGION + "/items$";
    live.control("DELETE", "/__emulator/requests", null);
    assertFalse(tx.getViews(0).isEmpty());
    assertLogged(views, "includesubsidiaryviews=true", true);
    tx.getViews(0, false);
    assertLogged(views, "includesubsidiaryviews=true", false);
    assertEquals(4, tx.getListItems(REGION).size());
    assertLogged(items, "includeAll=true", true);
    tx.getListItems(REGION, false);
    assertLogged(items, "includeAll=true", false);
    assertEquals(4, drain(tx.streamListItems(REGION)).size());
    assertLogged(items, "includeAll=true", true);
    assertEquals(4, drain(tx.streamListItems(REGION, false)).size());
    assertLogged(items, "includeAll=true", false);

    assertEquals(4, tx.getCells(SALES_MODULE).getRowsCount());
    CellsOptions two = CellsOptions.defaults().withMaxRows(2);
    assertEquals(2, tx.getCells(SALES_MODULE, two).getRowsCount());
    assertEquals(2, drain(tx.streamCellRows(SALES_MODULE, two.withRowsPerMessage(1))).size());
  }

  /**
   * The emulator logged requests since the last check on paths matching {@code path}, and each of
   * their queries has {@code param} or (present false) not; clears the log.
   */
  private static void assertLogged(String path, String param, boolean present) {
    String log = live.control("GET", "/__emulator/requests?path=" + path, null);
    live.control("DELETE", "/__emulator/requests", null);
    String[] entries = log.split("\"seq\"", -1);
    assertTrue(entries.length > 1, "no request to " + path + " logged");
    for (int i = 1; i < entries.length; i++) {
      assertEquals(present, entries[i].contains(param), entries[i]);
    }
  }

  @Test
  void transactionalDimensionsTimeAndCsv() {
    TransactionalClient tx = client.transactional();
    List<String> regions = List.of("North", "South", "East", "West");
    assertEquals(
        regions, tx.getDimensionItems(REGION).stream().map(NamedObject::getName).toList());
    List<NamedObject> streamed = drain(tx.streamDimensionItems(REGION));
    assertEquals(regions, streamed.stream().map(NamedObject::getName).toList());
    assertEquals(
        List.of("Actual", "Forecast"),
        tx.getVersions().stream().map(Version::getName).toList());
    assertEquals("2024-03-31", tx.getCurrentPeriod().getLastDay());

    PageSelector feb = PageSelector.newBuilder().setDimensionId(MONTH).setItemId(FEB_24).build();
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    long written = tx.getCellsCsv(SALES_MODULE, csv, feb);
    assertEquals(csv.size(), written);
    assertTrue(csv.toString(StandardCharsets.UTF_8).contains("West"), csv::toString);
    ByteArrayOutputStream tabular = new ByteArrayOutputStream();
    tx.getCellsCsv(
        SALES_MODULE,
        tabular,
        CellsOptions.defaults().withExportType("TABULAR_MULTI_COLUMN", SALES_MODULE));
    String[] lines = tabular.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("Region,Month,Revenue,Units", lines[0].strip());
    assertEquals(1 + 4 * 12, lines.length, "a row per region and month");
    assertThrows(AnaplanException.NotFound.class, () -> tx.getDimensionItems(101999000000L));
  }

  @Test
  void almRevisionsReportsAndWatchedSync() {
    AlmClient src = client.alm();
    assertTrue(src.getLatestRevision().isEmpty());
    Revision release = src.createRevision("Release 1", "first release");
    assertEquals(32, release.getId().length());
    assertEquals(
        List.of(release.getId()), src.getRevisions().stream().map(Revision::getId).toList());
    AlmClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).alm();
    Revision base = tgt.createRevision("Baseline", "");
    assertEquals(
        List.of(release.getId()),
        tgt.getSyncableRevisions(LiveServers.MODEL).stream().map(Revision::getId).toList());

    AlmTask report = tgt.createComparisonReport(release.getId(), LiveServers.MODEL, base.getId());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(tgt.getComparisonReport(report, out) > 0);
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("list:Employees\tCreated"), out::toString);
    SummaryReport summary =
        tgt.createComparisonSummary(release.getId(), LiveServers.MODEL, base.getId());
    assertEquals(3, summary.getLists().getCreated());

    AlmTask started = tgt.syncModels(release.getId(), LiveServers.MODEL, base.getId(), false);
    List<AlmTask> states = drain(tgt.watchSyncTask(started.getTaskId(), Duration.ofMillis(10)));
    AlmTask last = states.get(states.size() - 1);
    assertEquals("COMPLETE", last.getTaskState());
    assertTrue(last.getResult().getSuccessful());
    assertEquals(release.getId(), tgt.getLatestRevision().orElseThrow().getId());

    assertThrows(
        AnaplanException.InvalidArgument.class, () -> src.createRevision("Release 1 again", ""));
    assertThrows(AnaplanException.NotFound.class, () -> src.getSyncTask("A".repeat(32)));
  }

  @Test
  void almModelsForRevisionAfterASync() {
    Revision release = client.alm().createRevision("Release 1", "");
    AlmClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).alm();
    Revision base = tgt.createRevision("Baseline", "");
    AlmTask sync = tgt.syncModels(release.getId(), LiveServers.MODEL, base.getId(), true);
    assertTrue(sync.getResult().getSuccessful(), sync::toString);
    assertTrue(
        client.alm().getModelsForRevision(release.getId()).stream()
            .anyMatch(m -> m.getModelId().equals(SANDBOX_MODEL)),
        () -> client.alm().getModelsForRevision(release.getId()).toString());
  }

  @Test
  void auditUsersAndStreamedEvents() {
    AuditClient audit = client.audit();
    List<TenantUser> users = audit.getUsers();
    assertEquals(
        List.of("demo@example.com", "viewer@example.com"),
        users.stream().map(TenantUser::getEmail).toList());
    assertEquals(users.get(0).getId(), audit.getUser().getId());
    for (int i = 0; i < 35; i++) {
      String event = "{\"eventTypeId\":\"CMT-1\",\"message\":\"c" + i + "\"}";
      live.control("POST", "/__emulator/audit/events", event);
    }
    // Pages of 10: the stream spans four Anaplan pages. Reset keeps settings: restore it.
    live.control("PUT", "/__emulator/settings", "{\"max_page_size\": 10}");
    List<String> messages;
    try {
      messages =
          drain(audit.streamEvents(AuditClient.events("comment", 0))).stream()
              .map(AuditEvent::getMessage)
              .toList();
    } finally {
      live.control("PUT", "/__emulator/settings", "{\"max_page_size\": 5000}");
    }
    assertEquals(IntStream.range(0, 35).mapToObj(i -> "c" + i).toList(), messages);
    assertTrue(
        audit.getEvents().stream().anyMatch(e -> e.getEventTypeId().equals("USR-8")),
        "the service's login is audited");
    AnaplanException e =
        assertThrows(
            AnaplanException.InvalidArgument.class,
            () -> audit.getEvents(AuditClient.events("", 31)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
  }

  @Test
  void scimUsersAddedFoundAndStreamed() {
    ScimClient scim = client.scim();
    ScimUser ada =
        scim.addUser(
            ScimUserInput.newBuilder()
                .setUserName("ada@example.com")
                .setFamilyName("Lovelace")
                .setGivenName("Ada")
                .build());
    assertEquals("Ada Lovelace", ada.getDisplayName());
    assertEquals("ada@example.com", scim.getUser(ada.getId()).getUserName());
    for (int i = 0; i < 5; i++) {
      scim.addUser(
          ScimUserInput.newBuilder()
              .setUserName("u" + i + "@example.com")
              .setFamilyName("User")
              .setGivenName("N")
              .build());
    }
    List<String> streamed =
        drain(scim.streamUsers(null, 2)).stream().map(ScimUser::getUserName).toList();
    assertEquals(8, streamed.size());
    assertTrue(streamed.contains("u4@example.com"), streamed::toString);
    assertEquals(
        2,
        scim.getUsers(
                ScimClient.or(
                    ScimClient.eq("userName", "ada@example.com"),
                    ScimClient.eq("userName", "demo@example.com")))
            .size());
    assertThrows(AnaplanException.NotFound.class, () -> scim.getUser("f".repeat(32)));
  }

  @Test
  void scimDiscoveryDocuments() {
    ScimClient scim = client.scim();
    assertTrue(
        scim.getResourceTypes().stream()
            .anyMatch(t -> t.getFieldsOrThrow("name").getStringValue().equals("User")));
    assertFalse(scim.getResourceSchemas().isEmpty());
  }

  @Test
  void cloudWorksExportIntegrationRuns() {
    CloudWorksClient cw = client.cloudWorks();
    String conn = cw.createConnection(azure("azure conn"));
    assertEquals(conn, cw.getConnections().get(0).getConnectionId());
    String integration = cw.createIntegration(employeesExport("Employees to Azure", conn));
    String run = cw.runIntegration(integration);
    IntegrationRun status = cw.getRunStatus(run);
    assertTrue(status.getSuccess(), status::toString);
    assertEquals(
        List.of(run), cw.getRunHistory(integration).stream().map(IntegrationRun::getId).toList());
    assertTrue(cw.getRunError(run).isEmpty());
    assertEquals("Export", cw.getIntegration(integration).getIntegrationType());
    String object = "/__emulator/cloudworks/connections/" + conn + "/objects/out/employees.csv";
    String exported = live.control("GET", object, null);
    assertTrue(exported.contains("David Brown"), exported);

    AnaplanException inUse = assertThrows(AnaplanException.class, () -> cw.deleteConnection(conn));
    assertEquals(Status.Code.ABORTED, inUse.code());
    assertFalse(inUse.httpStatus().isEmpty());
    assertThrows(AnaplanException.NotFound.class, () -> cw.getIntegration("0".repeat(32)));
  }

  @Test
  void cloudWorksSchedulesAndFlows() {
    CloudWorksClient cw = client.cloudWorks();
    String conn = cw.createConnection(azure("azure conn"));
    String first = cw.createIntegration(employeesExport("first", conn));
    String second = cw.createIntegration(employeesExport("second", conn));

    Schedule daily =
        Schedule.newBuilder()
            .setName("nightly")
            .setType("daily")
            .setTimezone("Europe/London")
            .setTime("02:00")
            .setRepeatEvery(1)
            .setStartDate("2024-01-01")
            .setEndDate("2030-12-31")
            .build();
    cw.createSchedule(first, daily);
    assertEquals("nightly", cw.getIntegration(first).getSchedule().getName());
    cw.setScheduleStatus(first, false);
    assertEquals("Inactive", cw.getIntegration(first).getSchedule().getStatus());
    cw.deleteSchedule(first);
    assertFalse(cw.getIntegration(first).hasSchedule());

    String flow =
        cw.createFlow(
            FlowInput.newBuilder()
                .setName("both")
                .addSteps(FlowStepInput.newBuilder().setReferrer(first))
                .addSteps(FlowStepInput.newBuilder().setReferrer(second).addDependsOn(first))
                .build());
    assertEquals(
        List.of(first, second),
        cw.getFlow(flow).getStepsList().stream().map(FlowStep::getReferrer).toList());
    assertEquals(List.of("both"), cw.getFlows().stream().map(Flow::getName).toList());
    assertFalse(cw.runFlow(flow).isEmpty());
    cw.deleteFlow(flow);
    assertThrows(AnaplanException.NotFound.class, () -> cw.getFlow(flow));
  }

  private static ConnectionPayload azure(String name) {
    return ConnectionPayload.newBuilder()
        .setAzureBlob(
            AzureBlobConnection.newBuilder()
                .setName(name)
                .setStorageAccountName("acct")
                .setContainerName("box")
                .setSasToken("sv=1"))
        .build();
  }

  /** An integration exporting Employees to out/employees.csv on the connection. */
  private static IntegrationInput employeesExport(String name, String connectionId) {
    return IntegrationInput.newBuilder()
        .setName(name)
        .setWorkspaceId(LiveServers.WS)
        .setModelId(LiveServers.MODEL)
        .addJobs(
            IntegrationJob.newBuilder()
                .setType("AnaplanToAzureBlob")
                .addSources(JobEndpoint.newBuilder().setType("Anaplan").setActionId("116000000000"))
                .addTargets(
                    JobEndpoint.newBuilder()
                        .setType("AzureBlob")
                        .setConnectionId(connectionId)
                        .setFile("out/employees.csv")))
        .build();
  }
}
