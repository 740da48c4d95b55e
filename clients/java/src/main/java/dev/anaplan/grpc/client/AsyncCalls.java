package dev.anaplan.grpc.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Unary calls as {@link CompletableFuture}s, shared by {@link AnaplanAsyncClient} and the async
 * family facades: failures complete exceptionally with an {@link AnaplanException}, and cancelling
 * a future cancels its gRPC call.
 */
final class AsyncCalls {
  private AsyncCalls() {}

  /** A generated async stub's unary method, e.g. {@code BulkServiceStub::getFiles}. */
  @FunctionalInterface
  interface UnaryMethod<S, Req, Resp> {
    void start(S stub, Req request, StreamObserver<Resp> responses);
  }

  /**
   * Starts {@code method} on {@code stub} (already configured with credentials and deadline) and
   * completes with {@code result} applied to the response.
   */
  static <S, Req, Resp, T> CompletableFuture<T> unary(
      S stub, UnaryMethod<S, Req, Resp> method, Req request, Function<Resp, T> result) {
    UnaryFuture<Req, Resp, T> future = new UnaryFuture<>(result);
    try {
      method.start(stub, request, future);
    } catch (RuntimeException e) {
      future.completeExceptionally(AnaplanErrors.translate(e));
    }
    return future;
  }

  /** The result of a call whose reply carries nothing the caller needs. */
  static <Resp> Function<Resp, Void> noResult() {
    return response -> null;
  }

  /**
   * Two dependent calls as one future: {@code second} starts with the first one's result.
   * Cancelling the returned future cancels whichever call is in flight, which a plain thenCompose
   * would not do.
   */
  static <A, T> CompletableFuture<T> then(
      CompletableFuture<A> first, Function<A, CompletableFuture<T>> second) {
    Chained<T> out = new Chained<>(first);
    first.whenComplete(
        (a, failure) -> {
          if (failure != null) {
            out.completeExceptionally(unwrap(failure));
            return;
          }
          CompletableFuture<T> next;
          try {
            next = second.apply(a);
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
          }
          out.current = next;
          if (out.isCancelled()) {
            next.cancel(false);
            return;
          }
          next.whenComplete(
              (t, f) -> {
                if (f != null) {
                  out.completeExceptionally(unwrap(f));
                } else {
                  out.complete(t);
                }
              });
        });
    return out;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** The future of {@link #then}: cancel() reaches the call in flight. */
  private static final class Chained<T> extends CompletableFuture<T> {
    volatile CompletableFuture<?> current;

    Chained(CompletableFuture<?> first) {
      current = first;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        current.cancel(mayInterruptIfRunning);
      }
      return cancelled;
    }
  }

  /** A future that is the call's response observer; cancel() cancels the call. */
  private static final class UnaryFuture<Req, Resp, T> extends CompletableFuture<T>
      implements ClientResponseObserver<Req, Resp> {
    private final Function<Resp, T> result;
    private volatile ClientCallStreamObserver<Req> call;
    private Resp value;

    UnaryFuture(Function<Resp, T> result) {
      this.result = result;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(Resp v) {
      value = v;
    }

    @Override
    public void onError(Throwable t) {
      completeExceptionally(AnaplanErrors.translate(t));
    }

    @Override
    public void onCompleted() {
      try {
        complete(result.apply(value));
      } catch (RuntimeException e) {
        completeExceptionally(e);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      ClientCallStreamObserver<Req> c = call;
      if (cancelled && c != null) {
        c.cancel("cancelled by the caller", null);
      }
      return cancelled;
    }
  }
}
