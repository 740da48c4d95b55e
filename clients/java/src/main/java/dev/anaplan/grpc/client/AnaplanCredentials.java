package dev.anaplan.grpc.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Per-call Anaplan credentials, sent as the {@code authorization} metadata of every call:
 *
 * <ul>
 *   <li>{@link #token}: {@code authorization: AnaplanAuthToken <token>}, a token the caller
 *       obtained from Anaplan itself;
 *   <li>{@link #basic}: {@code authorization: Basic base64(email:password)}, which the service
 *       exchanges for a token and caches.
 * </ul>
 *
 * <p>Per-call credentials win over the server's own credential profile. Send them only over TLS
 * (or to a service on loopback): they are secrets. {@link #toString()} never shows them.
 */
public final class AnaplanCredentials extends CallCredentials {
  /** The metadata key carrying the credentials. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> headerValue;
  private final String kind;

  private AnaplanCredentials(Supplier<String> headerValue, String kind) {
    this.headerValue = headerValue;
    this.kind = kind;
  }

  /** A fixed Anaplan token. */
  public static AnaplanCredentials token(String token) {
    Objects.requireNonNull(token, "token");
    return token(() -> token);
  }

  /**
   * A token read before every call (so a caller can refresh it). The supplier runs on the channel's
   * executor, never on the caller's thread holding a lock; it must be thread-safe.
   */
  public static AnaplanCredentials token(Supplier<String> token) {
    Objects.requireNonNull(token, "token");
    return new AnaplanCredentials(() -> "AnaplanAuthToken " + token.get(), "token");
  }

  /** Basic credentials (e-mail and password), exchanged for a token by the service. */
  public static AnaplanCredentials basic(String email, String password) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
    String encoded =
        Base64.getEncoder()
            .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new AnaplanCredentials(() -> "Basic " + encoded, "basic");
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(
        () -> {
          try {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, headerValue.get());
            applier.apply(headers);
          } catch (RuntimeException e) {
            applier.fail(
                Status.UNAUTHENTICATED
                    .withDescription("could not obtain Anaplan credentials")
                    .withCause(e));
          }
        });
  }

  @Override
  public String toString() {
    return "AnaplanCredentials{" + kind + ", <redacted>}";
  }
}
