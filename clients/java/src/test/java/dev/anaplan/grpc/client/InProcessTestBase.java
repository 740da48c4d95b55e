package dev.anaplan.grpc.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a {@link FakeBulkService} on grpc-java's in-process transport for each test. */
abstract class InProcessTestBase {
  static final String WS = "8a868cd985f53e7701860542f59e276e";
  static final String MODEL = "75A40874E6B64FA3AE0743278996850F";

  FakeBulkService fake;
  Server server;
  ManagedChannel channel;
  AnaplanClient client;

  @BeforeEach
  void startServer() throws IOException {
    fake = new FakeBulkService();
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(fake, fake.headerRecorder()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = AnaplanClient.builder().channel(channel).workspaceId(WS).modelId(MODEL).build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    client.close();
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
