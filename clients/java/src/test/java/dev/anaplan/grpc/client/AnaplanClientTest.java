package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.CancelTaskRequest;
import dev.anaplan.grpc.v1.GetFileRequest;
import dev.anaplan.grpc.v1.GetFilesRequest;
import dev.anaplan.grpc.v1.GetImportDumpRequest;
import dev.anaplan.grpc.v1.GetModelsRequest;
import dev.anaplan.grpc.v1.ObjectRef;
import dev.anaplan.grpc.v1.RunActionRequest;
import dev.anaplan.grpc.v1.TaskState;
import dev.anaplan.grpc.v1.TaskStatus;
import dev.anaplan.grpc.v1.UploadAndImportHeader;
import dev.anaplan.grpc.v1.UploadAndImportResponse;
import dev.anaplan.grpc.v1.UploadFileResponse;
import dev.anaplan.grpc.v1.WatchTaskRequest;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnaplanClientTest extends InProcessTestBase {
  private static final int KIB = 1024;

  @Test
  void listsCarryTheDefaultModel() {
    assertEquals(113000000000L, client.getFiles().get(0).getId());
    GetFilesRequest sent = fake.last(GetFilesRequest.class);
    assertEquals(WS, sent.getWorkspaceId());
    assertEquals(MODEL, sent.getModelId());
  }

  @Test
  void withModelRebindsIdsAndSharesTheChannel() {
    AnaplanClient other = client.withModel("ws9", "m9");
    other.getFiles();
    other.close(); // Derived: must not shut the shared channel down.
    GetFilesRequest sent = fake.last(GetFilesRequest.class);
    assertEquals("ws9", sent.getWorkspaceId());
    assertEquals("m9", sent.getModelId());
    assertEquals(2, client.getWorkspaces().size());
  }

  @Test
  void getModelsFiltersByWorkspace() {
    assertEquals(1, client.getModels("ws2").size());
    assertEquals("ws2", fake.last(GetModelsRequest.class).getWorkspaceId());
    client.getModels();
    assertEquals("", fake.last(GetModelsRequest.class).getWorkspaceId());
  }

  @Test
  void runActionBuildsTheReference() {
    TaskStatus byId = client.runAction(112000000000L);
    RunActionRequest sent = fake.last(RunActionRequest.class);
    assertEquals(ObjectRef.RefCase.ID, sent.getAction().getRefCase());
    assertEquals(112000000000L, sent.getAction().getId());
    assertTrue(sent.hasWaitForCompletion() && sent.getWaitForCompletion());
    assertFalse(sent.getStatusOnly());
    assertEquals("T1", byId.getTaskId());

    client.runAction("Optimize Plan");
    assertEquals("Optimize Plan", fake.last(RunActionRequest.class).getAction().getName());

    client.runAction(
        ObjectRefs.id(117000000001L),
        RunOptions.defaults()
            .withStatusOnly(true)
            .withWaitForCompletion(false)
            .withPollInterval(Duration.ofMillis(1500)));
    sent = fake.last(RunActionRequest.class);
    assertFalse(sent.getWaitForCompletion());
    assertTrue(sent.getStatusOnly());
    assertEquals(1, sent.getPollInterval().getSeconds());
    assertEquals(500_000_000, sent.getPollInterval().getNanos());
  }

  @Test
  void cancelTaskSendsActionAndTaskId() {
    TaskStatus s = client.cancelTask(ObjectRefs.id(112000000000L), "ABC");
    assertEquals(TaskState.TASK_STATE_CANCELLED, s.getTaskState());
    CancelTaskRequest sent = fake.last(CancelTaskRequest.class);
    assertEquals("ABC", sent.getTaskId());
    assertEquals(MODEL, sent.getModelId());
  }

  @Test
  void tokenCredentialsTravelAsMetadata() {
    client.withCredentials(AnaplanCredentials.token("tok-123")).getWorkspaces();
    assertEquals("AnaplanAuthToken tok-123", lastAuthorization());
    AnaplanClient built =
        AnaplanClient.builder().channel(channel).anaplanToken("tok-456").build();
    built.getWorkspaces();
    assertEquals("AnaplanAuthToken tok-456", lastAuthorization());
  }

  @Test
  void basicCredentialsTravelAsMetadata() {
    AnaplanClient basic =
        AnaplanClient.builder().channel(channel).basicCredentials("a@b.c", "p:w").build();
    basic.getWorkspaces();
    String expected =
        "Basic " + Base64.getEncoder().encodeToString("a@b.c:p:w".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, lastAuthorization());
    assertFalse(AnaplanCredentials.basic("a@b.c", "p:w").toString().contains("p:w"));
  }

  @Test
  void noCredentialsSendNoAuthorization() {
    client.getWorkspaces();
    assertNull(lastAuthorization());
  }

  @Test
  void uploadSendsHeaderThenBoundedMessages() {
    byte[] content = randomBytes(KIB * KIB + 17);
    UploadFileResponse r =
        client.uploadFile(
            ObjectRefs.id(113000000000L),
            new ByteArrayInputStream(content),
            UploadOptions.defaults().withChunkSize(500_000).withCompressionLevel(1));
    assertEquals(content.length, r.getBytesReceived());
    assertEquals(sha256(content), r.getSha256());
    assertEquals(WS, fake.uploadHeader.getWorkspaceId());
    assertEquals(MODEL, fake.uploadHeader.getModelId());
    assertEquals(113000000000L, fake.uploadHeader.getFile().getId());
    assertEquals(500_000, fake.uploadHeader.getChunkSize());
    assertEquals(1, fake.uploadHeader.getCompressionLevel());
    assertFalse(fake.uploadHeader.hasExpectedSize());
    assertEquals(5, fake.uploadMessageSizes.size());
    for (int size : fake.uploadMessageSizes) {
      assertTrue(size <= UploadOptions.DEFAULT_MESSAGE_SIZE, "message of " + size + " bytes");
    }
  }

  @Test
  void uploadOfAnEmptyStreamSendsOnlyTheHeader() {
    UploadFileResponse r = client.uploadFile(113000000000L, new byte[0]);
    assertEquals(0, r.getBytesReceived());
    assertTrue(fake.uploadMessageSizes.isEmpty());
    assertEquals(113000000000L, fake.uploadHeader.getFile().getId());
  }

  @Test
  void uploadPassesTheExpectedChecksum() {
    byte[] content = randomBytes(1000);
    client.uploadFile(
        ObjectRefs.name("Employees.csv"),
        new ByteArrayInputStream(content),
        UploadOptions.defaults().withExpected(1000, sha256(content)));
    assertEquals("Employees.csv", fake.uploadHeader.getFile().getName());
    assertEquals(1000, fake.uploadHeader.getExpectedSize());
    assertEquals(sha256(content), fake.uploadHeader.getExpectedSha256());
  }

  @Test
  void uploadDetectsAChecksumMismatch() {
    fake.wrongSha = "00".repeat(32);
    AnaplanException.DataLoss e =
        assertThrows(
            AnaplanException.DataLoss.class,
            () -> client.uploadFile(113000000000L, randomBytes(5000)));
    assertEquals(Status.Code.DATA_LOSS, e.code());
    // Verification off: the response is returned as is.
    UploadFileResponse r =
        client.uploadFile(
            ObjectRefs.id(113000000000L),
            new ByteArrayInputStream(randomBytes(10)),
            UploadOptions.defaults().withVerifyChecksum(false));
    assertEquals(fake.wrongSha, r.getSha256());
  }

  @Test
  void uploadHonoursFlowControl() {
    AtomicLong read = new AtomicLong();
    fake.clientBytesRead = read::get;
    long size = 8L * KIB * KIB;
    UploadFileResponse r = client.uploadFile(113000000000L, new CountingStream(size, read, null));
    assertEquals(size, r.getBytesReceived());
    // The server takes one message at a time: the client may only be a few messages ahead.
    long bound = 4L * UploadOptions.DEFAULT_MESSAGE_SIZE;
    assertTrue(
        fake.maxReadAhead.get() <= bound,
        "client read " + fake.maxReadAhead.get() + " bytes ahead of the server");
  }

  @Test
  void uploadCancelledThroughTheContextStopsTheCall() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    AtomicLong read = new AtomicLong();
    InputStream endless = new CountingStream(Long.MAX_VALUE, read, () -> {
      if (read.get() >= 2L * KIB * KIB) {
        context.cancel(null);
      }
    });
    AnaplanException e =
        assertThrows(
            AnaplanException.class,
            () -> context.run(() -> client.uploadFile(113000000000L, endless)));
    assertEquals(Status.Code.CANCELLED, e.code());
    assertTrue(e instanceof AnaplanException.Cancelled);
    assertTrue(fake.uploadCancelled.await(5, TimeUnit.SECONDS), "server saw no cancellation");
    assertTrue(read.get() < 4L * KIB * KIB, "kept reading after the cancel: " + read.get());
  }

  @Test
  void uploadRejectedByTheServerStopsReading() {
    fake.uploadHeaderRejected = true;
    AtomicLong read = new AtomicLong();
    AnaplanException.InvalidArgument e =
        assertThrows(
            AnaplanException.InvalidArgument.class,
            () ->
                client.uploadFile(113000000000L, new CountingStream(Long.MAX_VALUE, read, null)));
    assertTrue(e.getMessage().contains("header"));
    assertTrue(read.get() < 64L * KIB * KIB);
  }

  @Test
  void uploadInputFailureCancelsTheCall() throws Exception {
    InputStream broken =
        new InputStream() {
          private int calls;

          @Override
          public int read() throws IOException {
            if (++calls > 300_000) {
              throw new IOException("disk gone");
            }
            return 'x';
          }
        };
    assertThrows(
        java.io.UncheckedIOException.class, () -> client.uploadFile(113000000000L, broken));
    assertTrue(fake.uploadCancelled.await(5, TimeUnit.SECONDS));
  }

  @Test
  void uploadAndImportSendsBothHalves() {
    byte[] csv = "Name,Code\nZed,E100\n".getBytes(StandardCharsets.UTF_8);
    UploadAndImportResponse r =
        client.uploadAndImport(113000000000L, 112000000000L, new ByteArrayInputStream(csv));
    assertEquals(csv.length, r.getUpload().getBytesReceived());
    assertEquals("I1", r.getTask().getTaskId());
    UploadAndImportHeader h = fake.last(UploadAndImportHeader.class);
    assertEquals(112000000000L, h.getAction().getId());
    assertTrue(h.getWaitForCompletion());
    assertEquals(113000000000L, h.getUpload().getFile().getId());
    assertEquals(MODEL, h.getUpload().getModelId());
  }

  @Test
  void getFileWritesEveryPieceInOrder() {
    byte[] content = randomBytes(10_500);
    fake.fileContent = content;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileDownload d = client.getFile(113000000000L, out);
    assertArrayEquals(content, out.toByteArray());
    assertEquals(content.length, d.bytesWritten());
    assertEquals(content.length, d.totalSize());
    assertEquals("Employees.csv", d.file().getName());
    assertEquals(MODEL, fake.last(GetFileRequest.class).getModelId());
  }

  @Test
  void getFileDetectsAMissingPiece() {
    fake.fileContent = randomBytes(5000);
    fake.skipAPiece = true;
    assertThrows(
        AnaplanException.DataLoss.class,
        () -> client.getFile(113000000000L, new ByteArrayOutputStream()));
  }

  @Test
  void exportAndDownloadReturnsTaskAndFile() {
    byte[] content = "Name,Code\nAlice,E001\n".getBytes(StandardCharsets.UTF_8);
    fake.fileContent = content;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportDownload d = client.exportAndDownload(116000000000L, out);
    assertEquals("E1", d.task().getTaskId());
    assertEquals(116000000000L, d.task().getActionId());
    assertArrayEquals(content, out.toByteArray());
    assertEquals(content.length, d.download().bytesWritten());
  }

  @Test
  void importDumpIsConcatenated() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = client.getImportDump(ObjectRefs.id(112000000000L), "T9", out);
    assertEquals("_Line_,Name\n2,x\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(n, out.size());
    assertEquals("T9", fake.last(GetImportDumpRequest.class).getTaskId());
  }

  @Test
  void watchTaskIteratesUntilTheEnd() {
    fake.watchStates =
        List.of(
            state(TaskState.TASK_STATE_NOT_STARTED),
            state(TaskState.TASK_STATE_IN_PROGRESS),
            state(TaskState.TASK_STATE_COMPLETE));
    List<TaskState> seen = new ArrayList<>();
    try (CloseableIterator<TaskStatus> it =
        client.watchTask(ObjectRefs.id(112000000000L), "T1", Duration.ofMillis(250))) {
      it.forEachRemaining(s -> seen.add(s.getTaskState()));
    }
    assertEquals(
        List.of(
            TaskState.TASK_STATE_NOT_STARTED,
            TaskState.TASK_STATE_IN_PROGRESS,
            TaskState.TASK_STATE_COMPLETE),
        seen);
    WatchTaskRequest sent = fake.last(WatchTaskRequest.class);
    assertEquals(250_000_000, sent.getPollInterval().getNanos());
  }

  @Test
  void closingAWatchCancelsTheCall() throws Exception {
    fake.watchStates = List.of(state(TaskState.TASK_STATE_IN_PROGRESS));
    fake.watchHangs = true;
    CloseableIterator<TaskStatus> it = client.watchTask(ObjectRefs.id(112000000000L), "T1");
    assertEquals(TaskState.TASK_STATE_IN_PROGRESS, it.next().getTaskState());
    it.close();
    assertTrue(fake.streamCancelled.await(5, TimeUnit.SECONDS), "server saw no cancellation");
    assertThrows(AnaplanException.Cancelled.class, it::hasNext);
  }

  @Test
  void deadlineExceededIsTyped() {
    fake.runActionHangs = true;
    AnaplanException.DeadlineExceeded e =
        assertThrows(
            AnaplanException.DeadlineExceeded.class,
            () -> client.withDeadline(Duration.ofMillis(100)).runAction(112000000000L));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
  }

  @Test
  void builderNeedsATarget() {
    assertThrows(IllegalStateException.class, () -> AnaplanClient.builder().build());
  }

  @Test
  void builtClientOwnsAndClosesItsChannel() {
    AnaplanClient owned = AnaplanClient.builder().target("127.0.0.1:1").plaintext().build();
    io.grpc.ManagedChannel ch = (io.grpc.ManagedChannel) owned.channel();
    owned.withModel("a", "b").close();
    assertFalse(ch.isShutdown());
    owned.close();
    assertTrue(ch.isShutdown());
  }

  // ------------------------------------------------------------------ helpers

  private String lastAuthorization() {
    Metadata h = fake.headers.get(fake.headers.size() - 1);
    return h.get(AnaplanCredentials.AUTHORIZATION);
  }

  private static TaskStatus state(TaskState s) {
    return TaskStatus.newBuilder().setTaskId("T1").setTaskState(s).build();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates {@code size} bytes, counting what was read and running a hook after each read. */
  static final class CountingStream extends InputStream {
    private final long size;
    private final AtomicLong read;
    private final Runnable afterRead;

    CountingStream(long size, AtomicLong read, Runnable afterRead) {
      this.size = size;
      this.read = read;
      this.afterRead = afterRead;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long left = size - read.get();
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, Math.min(left, 64 * KIB));
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((read.get() + i) * 31);
      }
      read.addAndGet(n);
      if (afterRead != null) {
        afterRead.run();
      }
      return n;
    }
  }
}
