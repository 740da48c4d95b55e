package dev.anaplan.grpc.client;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The caller's side of one client-streaming call sent from the caller's thread under gRPC's
 * outbound flow control: {@link #sendWhenReady} waits until {@link
 * ClientCallStreamObserver#isReady()} (woken by the on-ready handler), so at most about one message
 * plus the transport's window is ever buffered, whatever the size of the input. Uploads ({@link
 * FlowControlledUpload}) and batched writes ({@link BatchedWrite}) are built on it.
 *
 * <p>The call is started in the caller's {@link io.grpc.Context}: cancelling that context (or
 * interrupting the thread) cancels the call.
 *
 * @param <Req> request message type
 * @param <Resp> response message type
 */
final class ClientStreamCall<Req, Resp> implements ClientResponseObserver<Req, Resp> {
  /** What the caller does with the call: sends its messages, then usually awaits the response. */
  @FunctionalInterface
  interface Body<Req, Resp, T> {
    T run(ClientStreamCall<Req, Resp> call) throws IOException, InterruptedException;
  }

  private final Object lock = new Object();
  /** Names the call in client-side errors ("upload", "write"). */
  private final String what;

  private ClientCallStreamObserver<Req> requests;
  private Resp response;
  private Throwable failure;
  private boolean done;

  private ClientStreamCall(String what) {
    this.what = what;
  }

  /**
   * Starts a call with {@code start} (on the async stub) and runs {@code body} on it. An
   * interrupt, an input failure or any exception in {@code body} cancels the call, so the service
   * stops its work and never completes a partial transfer.
   */
  static <Req, Resp, T> T run(
      String what,
      Function<StreamObserver<Resp>, StreamObserver<Req>> start,
      Body<Req, Resp, T> body) {
    ClientStreamCall<Req, Resp> call = new ClientStreamCall<>(what);
    start.apply(call);
    try {
      return body.run(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.requests.cancel(what + " interrupted", e);
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(Status.Code.CANCELLED, what + " interrupted", e));
    } catch (IOException e) {
      String message = "reading the " + what + "'s input failed";
      call.requests.cancel(message, e);
      throw new UncheckedIOException(message, e);
    } catch (RuntimeException | Error e) {
      call.requests.cancel(what + " failed on the client", e);
      throw e;
    }
  }

  /**
   * Sends {@code message} once the transport accepts it. Returns false when the call already
   * ended successfully (the server answered early: send nothing more, its response says why);
   * throws the decoded failure when it ended with an error.
   */
  boolean sendWhenReady(Req message) throws InterruptedException {
    synchronized (lock) {
      while (!done && !requests.isReady()) {
        lock.wait(TimeUnit.SECONDS.toMillis(1));
      }
      if (failure != null) {
        throw AnaplanErrors.translate(failure);
      }
      if (done) {
        return false;
      }
    }
    requests.onNext(message);
    return true;
  }

  /** Half-closes the call: every message was sent. */
  void complete() {
    requests.onCompleted();
  }

  /** Waits for the call to end; its response, or the decoded failure. */
  Resp awaitResponse() throws InterruptedException {
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
                Status.Code.INTERNAL,
                "the service closed the " + what + " without a response",
                null));
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
}
