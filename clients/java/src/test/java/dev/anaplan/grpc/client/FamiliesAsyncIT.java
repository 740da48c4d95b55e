package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import dev.anaplan.grpc.v1.AzureBlobConnection;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.Integration;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationJob;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.JobEndpoint;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.NamedObject;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.ScimUser;
import dev.anaplan.grpc.v1.ScimUserInput;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.TenantUser;
import dev.anaplan.grpc.v1.Version;
import dev.anaplan.grpc.v1.ViewData;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The async family facades ({@link AnaplanAsyncClient#transactional()} and the others) against the
 * real service backed by the emulator ({@link LiveServers}): real data per family, a failure per
 * family with its precise code, and cancellation reaching the service.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FamiliesAsyncIT extends LiveServerTestBase {
  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  /** The future fails with {@code type} and {@code code}; returns the exception. */
  private static <E extends AnaplanException> E assertFails(
      Class<E> type, Status.Code code, CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
    E cause = assertInstanceOf(type, e.getCause());
    assertEquals(code, cause.code(), cause::toString);
    return cause;
  }

  @Test
  void transactionalReadsAndNotFound() throws Exception {
    TransactionalAsyncClient tx = client.async().transactional();
    // Started together, awaited together.
    CompletableFuture<List<NamedObject>> lists = tx.getLists();
    CompletableFuture<List<ListItem>> employees = tx.getListItems(EMPLOYEES);
    PageSelector feb = PageSelector.newBuilder().setDimensionId(MONTH).setItemId(FEB_24).build();
    CompletableFuture<ViewData> cells = tx.getCells(SALES_MODULE, feb);
    assertEquals(
        List.of("Employees", "Region", "Month"),
        await(lists).stream().map(NamedObject::getName).toList());
    assertEquals(10, await(employees).size());
    assertEquals("Alice Smith", await(employees).get(0).getName());
    assertEquals(List.of("Feb 24"), await(cells).getPagesList());
    assertEquals(4, await(cells).getRowsCount());

    assertFails(
        AnaplanException.NotFound.class, Status.Code.NOT_FOUND, tx.getListMetadata(101999000000L));
  }

  @Test
  void almRevisionsSummaryAndNotFound() throws Exception {
    AlmAsyncClient src = client.async().alm();
    assertTrue(await(src.getLatestRevision()).isEmpty());
    Revision release = await(src.createRevision("Release 1", "first release"));
    assertEquals(32, release.getId().length());
    assertEquals(release, await(src.getLatestRevision()).orElseThrow());
    AlmAsyncClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).async().alm();
    Revision base = await(tgt.createRevision("Baseline", ""));
    assertEquals(
        List.of(release.getId()),
        await(tgt.getSyncableRevisions(LiveServers.MODEL)).stream().map(Revision::getId).toList());
    // Two calls behind one future: the summary task, then its report.
    SummaryReport summary =
        await(tgt.createComparisonSummary(release.getId(), LiveServers.MODEL, base.getId()));
    assertEquals(3, summary.getLists().getCreated());

    assertFails(
        AnaplanException.NotFound.class, Status.Code.NOT_FOUND, src.getSyncTask("A".repeat(32)));
    assertFails(
        AnaplanException.InvalidArgument.class,
        Status.Code.INVALID_ARGUMENT,
        src.createRevision("Release 1 again", ""));
  }

  @Test
  void auditUsersAndInvalidWindow() throws Exception {
    AuditAsyncClient audit = client.async().audit();
    List<TenantUser> users = await(audit.getUsers());
    assertEquals(
        List.of("demo@example.com", "viewer@example.com"),
        users.stream().map(TenantUser::getEmail).toList());
    assertEquals(users.get(0).getId(), await(audit.getUser()).getId());
    assertTrue(
        await(audit.getEvents()).stream().anyMatch(e -> e.getEventTypeId().equals("USR-8")),
        "the service's login is audited");

    assertFails(
        AnaplanException.InvalidArgument.class,
        Status.Code.INVALID_ARGUMENT,
        audit.getEvents(AuditClient.events("", 31)));
  }

  @Test
  void scimUsersAndNotFound() throws Exception {
    ScimAsyncClient scim = client.async().scim();
    ScimUser ada =
        await(
            scim.addUser(
                ScimUserInput.newBuilder()
                    .setUserName("ada@example.com")
                    .setFamilyName("Lovelace")
                    .setGivenName("Ada")
                    .build()));
    assertEquals("Ada Lovelace", ada.getDisplayName());
    assertEquals("ada@example.com", await(scim.getUser(ada.getId())).getUserName());
    assertEquals(
        List.of("ada@example.com"),
        await(scim.getUsers(ScimClient.eq("userName", "ada@example.com"))).stream()
            .map(ScimUser::getUserName)
            .toList());

    assertFails(
        AnaplanException.NotFound.class, Status.Code.NOT_FOUND, scim.getUser("f".repeat(32)));
  }

  @Test
  void cloudWorksRunAndNotFound() throws Exception {
    CloudWorksAsyncClient cw = client.async().cloudWorks();
    String conn =
        await(
            cw.createConnection(
                ConnectionPayload.newBuilder()
                    .setAzureBlob(
                        AzureBlobConnection.newBuilder()
                            .setName("azure conn")
                            .setStorageAccountName("acct")
                            .setContainerName("box")
                            .setSasToken("sv=1"))
                    .build()));
    assertEquals(conn, await(cw.getConnections()).get(0).getConnectionId());
    String integration =
        await(
            cw.createIntegration(
                IntegrationInput.newBuilder()
                    .setName("Employees to Azure")
                    .setWorkspaceId(LiveServers.WS)
                    .setModelId(LiveServers.MODEL)
                    .addJobs(
                        IntegrationJob.newBuilder()
                            .setType("AnaplanToAzureBlob")
                            .addSources(
                                JobEndpoint.newBuilder()
                                    .setType("Anaplan")
                                    .setActionId("116000000000"))
                            .addTargets(
                                JobEndpoint.newBuilder()
                                    .setType("AzureBlob")
                                    .setConnectionId(conn)
                                    .setFile("out/employees.csv")))
                    .build()));
    Integration fetched = await(cw.getIntegration(integration));
    assertEquals("Export", fetched.getIntegrationType());
    String run = await(cw.runIntegration(integration));
    IntegrationRun status = await(cw.getRunStatus(run));
    assertTrue(status.getSuccess(), status::toString);
    String object = "/__emulator/cloudworks/connections/" + conn + "/objects/out/employees.csv";
    assertTrue(live.control("GET", object, null).contains("David Brown"));

    assertFails(
        AnaplanException.NotFound.class,
        Status.Code.NOT_FOUND,
        cw.getIntegration("0".repeat(32)));
    AnaplanException inUse =
        assertFails(AnaplanException.class, Status.Code.ABORTED, cw.deleteConnection(conn));
    assertTrue(inUse.httpStatus().isPresent(), inUse::toString);
  }

  @Test
  void beyondTheCommonReads() throws Exception {
    AnaplanAsyncClient async = client.async();
    CompletableFuture<List<Version>> versions = async.transactional().getVersions();
    CompletableFuture<List<NamedObject>> regions =
        async.transactional().getDimensionItems(REGION);
    CompletableFuture<List<Struct>> types = async.scim().getResourceTypes();
    assertEquals(
        List.of("Actual", "Forecast"), await(versions).stream().map(Version::getName).toList());
    assertEquals(
        List.of("North", "South", "East", "West"),
        await(regions).stream().map(NamedObject::getName).toList());
    assertTrue(
        await(types).stream()
            .anyMatch(t -> t.getFieldsOrThrow("name").getStringValue().equals("User")));

    Revision[] revisions = sourceAndTargetRevisions();
    AlmAsyncClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).async().alm();
    await(tgt.syncModels(revisions[0].getId(), LiveServers.MODEL, revisions[1].getId(), true));
    assertTrue(
        await(async.alm().getModelsForRevision(revisions[0].getId())).stream()
            .anyMatch(m -> m.getModelId().equals(SANDBOX_MODEL)));
    assertFails(
        AnaplanException.NotFound.class,
        Status.Code.NOT_FOUND,
        async.cloudWorks().getFlow("0".repeat(32)));
    assertEquals(List.of(), await(async.cloudWorks().getFlows()));
  }

  @Test
  void cancellingAWaitingReportStopsTheServicePolling() throws Exception {
    Revision[] revisions = sourceAndTargetRevisions();
    AlmAsyncClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).async().alm();
    assertPollingStopsOnCancel(
        "/alm/comparisonReportTasks/",
        () ->
            tgt.createComparisonReport(
                revisions[0].getId(), LiveServers.MODEL, revisions[1].getId()));
  }

  @Test
  void cancellingATwoCallFutureStopsTheFirstCallAndSkipsTheSecond() throws Exception {
    Revision[] revisions = sourceAndTargetRevisions();
    AlmAsyncClient tgt = client.withModel(LiveServers.WS, SANDBOX_MODEL).async().alm();
    assertPollingStopsOnCancel(
        "/alm/summaryReportTasks/",
        () ->
            tgt.createComparisonSummary(
                revisions[0].getId(), LiveServers.MODEL, revisions[1].getId()));
    assertEquals(0, requests("/alm/summaryReports/"), "the summary was fetched after the cancel");
  }

  /** A release on the demo model and a baseline on the sandbox, for comparisons. */
  private Revision[] sourceAndTargetRevisions() throws Exception {
    Revision release = await(client.async().alm().createRevision("Release 1", ""));
    AlmAsyncClient sandbox = client.withModel(LiveServers.WS, SANDBOX_MODEL).async().alm();
    Revision base = await(sandbox.createRevision("Baseline", ""));
    return new Revision[] {release, base};
  }

  /**
   * Keeps ALM tasks in progress, starts the call, waits until the service polls the task (paths
   * matching {@code pollPath}), cancels the future, and checks that the polls stop.
   */
  private void assertPollingStopsOnCancel(String pollPath, Supplier<CompletableFuture<?>> start)
      throws Exception {
    long previous =
        LiveServers.jsonLong(
            live.control("GET", "/__emulator/settings", null), "task_polls_in_progress");
    live.control("PUT", "/__emulator/settings", "{\"task_polls_in_progress\": 1000000}");
    try {
      CompletableFuture<?> f = start.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (requests(pollPath) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(requests(pollPath) >= 2, "the service never polled " + pollPath);
      assertTrue(f.cancel(true));
      assertTrue(f.isCancelled());
      // Let a poll in flight at the cancel land, then the count must stay put.
      Thread.sleep(1000);
      long polls = requests(pollPath);
      Thread.sleep(1000);
      assertEquals(polls, requests(pollPath), "the service kept polling after the cancel");
    } finally {
      live.control(
          "PUT", "/__emulator/settings", "{\"task_polls_in_progress\": " + previous + "}");
    }
    // The service is still there for the next call.
    assertTrue(live.alive());
    assertEquals(2, await(client.async().audit().getUsers()).size());
  }

  /** How many requests the emulator logged on paths matching {@code path}. */
  private static long requests(String path) {
    String log = live.control("GET", "/__emulator/requests?path=" + path, null);
    return log.split("\"seq\"", -1).length - 1L;
  }
}
