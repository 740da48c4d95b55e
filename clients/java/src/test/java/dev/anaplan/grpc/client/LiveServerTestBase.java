package dev.anaplan.grpc.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Integration tests against the real anaplan-grpc-server and emulator ({@link LiveServers}): one
 * demo client per test class, and an emulator reset (faults cleared) before each test.
 */
abstract class LiveServerTestBase {
  static LiveServers live;
  static AnaplanClient client;

  @BeforeAll
  static void startServers() throws Exception {
    live = LiveServers.get();
    client = live.demoClient();
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @BeforeEach
  void resetEmulator() {
    live.clearFaults();
    live.reset();
  }
}
