package dev.anaplan.grpc.client;

import com.google.rpc.BadRequest;
import dev.anaplan.grpc.v1.TaskStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The decoded facts of one failed call; immutable. Built by {@link AnaplanErrors}. */
record ErrorDetails(
    Status.Code code,
    String description,
    String reason,
    String domain,
    Map<String, String> metadata,
    OptionalInt httpStatus,
    Optional<String> requestId,
    Optional<TaskStatus> taskStatus,
    Optional<Duration> retryDelay,
    OptionalLong chunkIndex,
    List<BadRequest.FieldViolation> fieldViolations,
    Optional<com.google.rpc.Status> statusProto,
    Metadata trailers,
    Throwable cause) {

  /** A failure detected by the client itself (no trailers, no rich details). */
  static ErrorDetails clientSide(Status.Code code, String description, Throwable cause) {
    return new ErrorDetails(
        code,
        description,
        "",
        "",
        Map.of(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        List.of(),
        Optional.empty(),
        new Metadata(),
        cause);
  }

  /** "CODE: description (reason R, HTTP 404, request id X, ...)" for getMessage(). */
  String describe() {
    StringBuilder text = new StringBuilder(code.name());
    if (!description.isEmpty()) {
      text.append(": ").append(description);
    }
    List<String> facts = new ArrayList<>();
    if (!reason.isEmpty()) {
      facts.add("reason " + reason);
    }
    httpStatus.ifPresent(h -> facts.add("HTTP " + h));
    requestId.ifPresent(r -> facts.add("request id " + r));
    chunkIndex.ifPresent(c -> facts.add("chunk " + c));
    retryDelay.ifPresent(d -> facts.add("retry after " + d.toMillis() + " ms"));
    for (BadRequest.FieldViolation v : fieldViolations) {
      facts.add(v.getField() + ": " + v.getDescription());
    }
    if (!facts.isEmpty()) {
      text.append(" (").append(String.join(", ", facts)).append(')');
    }
    return text.toString();
  }
}
