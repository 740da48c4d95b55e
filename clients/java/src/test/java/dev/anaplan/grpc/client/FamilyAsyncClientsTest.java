package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.anaplan.grpc.v1.AlmServiceGrpc;
import dev.anaplan.grpc.v1.AlmTask;
import dev.anaplan.grpc.v1.AlmTaskRequest;
import dev.anaplan.grpc.v1.AlmTaskResult;
import dev.anaplan.grpc.v1.AuditServiceGrpc;
import dev.anaplan.grpc.v1.ChangeCounts;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateConnectionResponse;
import dev.anaplan.grpc.v1.ErrorDump;
import dev.anaplan.grpc.v1.GetAlmReportRequest;
import dev.anaplan.grpc.v1.GetIntegrationsRequest;
import dev.anaplan.grpc.v1.GetLatestRevisionResponse;
import dev.anaplan.grpc.v1.GetListItemsResponse;
import dev.anaplan.grpc.v1.GetScimUsersResponse;
import dev.anaplan.grpc.v1.GetViewsRequest;
import dev.anaplan.grpc.v1.GetViewsResponse;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.ListItem;
import dev.anaplan.grpc.v1.ModelScope;
import dev.anaplan.grpc.v1.PageSelector;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.RevisionList;
import dev.anaplan.grpc.v1.ScimPatchOperation;
import dev.anaplan.grpc.v1.ScimServiceGrpc;
import dev.anaplan.grpc.v1.ScimUser;
import dev.anaplan.grpc.v1.ScimUserInput;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.TenantUser;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import dev.anaplan.grpc.v1.View;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The async family facades against {@link FakeFamilyServices}: each method sends the request its
 * blocking twin sends and completes with the same result; failures, cancellation, deadline and
 * credentials behave as in {@link AnaplanAsyncClient}.
 */
class FamilyAsyncClientsTest extends InProcessTestBase {
  private static final ScimUserInput ADA =
      ScimUserInput.newBuilder().setUserName("ada@example.com").setGivenName("Ada").build();

  /** Runs the blocking call, then the async one; both must send the same calls, get the same. */
  private <T> void assertMirrors(
      Function<AnaplanClient, T> blocking,
      Function<AnaplanAsyncClient, CompletableFuture<T>> async,
      MethodDescriptor<?, ?>... methods)
      throws Exception {
    families.calls.clear();
    T expected = blocking.apply(client);
    List<FakeFamilyServices.Call> blockingCalls = List.copyOf(families.calls);
    families.calls.clear();
    T actual = async.apply(client.async()).get(5, TimeUnit.SECONDS);
    assertEquals(
        Arrays.stream(methods).map(MethodDescriptor::getFullMethodName).toList(),
        blockingCalls.stream().map(FakeFamilyServices.Call::method).toList());
    assertEquals(blockingCalls, families.calls);
    if (expected instanceof byte[] bytes) {
      assertArrayEquals(bytes, (byte[]) actual);
    } else {
      assertEquals(expected, actual);
    }
  }

  @Test
  void transactionalMirrorsTheBlockingFacade() throws Exception {
    families.respond(
        TransactionalServiceGrpc.getGetViewsMethod(),
        GetViewsResponse.newBuilder().addViews(View.newBuilder().setId(7).setName("V")).build());
    families.respond(
        TransactionalServiceGrpc.getGetListItemsMethod(),
        GetListItemsResponse.newBuilder().addItems(ListItem.newBuilder().setName("Ann")).build());
    PageSelector page = PageSelector.newBuilder().setDimensionId(1).setItemId(2).build();
    assertMirrors(
        c -> c.transactional().getModelStatus(),
        a -> a.transactional().getModelStatus(),
        TransactionalServiceGrpc.getGetModelStatusMethod());
    assertEquals(
        ModelScope.newBuilder().setWorkspaceId(WS).setModelId(MODEL).build(),
        families.calls.get(0).request());
    assertMirrors(
        c -> c.transactional().getModules(),
        a -> a.transactional().getModules(),
        TransactionalServiceGrpc.getGetModulesMethod());
    assertMirrors(
        c -> c.transactional().getViews(102),
        a -> a.transactional().getViews(102),
        TransactionalServiceGrpc.getGetViewsMethod());
    GetViewsRequest views = (GetViewsRequest) families.calls.get(0).request();
    assertEquals(MODEL, views.getScope().getModelId());
    assertEquals(102, views.getModuleId());
    assertMirrors(
        c -> c.transactional().getViewInfo(7),
        a -> a.transactional().getViewInfo(7),
        TransactionalServiceGrpc.getGetViewInfoMethod());
    assertMirrors(
        c -> c.transactional().getLineItems(102),
        a -> a.transactional().getLineItems(102),
        TransactionalServiceGrpc.getGetLineItemsMethod());
    assertMirrors(
        c -> c.transactional().getLists(),
        a -> a.transactional().getLists(),
        TransactionalServiceGrpc.getGetListsMethod());
    assertMirrors(
        c -> c.transactional().getListMetadata(101),
        a -> a.transactional().getListMetadata(101),
        TransactionalServiceGrpc.getGetListMetadataMethod());
    assertMirrors(
        c -> c.transactional().getListItems(101),
        a -> a.transactional().getListItems(101),
        TransactionalServiceGrpc.getGetListItemsMethod());
    assertEquals(
        List.of("Ann"),
        client.async().transactional().getListItems(101).get(5, TimeUnit.SECONDS).stream()
            .map(ListItem::getName)
            .toList());
    assertMirrors(
        c -> c.transactional().getCells(7, page),
        a -> a.transactional().getCells(7, page),
        TransactionalServiceGrpc.getGetCellsMethod());
  }

  @Test
  void almMirrorsTheBlockingFacade() throws Exception {
    Revision r1 = Revision.newBuilder().setId("R1").setName("Release 1").build();
    families.respond(
        AlmServiceGrpc.getGetRevisionsMethod(), RevisionList.newBuilder().addRevisions(r1).build());
    families.respond(
        AlmServiceGrpc.getGetLatestRevisionMethod(),
        GetLatestRevisionResponse.newBuilder().setRevision(r1).build());
    families.respond(
        AlmServiceGrpc.getCreateComparisonSummaryMethod(),
        AlmTask.newBuilder()
            .setTaskId("T9")
            .setResult(AlmTaskResult.newBuilder().setSourceRevisionId("S").setTargetRevisionId("T"))
            .build());
    SummaryReport summary =
        SummaryReport.newBuilder().setLists(ChangeCounts.newBuilder().setCreated(3)).build();
    families.respond(AlmServiceGrpc.getGetComparisonSummaryMethod(), summary);

    assertMirrors(
        c -> {
          c.alm().changeModelStatus(false);
          return null;
        },
        a -> a.alm().changeModelStatus(false),
        AlmServiceGrpc.getChangeModelStatusMethod());
    assertMirrors(
        c -> c.alm().getRevisions(),
        a -> a.alm().getRevisions(),
        AlmServiceGrpc.getGetRevisionsMethod());
    assertMirrors(
        c -> c.alm().getLatestRevision(),
        a -> a.alm().getLatestRevision(),
        AlmServiceGrpc.getGetLatestRevisionMethod());
    assertEquals(
        Optional.of(r1), client.async().alm().getLatestRevision().get(5, TimeUnit.SECONDS));
    assertMirrors(
        c -> c.alm().getSyncableRevisions("SRC"),
        a -> a.alm().getSyncableRevisions("SRC"),
        AlmServiceGrpc.getGetSyncableRevisionsMethod());
    assertMirrors(
        c -> c.alm().createRevision("Release 2", "second"),
        a -> a.alm().createRevision("Release 2", "second"),
        AlmServiceGrpc.getCreateRevisionMethod());
    assertMirrors(
        c -> c.alm().getSyncTasks(),
        a -> a.alm().getSyncTasks(),
        AlmServiceGrpc.getGetSyncTasksMethod());
    assertMirrors(
        c -> c.alm().getSyncTask("T1"),
        a -> a.alm().getSyncTask("T1"),
        AlmServiceGrpc.getGetSyncTaskMethod());
    assertMirrors(
        c -> c.alm().syncModels("R1", "SRC", "R0", false),
        a -> a.alm().syncModels("R1", "SRC", "R0", false),
        AlmServiceGrpc.getSyncModelsMethod());
    AlmTaskRequest sync = (AlmTaskRequest) families.calls.get(0).request();
    assertEquals(MODEL, sync.getModelId());
    assertTrue(sync.getNoWait());
    assertMirrors(
        c -> c.alm().createComparisonReport("R1", "SRC", "R0"),
        a -> a.alm().createComparisonReport("R1", "SRC", "R0"),
        AlmServiceGrpc.getCreateComparisonReportMethod());
    assertMirrors(
        c -> c.alm().createComparisonSummary("R1", "SRC", "R0"),
        a -> a.alm().createComparisonSummary("R1", "SRC", "R0"),
        AlmServiceGrpc.getCreateComparisonSummaryMethod(),
        AlmServiceGrpc.getGetComparisonSummaryMethod());
    // The second call is built from the first one's task.
    GetAlmReportRequest report = (GetAlmReportRequest) families.calls.get(1).request();
    assertEquals("S", report.getSourceRevisionId());
    assertEquals("T", report.getTargetRevisionId());
    assertEquals(
        summary,
        client.async().alm().createComparisonSummary("R1", "SRC", "R0").get(5, TimeUnit.SECONDS));
  }

  @Test
  void auditMirrorsTheBlockingFacade() throws Exception {
    TenantUser me = TenantUser.newBuilder().setId("U1").setEmail("demo@example.com").build();
    families.respond(AuditServiceGrpc.getGetUserMethod(), me);
    assertMirrors(
        c -> c.audit().getEvents(),
        a -> a.audit().getEvents(),
        AuditServiceGrpc.getGetEventsMethod());
    assertMirrors(
        c -> c.audit().getEvents(AuditClient.events("comment", 3)),
        a -> a.audit().getEvents(AuditClient.events("comment", 3)),
        AuditServiceGrpc.getGetEventsMethod());
    assertMirrors(
        c -> c.audit().searchEvents(AuditClient.events("all", 1)),
        a -> a.audit().searchEvents(AuditClient.events("all", 1)),
        AuditServiceGrpc.getSearchEventsMethod());
    assertMirrors(
        c -> c.audit().getUsers(), a -> a.audit().getUsers(), AuditServiceGrpc.getGetUsersMethod());
    assertMirrors(
        c -> c.audit().getUser(), a -> a.audit().getUser(), AuditServiceGrpc.getGetUserMethod());
    assertMirrors(
        c -> c.audit().getUser("U2"),
        a -> a.audit().getUser("U2"),
        AuditServiceGrpc.getGetUserMethod());
    assertEquals(me, client.async().audit().getUser().get(5, TimeUnit.SECONDS));
  }

  @Test
  void scimMirrorsTheBlockingFacade() throws Exception {
    families.respond(
        ScimServiceGrpc.getGetUsersMethod(),
        GetScimUsersResponse.newBuilder()
            .addUsers(ScimUser.newBuilder().setUserName("ada@example.com"))
            .build());
    families.respond(
        ScimServiceGrpc.getGetServiceProviderConfigMethod(),
        Struct.newBuilder()
            .putFields("patch", Value.newBuilder().setBoolValue(true).build())
            .build());
    ScimPatchOperation op =
        ScimPatchOperation.newBuilder()
            .setOp("replace")
            .setPath("active")
            .setValue(Value.newBuilder().setBoolValue(false))
            .build();
    assertMirrors(
        c -> c.scim().getServiceProviderConfig(),
        a -> a.scim().getServiceProviderConfig(),
        ScimServiceGrpc.getGetServiceProviderConfigMethod());
    assertMirrors(
        c -> c.scim().getUsers(ScimClient.eq("userName", "ada@example.com")),
        a -> a.scim().getUsers(ScimClient.eq("userName", "ada@example.com")),
        ScimServiceGrpc.getGetUsersMethod());
    assertMirrors(
        c -> c.scim().getUsers(null),
        a -> a.scim().getUsers(null),
        ScimServiceGrpc.getGetUsersMethod());
    assertMirrors(
        c -> c.scim().getUser("S1"),
        a -> a.scim().getUser("S1"),
        ScimServiceGrpc.getGetUserMethod());
    assertMirrors(
        c -> c.scim().addUser(ADA),
        a -> a.scim().addUser(ADA),
        ScimServiceGrpc.getAddUserMethod());
    assertMirrors(
        c -> c.scim().replaceUser("S1", ADA),
        a -> a.scim().replaceUser("S1", ADA),
        ScimServiceGrpc.getReplaceUserMethod());
    assertMirrors(
        c -> c.scim().updateUser("S1", List.of(op)),
        a -> a.scim().updateUser("S1", List.of(op)),
        ScimServiceGrpc.getUpdateUserMethod());
  }

  @Test
  void cloudWorksMirrorsTheBlockingFacade() throws Exception {
    families.respond(
        CloudWorksServiceGrpc.getCreateConnectionMethod(),
        CreateConnectionResponse.newBuilder().setConnectionId("C1").build());
    families.respond(
        CloudWorksServiceGrpc.getGetImportErrorDumpMethod(),
        ErrorDump.newBuilder().setContent(ByteString.copyFromUtf8("row,error\n")).build());
    ConnectionPayload conn = ConnectionPayload.getDefaultInstance();
    IntegrationInput integration = IntegrationInput.newBuilder().setName("nightly").build();
    assertMirrors(
        c -> c.cloudWorks().getConnections(),
        a -> a.cloudWorks().getConnections(),
        CloudWorksServiceGrpc.getGetConnectionsMethod());
    assertMirrors(
        c -> c.cloudWorks().createConnection(conn),
        a -> a.cloudWorks().createConnection(conn),
        CloudWorksServiceGrpc.getCreateConnectionMethod());
    assertEquals(
        "C1", client.async().cloudWorks().createConnection(conn).get(5, TimeUnit.SECONDS));
    assertMirrors(
        c -> {
          c.cloudWorks().deleteConnection("C1");
          return null;
        },
        a -> a.cloudWorks().deleteConnection("C1"),
        CloudWorksServiceGrpc.getDeleteConnectionMethod());
    assertMirrors(
        c -> c.cloudWorks().getIntegrations(),
        a -> a.cloudWorks().getIntegrations(),
        CloudWorksServiceGrpc.getGetIntegrationsMethod());
    GetIntegrationsRequest sorted = GetIntegrationsRequest.newBuilder().setSortBy("name").build();
    assertMirrors(
        c -> c.cloudWorks().getIntegrations(sorted),
        a -> a.cloudWorks().getIntegrations(sorted),
        CloudWorksServiceGrpc.getGetIntegrationsMethod());
    assertMirrors(
        c -> c.cloudWorks().getIntegration("I1"),
        a -> a.cloudWorks().getIntegration("I1"),
        CloudWorksServiceGrpc.getGetIntegrationMethod());
    assertMirrors(
        c -> c.cloudWorks().createIntegration(integration),
        a -> a.cloudWorks().createIntegration(integration),
        CloudWorksServiceGrpc.getCreateIntegrationMethod());
    assertMirrors(
        c -> {
          c.cloudWorks().deleteIntegration("I1");
          return null;
        },
        a -> a.cloudWorks().deleteIntegration("I1"),
        CloudWorksServiceGrpc.getDeleteIntegrationMethod());
    assertMirrors(
        c -> c.cloudWorks().runIntegration("I1"),
        a -> a.cloudWorks().runIntegration("I1"),
        CloudWorksServiceGrpc.getRunIntegrationMethod());
    assertMirrors(
        c -> c.cloudWorks().getRunHistory("I1"),
        a -> a.cloudWorks().getRunHistory("I1"),
        CloudWorksServiceGrpc.getGetRunHistoryMethod());
    assertMirrors(
        c -> c.cloudWorks().getRunStatus("R1"),
        a -> a.cloudWorks().getRunStatus("R1"),
        CloudWorksServiceGrpc.getGetRunStatusMethod());
    assertMirrors(
        c -> c.cloudWorks().getRunError("R1"),
        a -> a.cloudWorks().getRunError("R1"),
        CloudWorksServiceGrpc.getGetRunErrorMethod());
    assertMirrors(
        c -> c.cloudWorks().getImportErrorDump("R1"),
        a -> a.cloudWorks().getImportErrorDump("R1"),
        CloudWorksServiceGrpc.getGetImportErrorDumpMethod());
  }

  /**
   * Every public unary method of a blocking facade has an async twin (same name and parameters,
   * a CompletableFuture of the same result) and nothing else: streams and streamed writes, the
   * stubs and static builders stay on the blocking facade.
   */
  @Test
  void asyncFacadesMirrorEveryUnaryMethod() {
    Map<Class<?>, Class<?>> pairs =
        Map.of(
            TransactionalClient.class, TransactionalAsyncClient.class,
            AlmClient.class, AlmAsyncClient.class,
            AuditClient.class, AuditAsyncClient.class,
            ScimClient.class, ScimAsyncClient.class,
            CloudWorksClient.class, CloudWorksAsyncClient.class);
    pairs.forEach(
        (blocking, async) -> {
          Map<String, Type> expected = new TreeMap<>();
          for (Method m : publicMethods(blocking)) {
            boolean streamed =
                CloseableIterator.class.isAssignableFrom(m.getReturnType())
                    || Stream.of(m.getParameterTypes())
                        .anyMatch(p -> p == Iterable.class || p == OutputStream.class);
            if (!streamed && !m.getName().equals("raw") && !m.getName().equals("scope")) {
              expected.put(signature(m), boxed(m.getGenericReturnType()));
            }
          }
          Map<String, Type> actual = new TreeMap<>();
          for (Method m : publicMethods(async)) {
            ParameterizedType future = (ParameterizedType) m.getGenericReturnType();
            assertEquals(CompletableFuture.class, future.getRawType(), m.toString());
            actual.put(signature(m), future.getActualTypeArguments()[0]);
          }
          assertFalse(expected.isEmpty());
          assertEquals(expected, actual, async.getSimpleName());
        });
  }

  private static List<Method> publicMethods(Class<?> c) {
    return Stream.of(c.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .toList();
  }

  private static String signature(Method m) {
    return m.getName() + Arrays.toString(m.getGenericParameterTypes());
  }

  private static Type boxed(Type t) {
    return t == void.class ? Void.class : t;
  }

  @Test
  void failuresCompleteExceptionallyInEveryFamily() {
    families.failure = Status.NOT_FOUND.withDescription("no such thing").asRuntimeException();
    AnaplanAsyncClient async = client.async();
    List<CompletableFuture<?>> futures =
        List.of(
            async.transactional().getListMetadata(1),
            async.alm().getSyncTask("T1"),
            async.alm().createComparisonSummary("R1", "SRC", "R0"),
            async.audit().getUser("U1"),
            async.scim().getUser("S1"),
            async.cloudWorks().getIntegration("I1"));
    for (CompletableFuture<?> f : futures) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      AnaplanException.NotFound cause =
          assertInstanceOf(AnaplanException.NotFound.class, e.getCause());
      assertEquals(Status.Code.NOT_FOUND, cause.code());
    }
    // The summary's first call failed: its second was never sent.
    assertEquals(
        0,
        families.calls.stream()
            .filter(
                c ->
                    c.method()
                        .equals(AlmServiceGrpc.getGetComparisonSummaryMethod().getFullMethodName()))
            .count());
  }

  @Test
  void cancellingAFutureCancelsTheCall() throws Exception {
    families.hang = ScimServiceGrpc.getGetUserMethod();
    CompletableFuture<ScimUser> f = client.async().scim().getUser("S1");
    assertTrue(families.hungCallStarted.await(5, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    assertTrue(families.hungCallCancelled.await(5, TimeUnit.SECONDS), "server saw no cancel");
  }

  @Test
  void cancellingATwoCallFutureCancelsTheSecondCall() throws Exception {
    families.respond(
        AlmServiceGrpc.getCreateComparisonSummaryMethod(),
        AlmTask.newBuilder()
            .setResult(AlmTaskResult.newBuilder().setTargetRevisionId("T"))
            .build());
    families.hang = AlmServiceGrpc.getGetComparisonSummaryMethod();
    CompletableFuture<SummaryReport> f =
        client.async().alm().createComparisonSummary("R1", "SRC", "R0");
    assertTrue(families.hungCallStarted.await(5, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    assertTrue(f.isCancelled());
    assertTrue(families.hungCallCancelled.await(5, TimeUnit.SECONDS), "server saw no cancel");
  }

  @Test
  void cancellingATwoCallFutureCancelsTheFirstCall() throws Exception {
    families.hang = AlmServiceGrpc.getCreateComparisonSummaryMethod();
    CompletableFuture<SummaryReport> f =
        client.async().alm().createComparisonSummary("R1", "SRC", "R0");
    assertTrue(families.hungCallStarted.await(5, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    assertTrue(families.hungCallCancelled.await(5, TimeUnit.SECONDS), "server saw no cancel");
    assertEquals(1, families.calls.size());
  }

  @Test
  void modelCredentialsAndDeadlineCarryOver() throws Exception {
    client
        .withModel("w2", "m2")
        .withCredentials(AnaplanCredentials.token("t"))
        .async()
        .transactional()
        .getLists()
        .get(5, TimeUnit.SECONDS);
    assertEquals(
        ModelScope.newBuilder().setWorkspaceId("w2").setModelId("m2").build(),
        families.calls.get(families.calls.size() - 1).request());
    assertEquals(
        "AnaplanAuthToken t",
        fake.headers.get(fake.headers.size() - 1).get(AnaplanCredentials.AUTHORIZATION));

    families.hang = CloudWorksServiceGrpc.getGetRunStatusMethod();
    CompletableFuture<?> f =
        client.withDeadline(Duration.ofMillis(200)).async().cloudWorks().getRunStatus("R1");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertInstanceOf(AnaplanException.DeadlineExceeded.class, e.getCause());
  }
}
