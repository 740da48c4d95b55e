package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.Export;
import dev.anaplan.grpc.v1.File;
import dev.anaplan.grpc.v1.Import;
import dev.anaplan.grpc.v1.TaskState;
import dev.anaplan.grpc.v1.TaskStatus;
import dev.anaplan.grpc.v1.UploadAndImportResponse;
import dev.anaplan.grpc.v1.UploadFileResponse;
import io.grpc.Context;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client against the real anaplan-grpc-server backed by the emulator (see {@link
 * LiveServers}). Each test starts from the emulator's seeded state.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BulkServiceIT extends LiveServerTestBase {
  private static final String WS = LiveServers.WS;
  private static final String MODEL = LiveServers.MODEL;
  private static final long EMPLOYEES_FILE = 113000000000L;
  private static final long SALES_FILE = 113000000001L;
  private static final long EMPLOYEES_IMPORT = 112000000000L;
  private static final long EMPLOYEES_EXPORT = 116000000000L;
  private static final String CSV_HEADER = "Name,Code,Parent,Department,Salary,Active\n";
  private static final int MIB = 1024 * 1024;

  @AfterEach
  void clearFaults() {
    live.clearFaults();
  }

  // ------------------------------------------------------------------ listings

  @Test
  void listsTheSeededObjects() {
    assertTrue(client.getWorkspaces().stream().anyMatch(w -> w.getId().equals(WS)));
    assertTrue(client.getModels(WS).stream().anyMatch(m -> m.getId().equals(MODEL)));
    List<File> files = client.getFiles();
    assertTrue(
        files.stream()
            .anyMatch(f -> f.getId() == EMPLOYEES_FILE && f.getName().equals("Employees.csv")),
        files::toString);
    assertTrue(files.stream().anyMatch(f -> f.getId() == SALES_FILE));
    List<Import> imports = client.getImports();
    Import employees =
        imports.stream().filter(i -> i.getId() == EMPLOYEES_IMPORT).findFirst().orElseThrow();
    assertEquals("HIERARCHY_DATA", employees.getImportType());
    assertEquals(EMPLOYEES_FILE, employees.getImportDataSourceId());
    List<Export> exports = client.getExports();
    assertTrue(exports.stream().anyMatch(e -> e.getId() == EMPLOYEES_EXPORT));
    assertTrue(client.getActions().stream().anyMatch(a -> a.getName().equals("Optimize Plan")));
    assertTrue(client.getProcesses().stream().anyMatch(p -> p.getId() == 118000000000L));
  }

  @Test
  void asyncFacadeListsToo() throws Exception {
    List<File> files = client.async().getFiles().get(30, TimeUnit.SECONDS);
    assertTrue(files.stream().anyMatch(f -> f.getId() == EMPLOYEES_FILE));
    CompletableFutureAssert.failsWith(
        AnaplanException.NotFound.class, client.async().runAction("No such action"));
  }

  // ------------------------------------------------------------------ files

  @Test
  void uploadsFiftyMegabytesAndTheChecksumsAgree() {
    long size = 50L * MIB + 12_345;
    GeneratedStream data = new GeneratedStream(size, 42, Long.MAX_VALUE, null);
    UploadFileResponse r =
        client.uploadFile(
            ObjectRefs.id(SALES_FILE),
            data,
            UploadOptions.defaults().withCompressionLevel(1).withChunkSize(10_000_000));
    String sha = data.sha256();
    assertEquals(size, r.getBytesReceived());
    assertEquals(sha, r.getSha256());
    assertEquals(6, r.getChunksUploaded());
    String info = live.fileInfo(SALES_FILE);
    assertEquals(size, LiveServers.jsonLong(info, "size"), info);
    assertEquals(sha, LiveServers.jsonString(info, "sha256"), info);
    assertEquals(1, LiveServers.jsonLong(info, "complete_calls"), info);
  }

  @Test
  void downloadsWhatWasUploaded() {
    byte[] content = new byte[3 * MIB + 7];
    new java.util.Random(7).nextBytes(content);
    client.uploadFile(SALES_FILE, content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileDownload d = client.getFile(ObjectRefs.name("Sales.csv"), out);
    assertArrayEquals(content, out.toByteArray());
    assertEquals(content.length, d.bytesWritten());
    assertEquals(SALES_FILE, d.file().getId());
  }

  @Test
  void importsAnUploadedCsv() {
    String csv = CSV_HEADER + "Zoe Quinn,E100,All Employees,Engineering,130000,true\n";
    UploadFileResponse up = client.uploadFile(EMPLOYEES_FILE, bytes(csv));
    assertEquals(csv.length(), up.getBytesReceived());
    TaskStatus task = client.runAction(EMPLOYEES_IMPORT);
    assertEquals(TaskState.TASK_STATE_COMPLETE, task.getTaskState());
    assertTrue(task.getResult().getSuccessful(), task::toString);
    assertTrue(live.list("Employees").contains("Zoe Quinn"));
  }

  @Test
  void uploadAndImportInOneCall() {
    String csv = CSV_HEADER + "Yan Ruiz,E101,All Employees,Finance,90000,true\n";
    UploadAndImportResponse r =
        client.uploadAndImport(
            ObjectRefs.name("Employees.csv"),
            ObjectRefs.name("Employees from Employees.csv"),
            new ByteArrayInputStream(bytes(csv)),
            UploadOptions.defaults(),
            RunOptions.defaults().withPollInterval(Duration.ofMillis(50)));
    assertEquals(csv.length(), r.getUpload().getBytesReceived());
    assertTrue(r.getTask().getResult().getSuccessful(), r::toString);
    assertTrue(live.list("Employees").contains("Yan Ruiz"));
  }

  @Test
  void exportAndDownloadWritesTheCsv() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportDownload d = client.exportAndDownload(EMPLOYEES_EXPORT, out);
    String csv = out.toString(StandardCharsets.UTF_8);
    assertEquals(TaskState.TASK_STATE_COMPLETE, d.task().getTaskState());
    assertTrue(csv.contains("Alice Smith"), csv);
    assertEquals(out.size(), d.download().bytesWritten());
  }

  // ------------------------------------------------------------------ tasks

  @Test
  void watchTaskStreamsUntilTheEnd() {
    client.uploadFile(EMPLOYEES_FILE, bytes(CSV_HEADER + "Xi Li,E102,All Employees,Sales,1,true\n"));
    TaskStatus started = client.startAction(ObjectRefs.id(EMPLOYEES_IMPORT));
    assertFalse(started.getTaskId().isEmpty(), started::toString);
    List<TaskStatus> seen = new ArrayList<>();
    try (CloseableIterator<TaskStatus> it =
        client.watchTask(
            ObjectRefs.id(EMPLOYEES_IMPORT), started.getTaskId(), Duration.ofMillis(20))) {
      it.forEachRemaining(seen::add);
    }
    assertFalse(seen.isEmpty());
    TaskStatus last = seen.get(seen.size() - 1);
    assertEquals(TaskState.TASK_STATE_COMPLETE, last.getTaskState(), seen::toString);
    assertTrue(last.getResult().getSuccessful());
    assertEquals(
        last.getTaskId(),
        client.getTaskStatus(ObjectRefs.id(EMPLOYEES_IMPORT), started.getTaskId()).getTaskId());
    assertTrue(
        client.getTaskSummaries(ObjectRefs.id(EMPLOYEES_IMPORT)).stream()
            .anyMatch(t -> t.getTaskId().equals(started.getTaskId())));
  }

  @Test
  void failedImportIsTaskFailedWithADump() {
    client.uploadFile(
        EMPLOYEES_FILE,
        bytes(CSV_HEADER + "Bad Salary,E103,All Employees,Sales,lots,true\n"));
    AnaplanException.TaskFailed e =
        assertThrows(AnaplanException.TaskFailed.class, () -> client.runAction(EMPLOYEES_IMPORT));
    assertEquals(Status.Code.ABORTED, e.code());
    assertEquals(AnaplanException.REASON_TASK_FAILED, e.reason());
    assertFalse(e.task().getResult().getSuccessful());
    assertTrue(e.task().getResult().getFailureDumpAvailable(), e.task()::toString);
    ByteArrayOutputStream dump = new ByteArrayOutputStream();
    client.getImportDump(ObjectRefs.id(EMPLOYEES_IMPORT), e.task().getTaskId(), dump);
    assertTrue(dump.toString(StandardCharsets.UTF_8).contains("lots"), dump::toString);
    // status_only returns the status instead of failing.
    TaskStatus status =
        client.runAction(ObjectRefs.id(EMPLOYEES_IMPORT), RunOptions.defaults().withStatusOnly(true));
    assertFalse(status.getResult().getSuccessful());
  }

  // ------------------------------------------------------------------ errors per code family

  @Test
  void unknownObjectsAreNotFound() {
    AnaplanException.NotFound byName =
        assertThrows(AnaplanException.NotFound.class, () -> client.runAction("No such action"));
    assertEquals(Status.Code.NOT_FOUND, byName.code());
    assertThrows(
        AnaplanException.NotFound.class,
        () -> client.getFile(113999999999L, OutputStream.nullOutputStream()));
  }

  @Test
  void badRequestsAreInvalidArgument() {
    AnaplanException.InvalidArgument e =
        assertThrows(
            AnaplanException.InvalidArgument.class, () -> client.withModel("", "").getFiles());
    assertFalse(e.fieldViolations().isEmpty() && e.metadata().isEmpty(), e::toString);
    assertThrows(
        AnaplanException.InvalidArgument.class, () -> client.runAction(ObjectRefs.id(-5)));
  }

  @Test
  void anaplan401IsUnauthenticated() {
    live.addFault(listFault(401, -1, null));
    AnaplanException.Unauthenticated e =
        assertThrows(AnaplanException.Unauthenticated.class, () -> client.getFiles());
    assertEquals(401, e.httpStatus().orElse(401));
  }

  @Test
  void anaplan403IsPermissionDenied() {
    live.addFault(listFault(403, -1, null));
    AnaplanException.PermissionDenied e =
        assertThrows(AnaplanException.PermissionDenied.class, () -> client.getFiles());
    assertEquals(403, e.httpStatus().getAsInt());
  }

  @Test
  void anaplan429IsRateLimitedWithRetryInfo() {
    live.addFault(listFault(429, -1, "1"));
    AnaplanException.RateLimited e =
        assertThrows(AnaplanException.RateLimited.class, () -> client.getFiles());
    assertEquals(429, e.httpStatus().getAsInt());
    assertTrue(e.retryDelay().isPresent(), e::toString);
  }

  @Test
  void anaplan503IsUnavailable() {
    live.addFault(listFault(503, -1, null));
    AnaplanException.Unavailable e =
        assertThrows(AnaplanException.Unavailable.class, () -> client.getFiles());
    assertEquals(503, e.httpStatus().getAsInt());
  }

  @Test
  void transientFailuresAreRetriedByTheService() {
    live.addFault(listFault(503, 1, null));
    assertFalse(client.getFiles().isEmpty());
  }

  @Test
  void slowAnaplanIsDeadlineExceeded() {
    live.addFault(
        "{\"method\":\"GET\",\"path\":\"/models/[^/]+/files/?$\",\"count\":-1,"
            + "\"action\":\"stall\",\"delay_ms\":3000}");
    AnaplanException.DeadlineExceeded e =
        assertThrows(
            AnaplanException.DeadlineExceeded.class,
            () -> client.withDeadline(Duration.ofMillis(500)).getFiles());
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
  }

  @Test
  void checksumMismatchIsDataLossAndNeverCompletes() {
    byte[] content = bytes("Name,Code\nA,B\n");
    AnaplanException.DataLoss e =
        assertThrows(
            AnaplanException.DataLoss.class,
            () ->
                client.uploadFile(
                    ObjectRefs.id(SALES_FILE),
                    new ByteArrayInputStream(content),
                    UploadOptions.defaults().withExpected(content.length, "0".repeat(64))));
    assertEquals(Status.Code.DATA_LOSS, e.code());
    assertEquals(0, LiveServers.jsonLong(live.fileInfo(SALES_FILE), "complete_calls"));
  }

  // ------------------------------------------------------------------ cancellation

  @Test
  void cancellingMidUploadStopsTheServerSideWork() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    long cancelAt = 30L * MIB;
    GeneratedStream endless =
        new GeneratedStream(1L << 40, 9, cancelAt, () -> context.cancel(null));
    AnaplanException e =
        assertThrows(
            AnaplanException.class,
            () ->
                context.run(
                    () ->
                        client.uploadFile(
                            ObjectRefs.id(SALES_FILE),
                            endless,
                            UploadOptions.defaults()
                                .withChunkSize(5_000_000)
                                .withCompressionLevel(1))));
    assertEquals(Status.Code.CANCELLED, e.code(), e::toString);
    long read = endless.bytesRead();
    assertTrue(read < cancelAt + 8L * MIB, "kept reading: " + read);
    // Give the server time to notice, then check it never completed the file.
    Thread.sleep(1500);
    String info = live.fileInfo(SALES_FILE);
    assertEquals(0, LiveServers.jsonLong(info, "complete_calls"), info);
    long puts = LiveServers.jsonLong(info, "chunk_put_attempts");
    assertTrue(puts > 0, "the upload was cancelled before any chunk went out: " + info);
    Thread.sleep(500);
    assertEquals(
        puts,
        LiveServers.jsonLong(live.fileInfo(SALES_FILE), "chunk_put_attempts"),
        "chunk PUTs went on after the cancel");
    assertTrue(live.alive());
    assertFalse(client.getFiles().isEmpty(), "the service must still answer");
  }

  // ------------------------------------------------------------------ helpers

  private static String listFault(int status, int count, String retryAfter) {
    return "{\"method\":\"GET\",\"path\":\"/models/[^/]+/files/?$\",\"count\":"
        + count
        + ",\"status\":"
        + status
        + (retryAfter == null ? "" : ",\"retry_after\":\"" + retryAfter + "\"")
        + "}";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Deterministic pseudo-random bytes (xorshift), hashed as they are read; bounded memory. */
  static final class GeneratedStream extends InputStream {
    private final long size;
    private final long triggerAt;
    private final Runnable trigger;
    private final MessageDigest sha;
    private long state;
    private long position;
    private boolean fired;

    GeneratedStream(long size, long seed, long triggerAt, Runnable trigger) {
      this.size = size;
      this.state = seed * 0x9E3779B97F4A7C15L + 1;
      this.triggerAt = triggerAt;
      this.trigger = trigger;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        if ((i & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> ((i & 7) * 8));
      }
      sha.update(b, off, n);
      position += n;
      if (!fired && trigger != null && position >= triggerAt) {
        fired = true;
        trigger.run();
      }
      return n;
    }

    long bytesRead() {
      return position;
    }

    String sha256() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  /** Small helper for asserting on futures. */
  static final class CompletableFutureAssert {
    static void failsWith(
        Class<? extends AnaplanException> type, java.util.concurrent.CompletableFuture<?> f) {
      java.util.concurrent.ExecutionException e =
          assertThrows(
              java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      assertTrue(type.isInstance(e.getCause()), () -> String.valueOf(e.getCause()));
      assertNotEquals(null, e.getCause().getMessage());
    }
  }
}
