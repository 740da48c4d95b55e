package dev.anaplan.grpc.client;

import java.time.Duration;
import java.util.Optional;

/**
 * How to run an action: wait for it or not, fail on an unsuccessful task or return its status,
 * and how often the service polls. Immutable.
 */
public final class RunOptions {
  private static final RunOptions DEFAULTS = new RunOptions(true, false, null);

  private final boolean waitForCompletion;
  private final boolean statusOnly;
  private final Duration pollInterval;

  private RunOptions(boolean waitForCompletion, boolean statusOnly, Duration pollInterval) {
    this.waitForCompletion = waitForCompletion;
    this.statusOnly = statusOnly;
    this.pollInterval = pollInterval;
  }

  /** Wait for completion, fail with {@link AnaplanException.TaskFailed}, server poll delay. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** false: return as soon as the task started (its status carries the task id). */
  public RunOptions withWaitForCompletion(boolean wait) {
    return new RunOptions(wait, statusOnly, pollInterval);
  }

  /** true: return an unsuccessful task's status instead of throwing TaskFailed. */
  public RunOptions withStatusOnly(boolean only) {
    return new RunOptions(waitForCompletion, only, pollInterval);
  }

  /** Delay between the service's status polls. */
  public RunOptions withPollInterval(Duration interval) {
    return new RunOptions(waitForCompletion, statusOnly, interval);
  }

  public boolean waitForCompletion() {
    return waitForCompletion;
  }

  public boolean statusOnly() {
    return statusOnly;
  }

  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(pollInterval);
  }

  static com.google.protobuf.Duration toProto(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }
}
