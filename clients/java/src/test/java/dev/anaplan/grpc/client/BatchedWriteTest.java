package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.ListItemInput;
import dev.anaplan.grpc.v1.ListItemsResult;
import dev.anaplan.grpc.v1.ListItemsWriteRequest;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transactional facade's client-streaming writes against an in-process fake service. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchedWriteTest {
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  private final List<String> headers = new CopyOnWriteArrayList<>();
  private volatile boolean rejectFirstBatch;
  private Server server;
  private ManagedChannel channel;
  private AnaplanClient client;

  private final class FakeTransactional
      extends TransactionalServiceGrpc.TransactionalServiceImplBase {
    @Override
    public StreamObserver<ListItemsWriteRequest> insertListItems(
        StreamObserver<ListItemsResult> response) {
      return new StreamObserver<>() {
        private long total;
        private boolean closed;

        @Override
        public void onNext(ListItemsWriteRequest r) {
          if (closed) {
            return;
          }
          if (r.hasHeader()) {
            headers.add(r.getHeader().getScope().getModelId() + "/" + r.getHeader().getListId());
            return;
          }
          batches.add(r.getBatch().getItemsCount());
          total += r.getBatch().getItemsCount();
          if (rejectFirstBatch) {
            closed = true;
            response.onError(
                Status.INVALID_ARGUMENT.withDescription("items[3].name is required").asException());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          if (!closed) {
            response.onNext(ListItemsResult.newBuilder().setAdded(total).setTotal(total).build());
            response.onCompleted();
          }
        }
      };
    }
  }

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name).addService(new FakeTransactional()).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = AnaplanClient.builder().channel(channel).workspaceId("ws").modelId("m").build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Items made on demand, counting how many were pulled; endless when limit is negative. */
  private static Iterable<ListItemInput> items(long limit, AtomicLong pulled) {
    return () ->
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return limit < 0 || pulled.get() < limit;
          }

          @Override
          public ListItemInput next() {
            return ListItemInput.newBuilder().setName("i" + pulled.incrementAndGet()).build();
          }
        };
  }

  @Test
  void itemsGoOutInBatchesAfterTheHeader() {
    AtomicLong pulled = new AtomicLong();
    ListItemsResult r = client.transactional().insertListItems(7L, items(2500, pulled));
    assertEquals(2500, r.getAdded());
    assertEquals(List.of("m/7"), headers);
    assertEquals(List.of(1000, 1000, 500), batches);
  }

  @Test
  void aServerFailureStopsAnEndlessWriteWithATypedException() {
    rejectFirstBatch = true;
    AtomicLong pulled = new AtomicLong();
    AnaplanException e =
        assertThrows(
            AnaplanException.InvalidArgument.class,
            () -> client.transactional().insertListItems(7L, items(-1, pulled)));
    assertTrue(e.description().contains("items[3]"), e::getMessage);
    assertTrue(pulled.get() >= 1000, "at least the first batch was pulled");
  }
}
