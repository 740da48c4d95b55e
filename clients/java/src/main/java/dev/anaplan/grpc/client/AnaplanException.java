package dev.anaplan.grpc.client;

import com.google.rpc.BadRequest;
import dev.anaplan.grpc.v1.TaskStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Every failure of an {@link AnaplanClient} call: the gRPC status decoded with the service's rich
 * error model (a {@code google.rpc.Status} in the {@code grpc-status-details-bin} trailer).
 *
 * <p>Catch a subclass for one family of errors ({@link NotFound}, {@link RateLimited}, {@link
 * TaskFailed}, ...) or this class for all of them. Calls that fail with a code that has no subclass
 * ({@code ABORTED} other than a failed task, {@code FAILED_PRECONDITION}, {@code INTERNAL}, ...)
 * throw this class itself; {@link #code()} tells them apart.
 *
 * <p>What the details carry:
 *
 * <ul>
 *   <li>{@code google.rpc.ErrorInfo}: {@link #reason()} (e.g. {@code ANAPLAN_TASK_FAILED}), {@link
 *       #domain()} ({@code anaplan.v1}) and {@link #metadata()} ({@code http_status}, {@code
 *       request_id}, {@code chunk_index}, {@code field}, ...);
 *   <li>{@code google.rpc.RetryInfo}: {@link #retryDelay()};
 *   <li>{@code google.rpc.BadRequest}: {@link #fieldViolations()};
 *   <li>{@code anaplan.v1.TaskStatus}: {@link #taskStatus()} of a task that ended unsuccessfully.
 * </ul>
 *
 * <p>{@link #httpStatus()} and {@link #requestId()} fall back to the {@code anaplan-http-status}
 * and {@code anaplan-request-id} trailers when ErrorInfo lacks them.
 */
public class AnaplanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code ErrorInfo.reason} of a task that completed unsuccessfully. */
  public static final String REASON_TASK_FAILED = "ANAPLAN_TASK_FAILED";
  /** {@code ErrorInfo.reason} of an Anaplan 409 (model busy, task already running). */
  public static final String REASON_CONFLICT = "ANAPLAN_CONFLICT";
  /** {@code ErrorInfo.domain} of every error the service sends. */
  public static final String ERROR_DOMAIN = "anaplan.v1";

  private final transient ErrorDetails details;

  AnaplanException(ErrorDetails details) {
    super(details.describe(), details.cause());
    this.details = details;
  }

  /**
   * Decodes the failure of a call made through a raw stub (e.g. a family facade's {@code raw()}),
   * like the facades' own methods do. An AnaplanException is returned unchanged.
   */
  public static AnaplanException from(Throwable failure) {
    return AnaplanErrors.translate(failure);
  }

  /** The gRPC status code of the failed call. */
  public Status.Code code() {
    return details.code();
  }

  /** The status message as the service sent it (without the decorations of getMessage()). */
  public String description() {
    return details.description();
  }

  /** {@code ErrorInfo.reason}, or "" when the error carried no ErrorInfo. */
  public String reason() {
    return details.reason();
  }

  /** {@code ErrorInfo.domain}, or "" when the error carried no ErrorInfo. */
  public String domain() {
    return details.domain();
  }

  /** {@code ErrorInfo.metadata} (unmodifiable; empty without ErrorInfo). */
  public Map<String, String> metadata() {
    return details.metadata();
  }

  /** The HTTP status Anaplan answered, when the failure came from an Anaplan call. */
  public OptionalInt httpStatus() {
    return details.httpStatus();
  }

  /** The request id of the failed call, for support tickets and log correlation. */
  public Optional<String> requestId() {
    return details.requestId();
  }

  /** The status of the task that ended unsuccessfully, when attached. */
  public Optional<TaskStatus> taskStatus() {
    return details.taskStatus();
  }

  /** How long to wait before retrying ({@code RetryInfo}), when the service said so. */
  public Optional<Duration> retryDelay() {
    return details.retryDelay();
  }

  /** Index of the file chunk that failed (uploads and downloads), when known. */
  public OptionalLong chunkIndex() {
    return details.chunkIndex();
  }

  /** Field violations of a rejected request ({@code google.rpc.BadRequest}). */
  public List<BadRequest.FieldViolation> fieldViolations() {
    return details.fieldViolations();
  }

  /** The decoded {@code google.rpc.Status}, when the error carried rich details. */
  public Optional<com.google.rpc.Status> statusProto() {
    return details.statusProto();
  }

  /** The raw trailing metadata of the failed call (empty for client-side failures). */
  public Metadata trailers() {
    return details.trailers();
  }

  /** NOT_FOUND: an unknown id or name (Anaplan 404). */
  public static class NotFound extends AnaplanException {
    private static final long serialVersionUID = 1L;

    NotFound(ErrorDetails details) {
      super(details);
    }
  }

  /** INVALID_ARGUMENT: the request failed validation, or Anaplan answered 400. */
  public static class InvalidArgument extends AnaplanException {
    private static final long serialVersionUID = 1L;

    InvalidArgument(ErrorDetails details) {
      super(details);
    }
  }

  /** UNAUTHENTICATED: bad credentials, or Anaplan 401 after one re-authentication. */
  public static class Unauthenticated extends AnaplanException {
    private static final long serialVersionUID = 1L;

    Unauthenticated(ErrorDetails details) {
      super(details);
    }
  }

  /** PERMISSION_DENIED: Anaplan 403. */
  public static class PermissionDenied extends AnaplanException {
    private static final long serialVersionUID = 1L;

    PermissionDenied(ErrorDetails details) {
      super(details);
    }
  }

  /** RESOURCE_EXHAUSTED: Anaplan 429 after all retries; see {@link #retryDelay()}. */
  public static class RateLimited extends AnaplanException {
    private static final long serialVersionUID = 1L;

    RateLimited(ErrorDetails details) {
      super(details);
    }
  }

  /** UNAVAILABLE: Anaplan 5xx or a connection failure after all retries, or the service is down. */
  public static class Unavailable extends AnaplanException {
    private static final long serialVersionUID = 1L;

    Unavailable(ErrorDetails details) {
      super(details);
    }
  }

  /** DEADLINE_EXCEEDED: the call's deadline or an HTTP timeout passed. */
  public static class DeadlineExceeded extends AnaplanException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(ErrorDetails details) {
      super(details);
    }
  }

  /** DATA_LOSS: bytes were lost or corrupted (size or checksum mismatch). */
  public static class DataLoss extends AnaplanException {
    private static final long serialVersionUID = 1L;

    DataLoss(ErrorDetails details) {
      super(details);
    }
  }

  /** CANCELLED: the caller cancelled the call (its Context, a future, or an interrupt). */
  public static class Cancelled extends AnaplanException {
    private static final long serialVersionUID = 1L;

    Cancelled(ErrorDetails details) {
      super(details);
    }
  }

  /** ABORTED with reason {@code ANAPLAN_CONFLICT}: Anaplan 409 (model busy, task running). */
  public static class Conflict extends AnaplanException {
    private static final long serialVersionUID = 1L;

    Conflict(ErrorDetails details) {
      super(details);
    }
  }

  /**
   * ABORTED with reason {@code ANAPLAN_TASK_FAILED}: the task ran to its end unsuccessfully. {@link
   * #task()} holds its status (result details, whether a failure dump is available).
   */
  public static class TaskFailed extends AnaplanException {
    private static final long serialVersionUID = 1L;

    TaskFailed(ErrorDetails details) {
      super(details);
    }

    /** The failed task's status (the default instance if the service attached none). */
    public TaskStatus task() {
      return taskStatus().orElse(TaskStatus.getDefaultInstance());
    }
  }
}
