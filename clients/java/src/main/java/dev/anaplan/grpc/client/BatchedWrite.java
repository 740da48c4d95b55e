package dev.anaplan.grpc.client;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * One client-streaming write (list items, cells): a header, then the items in batches, sent from
 * the caller's thread only while the transport is ready (gRPC flow control, see {@link
 * ClientStreamCall}), so the items are pulled from their Iterable lazily and memory stays bounded.
 * Cancelling the caller's Context or interrupting the thread cancels the call.
 */
final class BatchedWrite {
  /** Items per message; the service regroups them into Anaplan calls of its own size. */
  static final int BATCH_SIZE = 1000;

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
    return ClientStreamCall.<Req, Resp, Resp>run(
        "write",
        start,
        call -> {
          send(call, header, items.iterator(), batch);
          return call.awaitResponse();
        });
  }

  private static <Item, Req> void send(
      ClientStreamCall<Req, ?> call,
      Req header,
      Iterator<? extends Item> items,
      Function<List<Item>, Req> batch)
      throws InterruptedException {
    if (!call.sendWhenReady(header)) {
      return; // The server answered early; its response says why.
    }
    List<Item> buffer = new ArrayList<>(BATCH_SIZE);
    while (items.hasNext()) {
      buffer.add(items.next());
      if (buffer.size() == BATCH_SIZE) {
        if (!call.sendWhenReady(batch.apply(buffer))) {
          return;
        }
        buffer = new ArrayList<>(BATCH_SIZE);
      }
    }
    if (!buffer.isEmpty() && !call.sendWhenReady(batch.apply(buffer))) {
      return;
    }
    call.complete();
  }
}
