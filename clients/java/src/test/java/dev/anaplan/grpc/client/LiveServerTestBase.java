package dev.anaplan.grpc.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Integration tests against the real anaplan-grpc-server and emulator ({@link LiveServers}): one
 * demo client per test class, and an emulator reset (faults cleared) before each test.
 */
abstract class LiveServerTestBase {
  // Ids of the emulator's demo fixture besides LiveServers.WS and MODEL.
  static final String SANDBOX_MODEL = "0123456789ABCDEF0123456789ABCDEF";
  static final long SALES_MODULE = 102000000000L;
  static final long EMPLOYEES = 101000000000L;
  static final long REGION = 101000000001L;
  static final long MONTH = 101000000002L;
  static final long FEB_24 = 206002000002L;

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
