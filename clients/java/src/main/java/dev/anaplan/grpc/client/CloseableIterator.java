package dev.anaplan.grpc.client;

import java.util.Iterator;

/**
 * An iterator over a server stream. Iterate it to the end, or {@link #close()} it to cancel the
 * call (use try-with-resources). hasNext() and next() throw {@link AnaplanException} when the
 * stream fails.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  /** Cancels the call if it is still running; idempotent. */
  @Override
  void close();
}
