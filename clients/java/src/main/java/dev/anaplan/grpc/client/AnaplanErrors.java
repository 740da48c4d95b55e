package dev.anaplan.grpc.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.anaplan.grpc.v1.TaskStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where gRPC failures become {@link AnaplanException}s. */
final class AnaplanErrors {
  static final Metadata.Key<String> HTTP_STATUS_TRAILER =
      Metadata.Key.of("anaplan-http-status", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> REQUEST_ID_TRAILER =
      Metadata.Key.of("anaplan-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private static final Metadata.Key<byte[]> STATUS_DETAILS_TRAILER =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private AnaplanErrors() {}

  /**
   * Decodes any throwable of a gRPC call: a StatusRuntimeException/StatusException with rich
   * details, or anything else (which becomes UNKNOWN, or CANCELLED for a CancellationException).
   * An AnaplanException passes through unchanged.
   */
  static AnaplanException translate(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof AnaplanException e) {
      return e;
    }
    if (cause instanceof CancellationException) {
      return create(ErrorDetails.clientSide(Status.Code.CANCELLED, "call cancelled", cause));
    }
    return create(decode(cause));
  }

  /** Builds the exception class that fits the decoded facts. */
  static AnaplanException create(ErrorDetails d) {
    return switch (d.code()) {
      case NOT_FOUND -> new AnaplanException.NotFound(d);
      case INVALID_ARGUMENT -> new AnaplanException.InvalidArgument(d);
      case UNAUTHENTICATED -> new AnaplanException.Unauthenticated(d);
      case PERMISSION_DENIED -> new AnaplanException.PermissionDenied(d);
      case RESOURCE_EXHAUSTED -> new AnaplanException.RateLimited(d);
      case UNAVAILABLE -> new AnaplanException.Unavailable(d);
      case DEADLINE_EXCEEDED -> new AnaplanException.DeadlineExceeded(d);
      case DATA_LOSS -> new AnaplanException.DataLoss(d);
      case CANCELLED -> new AnaplanException.Cancelled(d);
      case ABORTED -> aborted(d);
      default -> new AnaplanException(d);
    };
  }

  private static AnaplanException aborted(ErrorDetails d) {
    if (AnaplanException.REASON_TASK_FAILED.equals(d.reason()) || d.taskStatus().isPresent()) {
      return new AnaplanException.TaskFailed(d);
    }
    if (AnaplanException.REASON_CONFLICT.equals(d.reason())) {
      return new AnaplanException.Conflict(d);
    }
    return new AnaplanException(d);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** Reads code, message, trailers and the google.rpc.Status details of a failed call. */
  static ErrorDetails decode(Throwable t) {
    Status status = Status.fromThrowable(t);
    Metadata trailers = Status.trailersFromThrowable(t);
    if (trailers == null) {
      trailers = new Metadata();
    }
    com.google.rpc.Status proto = null;
    try {
      // fromStatusAndTrailers synthesizes a Status when there are no details: only decode
      // what the service actually sent.
      if (trailers.containsKey(STATUS_DETAILS_TRAILER)) {
        proto = StatusProto.fromStatusAndTrailers(status, trailers);
      }
    } catch (RuntimeException malformed) {
      // A details trailer that does not parse, or whose code disagrees, is ignored:
      // the plain status and trailers still say what happened.
    }
    Parsed p = new Parsed();
    if (proto != null) {
      for (Any any : proto.getDetailsList()) {
        p.add(any);
      }
    }
    String description = status.getDescription() != null ? status.getDescription() : "";
    if (description.isEmpty() && proto != null) {
      description = proto.getMessage();
    }
    Map<String, String> meta = Map.copyOf(p.info.getMetadataMap());
    return new ErrorDetails(
        status.getCode(),
        description,
        p.info.getReason(),
        p.info.getDomain(),
        meta,
        httpStatus(meta, trailers),
        requestId(meta, trailers),
        Optional.ofNullable(p.task),
        retryDelay(p.retry, meta),
        chunkIndex(meta),
        List.copyOf(p.violations),
        Optional.ofNullable(proto),
        trailers,
        t);
  }

  /** The details this client understands; unknown ones are skipped. */
  private static final class Parsed {
    ErrorInfo info = ErrorInfo.getDefaultInstance();
    RetryInfo retry;
    TaskStatus task;
    final List<BadRequest.FieldViolation> violations = new ArrayList<>();

    void add(Any any) {
      try {
        if (any.is(ErrorInfo.class)) {
          info = any.unpack(ErrorInfo.class);
        } else if (any.is(RetryInfo.class)) {
          retry = any.unpack(RetryInfo.class);
        } else if (any.is(BadRequest.class)) {
          violations.addAll(any.unpack(BadRequest.class).getFieldViolationsList());
        } else if (any.is(TaskStatus.class)) {
          task = any.unpack(TaskStatus.class);
        }
      } catch (InvalidProtocolBufferException malformed) {
        // Skip a detail that does not parse; the others still count.
      }
    }
  }

  private static OptionalInt httpStatus(Map<String, String> meta, Metadata trailers) {
    String text = meta.getOrDefault("http_status", trailers.get(HTTP_STATUS_TRAILER));
    try {
      return text == null || text.isEmpty()
          ? OptionalInt.empty()
          : OptionalInt.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static Optional<String> requestId(Map<String, String> meta, Metadata trailers) {
    String text = meta.getOrDefault("request_id", trailers.get(REQUEST_ID_TRAILER));
    return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static OptionalLong chunkIndex(Map<String, String> meta) {
    try {
      String text = meta.get("chunk_index");
      return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static Optional<Duration> retryDelay(RetryInfo retry, Map<String, String> meta) {
    if (retry != null && retry.hasRetryDelay()) {
      com.google.protobuf.Duration d = retry.getRetryDelay();
      return Optional.of(Duration.ofSeconds(d.getSeconds(), d.getNanos()));
    }
    String seconds = meta.get("retry_after_seconds");
    if (seconds != null) {
      try {
        return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
