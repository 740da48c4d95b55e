package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.GetFilesRequest;
import dev.anaplan.grpc.v1.RunActionRequest;
import dev.anaplan.grpc.v1.TaskStatus;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnaplanAsyncClientTest extends InProcessTestBase {

  @Test
  void unaryCallsComplete() throws Exception {
    AnaplanAsyncClient async = client.async();
    assertEquals(2, async.getWorkspaces().get(5, TimeUnit.SECONDS).size());
    assertEquals(1, async.getFiles().get(5, TimeUnit.SECONDS).size());
    assertEquals(MODEL, fake.last(GetFilesRequest.class).getModelId());
    TaskStatus t = async.runAction(112000000000L).get(5, TimeUnit.SECONDS);
    assertEquals("T1", t.getTaskId());
    assertEquals(112000000000L, fake.last(RunActionRequest.class).getAction().getId());
  }

  @Test
  void failuresCompleteExceptionallyWithAnaplanException() {
    fake.failure = Status.NOT_FOUND.withDescription("nope").asRuntimeException();
    CompletableFuture<?> f = client.async().getFiles();
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertInstanceOf(AnaplanException.NotFound.class, e.getCause());
    CompletionException j = assertThrows(CompletionException.class, f::join);
    assertInstanceOf(AnaplanException.NotFound.class, j.getCause());
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    fake.runActionHangs = true;
    CompletableFuture<TaskStatus> f = client.async().runAction(112000000000L);
    // Wait until the server has the call, then cancel.
    for (int i = 0; i < 500 && fake.requests.isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertTrue(f.cancel(true));
    assertTrue(fake.unaryCancelled.await(5, TimeUnit.SECONDS), "server saw no cancellation");
  }

  @Test
  void credentialsAndModelCarryOver() throws Exception {
    client
        .withModel("w2", "m2")
        .withCredentials(AnaplanCredentials.token("t"))
        .async()
        .getFiles()
        .get(5, TimeUnit.SECONDS);
    assertEquals("m2", fake.last(GetFilesRequest.class).getModelId());
    assertEquals(
        "AnaplanAuthToken t",
        fake.headers.get(fake.headers.size() - 1).get(AnaplanCredentials.AUTHORIZATION));
  }
}
