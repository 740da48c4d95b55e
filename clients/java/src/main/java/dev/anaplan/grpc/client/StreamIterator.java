package dev.anaplan.grpc.client;

import io.grpc.Context;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Wraps the blocking stub's iterator: translates failures and owns the cancellable Context the
 * call was started in, so that close() (or the end of the stream) releases the call.
 */
final class StreamIterator<T> implements CloseableIterator<T> {
  private final Iterator<T> delegate;
  private final Context.CancellableContext context;

  StreamIterator(Iterator<T> delegate, Context.CancellableContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  @Override
  public boolean hasNext() {
    try {
      boolean more = delegate.hasNext();
      if (!more) {
        close();
      }
      return more;
    } catch (RuntimeException e) {
      close();
      throw AnaplanErrors.translate(e);
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      return delegate.next();
    } catch (RuntimeException e) {
      close();
      throw AnaplanErrors.translate(e);
    }
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
