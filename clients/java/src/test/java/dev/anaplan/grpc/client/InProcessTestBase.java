package dev.anaplan.grpc.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a {@link FakeBulkService} and the {@link FakeFamilyServices} on grpc-java's in-process
 * transport for each test.
 */
abstract class InProcessTestBase {
  static final String WS = "8a868cd985f53e7701860542f59e276e";
  static final String MODEL = "75A40874E6B64FA3AE0743278996850F";

  FakeBulkService fake;
  FakeFamilyServices families;
  Server server;
  ManagedChannel channel;
  AnaplanClient client;

  @BeforeEach
  void startServer() throws IOException {
    fake = new FakeBulkService();
    families = new FakeFamilyServices();
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(fake, fake.headerRecorder()));
    for (ServerServiceDefinition family : families.definitions()) {
      builder.addService(ServerInterceptors.intercept(family, fake.headerRecorder()));
    }
    server = builder.build().start();
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
