package dev.anaplan.grpc.client;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client-streaming write (list items, cells): a header, then the items in batches, sent from
 * the caller's thread only while the transport is ready (gRPC flow control), so the items are
 * pulled from their Iterable lazily and memory stays bounded. Cancelling the caller's Context or
 * interrupting the thread cancels the call.
 *
 * @param <Req> request message type (header, then batches)
 * @param <Resp> response message type
 */
final class BatchedWrite<Req, Resp> implements ClientResponseObserver<Req, Resp> {
  /** Items per message; the service regroups them into Anaplan calls of its own size. */
  static final int BATCH_SIZE = 1000;

  private final Object lock = new Object();
  private ClientCallStreamObserver<Req> requests;
  private Resp response;
  private Throwable failure;
  private boolean done;

  private BatchedWrite() {}

  /**
   * Runs one write.
   *
   * @param start starts the call on the async stub with the given response observer
   * @param header the first message
   * @param items the items, read lazily
   * @param batch wraps a batch of items into a message
   */
  static <Item, Req, Resp> Resp run(
      Function<StreamObserver<Resp>, StreamObserver<Req>> start,
      Req header,
      Iterable<? extends Item> items,
      Function<List<Item>, Req> batch) {
    BatchedWrite<Req, Resp> write = new BatchedWrite<>();
    start.apply(write);
    try {
      write.send(header, items.iterator(), batch);
      return write.awaitResponse();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      write.requests.cancel("write interrupted", e);
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(Status.Code.CANCELLED, "write interrupted", e));
    } catch (RuntimeException | Error e) {
      write.requests.cancel("write failed on the client", e);
      throw e;
    }
  }

  private <Item> void send(
      Req header, Iterator<? extends Item> items, Function<List<Item>, Req> batch)
      throws InterruptedException {
    if (!awaitReady()) {
      return;
    }
    requests.onNext(header);
    List<Item> buffer = new ArrayList<>(BATCH_SIZE);
    while (items.hasNext()) {
      buffer.add(items.next());
      if (buffer.size() == BATCH_SIZE) {
        if (!awaitReady()) {
          return; // The server answered early; its response says why.
        }
        requests.onNext(batch.apply(buffer));
        buffer = new ArrayList<>(BATCH_SIZE);
      }
    }
    if (!buffer.isEmpty()) {
      if (!awaitReady()) {
        return;
      }
      requests.onNext(batch.apply(buffer));
    }
    requests.onCompleted();
  }

  /** Waits for the transport; false when the call already ended, throws when it failed. */
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
                Status.Code.INTERNAL, "the service closed the write without a response", null));
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
