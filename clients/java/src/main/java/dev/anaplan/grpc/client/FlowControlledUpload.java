package dev.anaplan.grpc.client;

import com.google.protobuf.ByteString;
import dev.anaplan.grpc.v1.UploadFileResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client-streaming upload (UploadFile, UploadAndImport) driven from the caller's thread with
 * gRPC's outbound flow control: the caller reads the InputStream and sends a message only while
 * {@link ClientCallStreamObserver#isReady()}; otherwise it waits for the on-ready handler. So at
 * most about one message plus the transport's window is ever buffered, whatever the stream's size.
 *
 * <p>The call is started in the caller's {@link io.grpc.Context}: cancelling that context (or
 * interrupting the thread) cancels the call, and the service then never completes the file.
 *
 * @param <Req> request message type (header, then data)
 * @param <Resp> response message type
 */
final class FlowControlledUpload<Req, Resp> implements ClientResponseObserver<Req, Resp> {
  private final Object lock = new Object();
  private ClientCallStreamObserver<Req> requests;
  private Resp response;
  private Throwable failure;
  private boolean done;

  private FlowControlledUpload() {}

  /** What the caller sent: size and SHA-256 (lower-case hex). */
  record Sent(long bytes, String sha256) {}

  /** A finished upload: the response and what was sent. */
  record Result<Resp>(Resp response, Sent sent) {}

  /**
   * Runs one upload.
   *
   * @param start starts the call on the async stub with the given response observer
   * @param header the first message
   * @param data wraps a piece of the input into a data message
   * @param in the bytes to send; read to its end, not closed
   * @param messageSize bytes per data message
   */
  static <Req, Resp> Result<Resp> run(
      Function<StreamObserver<Resp>, StreamObserver<Req>> start,
      Req header,
      Function<ByteString, Req> data,
      InputStream in,
      int messageSize) {
    FlowControlledUpload<Req, Resp> upload = new FlowControlledUpload<>();
    start.apply(upload);
    try {
      Sent sent = upload.send(header, data, in, messageSize);
      return new Result<>(upload.awaitResponse(), sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      upload.requests.cancel("upload interrupted", e);
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(Status.Code.CANCELLED, "upload interrupted", e));
    } catch (IOException e) {
      upload.requests.cancel("reading the upload's input failed", e);
      throw new UncheckedIOException("reading the upload's input failed", e);
    } catch (RuntimeException | Error e) {
      upload.requests.cancel("upload failed on the client", e);
      throw e;
    }
  }

  private Sent send(Req header, Function<ByteString, Req> data, InputStream in, int messageSize)
      throws IOException, InterruptedException {
    MessageDigest sha = sha256();
    long bytes = 0;
    if (!awaitReady()) {
      return new Sent(bytes, hex(sha));
    }
    requests.onNext(header);
    byte[] buffer = new byte[messageSize];
    while (true) {
      int n = in.readNBytes(buffer, 0, messageSize);
      if (n <= 0) {
        break;
      }
      if (!awaitReady()) {
        return new Sent(bytes, hex(sha)); // The server answered early; don't send more.
      }
      requests.onNext(data.apply(ByteString.copyFrom(buffer, 0, n)));
      sha.update(buffer, 0, n);
      bytes += n;
    }
    requests.onCompleted();
    return new Sent(bytes, hex(sha));
  }

  /**
   * Waits until the transport accepts another message. Returns false when the call already ended
   * successfully; throws the decoded failure when it ended with an error.
   */
  private boolean awaitReady() throws InterruptedException {
    synchronized (lock) {
      while (!done && !requests.isReady()) {
        lock.wait(TimeUnit.SECONDS.toMillis(1));
      }
      if (failure != null) {
        throw AnaplanErrors.translate(failure);
      }
      return !done;
    }
  }

  private Resp awaitResponse() throws InterruptedException {
    synchronized (lock) {
      while (!done) {
        lock.wait();
      }
      if (failure != null) {
        throw AnaplanErrors.translate(failure);
      }
      if (response == null) {
        throw AnaplanErrors.create(
            ErrorDetails.clientSide(
                Status.Code.INTERNAL, "the service closed the upload without a response", null));
      }
      return response;
    }
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
    requests = requestStream;
    requestStream.setOnReadyHandler(
        () -> {
          synchronized (lock) {
            lock.notifyAll();
          }
        });
  }

  @Override
  public void onNext(Resp value) {
    synchronized (lock) {
      response = value;
    }
  }

  @Override
  public void onError(Throwable t) {
    synchronized (lock) {
      failure = t;
      done = true;
      lock.notifyAll();
    }
  }

  @Override
  public void onCompleted() {
    synchronized (lock) {
      done = true;
      lock.notifyAll();
    }
  }

  /**
   * Compares what the service reports receiving with what was sent; a mismatch is DATA_LOSS.
   */
  static void verify(UploadFileResponse received, Sent sent) {
    boolean sizeOk = received.getBytesReceived() == sent.bytes();
    boolean shaOk =
        received.getSha256().isEmpty() || received.getSha256().equalsIgnoreCase(sent.sha256());
    if (!sizeOk || !shaOk) {
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(
              Status.Code.DATA_LOSS,
              String.format(
                  "the service received %d bytes (sha256 %s) but the client sent %d bytes"
                      + " (sha256 %s)",
                  received.getBytesReceived(), received.getSha256(), sent.bytes(), sent.sha256()),
              null));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }
}
