package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.anaplan.grpc.v1.TaskResult;
import dev.anaplan.grpc.v1.TaskState;
import dev.anaplan.grpc.v1.TaskStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error decoding, end to end through the in-process transport (trailers included). */
class AnaplanErrorsTest extends InProcessTestBase {

  static Stream<Arguments> codeFamilies() {
    return Stream.of(
        Arguments.of(Code.NOT_FOUND, "ANAPLAN_NOT_FOUND", AnaplanException.NotFound.class),
        Arguments.of(Code.INVALID_ARGUMENT, "", AnaplanException.InvalidArgument.class),
        Arguments.of(
            Code.UNAUTHENTICATED, "ANAPLAN_BAD_CREDENTIALS", AnaplanException.Unauthenticated.class),
        Arguments.of(
            Code.PERMISSION_DENIED, "ANAPLAN_HTTP_ERROR", AnaplanException.PermissionDenied.class),
        Arguments.of(
            Code.RESOURCE_EXHAUSTED, "ANAPLAN_RATE_LIMITED", AnaplanException.RateLimited.class),
        Arguments.of(Code.UNAVAILABLE, "ANAPLAN_UNAVAILABLE", AnaplanException.Unavailable.class),
        Arguments.of(
            Code.DEADLINE_EXCEEDED, "ANAPLAN_TIMEOUT", AnaplanException.DeadlineExceeded.class),
        Arguments.of(Code.DATA_LOSS, "ANAPLAN_DATA_LOSS", AnaplanException.DataLoss.class),
        Arguments.of(Code.ABORTED, "ANAPLAN_TASK_FAILED", AnaplanException.TaskFailed.class),
        Arguments.of(Code.ABORTED, "ANAPLAN_CONFLICT", AnaplanException.Conflict.class),
        Arguments.of(Code.ABORTED, "SOMETHING_ELSE", AnaplanException.class),
        Arguments.of(Code.CANCELLED, "", AnaplanException.Cancelled.class),
        Arguments.of(Code.FAILED_PRECONDITION, "ANAPLAN_HTTP_ERROR", AnaplanException.class),
        Arguments.of(Code.INTERNAL, "", AnaplanException.class));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codeFamilies")
  void eachCodeHasItsClass(Code code, String reason, Class<? extends AnaplanException> type) {
    com.google.rpc.Status.Builder s =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage("boom");
    if (!reason.isEmpty()) {
      s.addDetails(
          Any.pack(
              ErrorInfo.newBuilder()
                  .setReason(reason)
                  .setDomain("anaplan.v1")
                  .putMetadata("http_status", "418")
                  .putMetadata("request_id", "req-1")
                  .build()));
    }
    fake.failure = StatusProto.toStatusRuntimeException(s.build());
    AnaplanException e = assertThrows(AnaplanException.class, () -> client.getWorkspaces());
    assertSame(type, e.getClass());
    assertEquals(Status.Code.valueOf(code.name()), e.code());
    assertEquals("boom", e.description());
    assertEquals(reason, e.reason());
    if (!reason.isEmpty()) {
      assertEquals(418, e.httpStatus().getAsInt());
      assertEquals("req-1", e.requestId().orElseThrow());
      assertEquals("anaplan.v1", e.domain());
      assertTrue(e.getMessage().contains("HTTP 418"), e.getMessage());
      assertTrue(e.getMessage().contains("request id req-1"), e.getMessage());
    } else {
      assertFalse(e.httpStatus().isPresent());
    }
  }

  @Test
  void failedTaskCarriesItsStatus() {
    TaskStatus task =
        TaskStatus.newBuilder()
            .setTaskId("T7")
            .setTaskState(TaskState.TASK_STATE_COMPLETE)
            .setResult(TaskResult.newBuilder().setSuccessful(false).setFailureDumpAvailable(true))
            .build();
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.ABORTED.getNumber())
            .setMessage("Task T7 failed")
            .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("ANAPLAN_TASK_FAILED").build()))
            .addDetails(Any.pack(task))
            .build();
    assertEquals("type.googleapis.com/anaplan.v1.TaskStatus", s.getDetails(1).getTypeUrl());
    fake.failure = StatusProto.toStatusRuntimeException(s);
    AnaplanException.TaskFailed e =
        assertThrows(AnaplanException.TaskFailed.class, () -> client.runAction(112000000000L));
    assertEquals("T7", e.task().getTaskId());
    assertTrue(e.task().getResult().getFailureDumpAvailable());
    assertEquals(task, e.taskStatus().orElseThrow());
  }

  @Test
  void taskStatusAloneMeansTaskFailed() {
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.ABORTED.getNumber())
            .addDetails(Any.pack(TaskStatus.newBuilder().setTaskId("T8").build()))
            .build();
    fake.failure = StatusProto.toStatusRuntimeException(s);
    AnaplanException.TaskFailed e =
        assertThrows(AnaplanException.TaskFailed.class, () -> client.runAction(1L));
    assertEquals("T8", e.task().getTaskId());
  }

  @Test
  void rateLimitCarriesRetryDelay() {
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.RESOURCE_EXHAUSTED.getNumber())
            .setMessage("slow down")
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(
                            com.google.protobuf.Duration.newBuilder()
                                .setSeconds(2)
                                .setNanos(500_000_000))
                        .build()))
            .build();
    fake.failure = StatusProto.toStatusRuntimeException(s);
    AnaplanException.RateLimited e =
        assertThrows(AnaplanException.RateLimited.class, () -> client.getFiles());
    assertEquals(Duration.ofMillis(2500), e.retryDelay().orElseThrow());
  }

  @Test
  void badRequestListsFieldViolationsAndChunkIndex() {
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT.getNumber())
            .setMessage("bad")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason("ANAPLAN_HTTP_ERROR")
                        .putMetadata("chunk_index", "3")
                        .putMetadata("field", "header.file.id")
                        .build()))
            .addDetails(
                Any.pack(
                    BadRequest.newBuilder()
                        .addFieldViolations(
                            BadRequest.FieldViolation.newBuilder()
                                .setField("header.file.id")
                                .setDescription("must be positive"))
                        .build()))
            .addDetails(Any.pack(com.google.rpc.DebugInfo.newBuilder().setDetail("x").build()))
            .build();
    fake.failure = StatusProto.toStatusRuntimeException(s);
    AnaplanException.InvalidArgument e =
        assertThrows(AnaplanException.InvalidArgument.class, () -> client.getFiles());
    assertEquals(1, e.fieldViolations().size());
    assertEquals("header.file.id", e.fieldViolations().get(0).getField());
    assertEquals(3, e.chunkIndex().getAsLong());
    assertEquals(Map.of("chunk_index", "3", "field", "header.file.id"), e.metadata());
    assertTrue(e.getMessage().contains("header.file.id: must be positive"), e.getMessage());
    assertEquals(3, e.statusProto().orElseThrow().getDetailsCount());
  }

  @Test
  void trailersAreTheFallbackForHttpStatusAndRequestId() {
    Metadata trailers = new Metadata();
    trailers.put(AnaplanErrors.HTTP_STATUS_TRAILER, "503");
    trailers.put(AnaplanErrors.REQUEST_ID_TRAILER, "rid-9");
    fake.failure = Status.UNAVAILABLE.withDescription("down").asRuntimeException(trailers);
    AnaplanException.Unavailable e =
        assertThrows(AnaplanException.Unavailable.class, () -> client.getFiles());
    assertEquals(503, e.httpStatus().getAsInt());
    assertEquals("rid-9", e.requestId().orElseThrow());
    assertTrue(e.statusProto().isEmpty());
    assertEquals("rid-9", e.trailers().get(AnaplanErrors.REQUEST_ID_TRAILER));
    assertInstanceOf(StatusRuntimeException.class, e.getCause());
  }

  @Test
  void plainStatusWithoutDetailsStillDecodes() {
    fake.failure = Status.NOT_FOUND.withDescription("no such file").asRuntimeException();
    AnaplanException.NotFound e =
        assertThrows(AnaplanException.NotFound.class, () -> client.getFiles());
    assertEquals("", e.reason());
    assertTrue(e.metadata().isEmpty());
    assertTrue(e.taskStatus().isEmpty());
    assertTrue(e.retryDelay().isEmpty());
    assertEquals("NOT_FOUND: no such file", e.getMessage());
  }

  @Test
  void translatePassesAnaplanExceptionsThrough() {
    AnaplanException e =
        AnaplanErrors.create(ErrorDetails.clientSide(Status.Code.DATA_LOSS, "x", null));
    assertSame(e, AnaplanErrors.translate(new java.util.concurrent.CompletionException(e)));
    assertInstanceOf(
        AnaplanException.Cancelled.class,
        AnaplanErrors.translate(new java.util.concurrent.CancellationException()));
    assertEquals(
        Status.Code.UNKNOWN, AnaplanErrors.translate(new IllegalStateException("?")).code());
  }
}
