package dev.anaplan.grpc.client;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Server-stream helpers shared by the family facades. */
final class Streams {
  private Streams() {}

  /**
   * Starts a server-streaming call in its own cancellable child of the caller's Context, so that
   * closing the iterator (or the caller cancelling its Context) cancels the call.
   */
  static <T> CloseableIterator<T> open(Supplier<Iterator<T>> start) {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      return new StreamIterator<>(start.get(), context);
    } catch (RuntimeException e) {
      context.cancel(null);
      throw AnaplanErrors.translate(e);
    } finally {
      context.detach(previous);
    }
  }

  /** The items of each page of a paged stream, in order; closing it closes the stream. */
  static <P, T> CloseableIterator<T> flatten(
      CloseableIterator<P> pages, Function<P, List<T>> items) {
    return new CloseableIterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!pages.hasNext()) {
            return false;
          }
          current = items.apply(pages.next()).iterator();
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        pages.close();
      }
    };
  }

  /**
   * Writes the bytes of each message of a stream to {@code out}, then closes the stream; returns
   * the number of bytes written. {@code what} names the data in the UncheckedIOException thrown
   * when {@code out} fails.
   */
  static <M> long copy(
      CloseableIterator<M> messages, Function<M, ByteString> data, OutputStream out, String what) {
    long written = 0;
    try (messages) {
      while (messages.hasNext()) {
        ByteString bytes = data.apply(messages.next());
        bytes.writeTo(out);
        written += bytes.size();
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the " + what + " failed", e);
    }
  }
}
