package dev.anaplan.grpc.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code anaplan-emulator} and {@code anaplan-grpc-server} binaries, started once per test
 * JVM on ephemeral loopback ports and stopped when it exits. The build directory comes from the
 * {@code ANAPLAN_BUILD_DIR} environment variable, else the {@code anaplan.build.dir} system
 * property (the pom sets ../../build), else ../../build. Missing binaries fail the tests.
 */
final class LiveServers {
  static final String WS = "8a868cd985f53e7701860542f59e276e";
  static final String MODEL = "75A40874E6B64FA3AE0743278996850F";

  private static LiveServers instance;

  final int emulatorPort;
  final int grpcPort;
  private final Process emulator;
  private final Process server;
  private final Path logDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LiveServers(Path buildDir) throws IOException, InterruptedException {
    Path emulatorBin = buildDir.resolve("emulator/anaplan-emulator");
    Path serverBin = buildDir.resolve("service/anaplan-grpc-server");
    List<String> missing = new ArrayList<>();
    for (Path bin : List.of(emulatorBin, serverBin)) {
      if (!Files.isExecutable(bin)) {
        missing.add(bin.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "integration tests need the C++ binaries, not found: "
              + missing
              + " (build them with cmake in the repository's build/ directory, or point"
              + " ANAPLAN_BUILD_DIR at the build tree that has them)");
    }
    logDir = Paths.get("target", "it-logs").toAbsolutePath();
    Files.createDirectories(logDir);
    Path emulatorPortFile = Files.createTempFile("anaplan-emulator", ".port");
    Path serverPortFile = Files.createTempFile("anaplan-grpc-server", ".port");
    Files.delete(emulatorPortFile);
    Files.delete(serverPortFile);

    Process startedEmulator = null;
    Process startedServer = null;
    try {
      startedEmulator =
          start(
              "emulator",
              List.of(
                  emulatorBin.toString(),
                  "--host", "127.0.0.1",
                  "--port", "0",
                  "--port_file", emulatorPortFile.toString()));
      emulatorPort = awaitPort(startedEmulator, emulatorPortFile, "anaplan-emulator");
      String base = "http://127.0.0.1:" + emulatorPort;
      startedServer =
          start(
              "server",
              List.of(
                  serverBin.toString(),
                  "--listen", "127.0.0.1:0",
                  "--port_file", serverPortFile.toString(),
                  "--auth_url", base,
                  "--api_url", base + "/2/0",
                  "--audit_url", base + "/audit/api/1",
                  "--scim_url", base + "/scim/1/0/v2",
                  "--cloudworks_url", base + "/2/0",
                  "--user_email", "demo@example.com",
                  "--password", "demo-password",
                  "--poll_delay_seconds", "0.05",
                  "--backoff_seconds", "0.05"));
      grpcPort = awaitPort(startedServer, serverPortFile, "anaplan-grpc-server");
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(startedServer, startedEmulator);
      throw e;
    }
    emulator = startedEmulator;
    server = startedServer;
  }

  static synchronized LiveServers get() throws IOException, InterruptedException {
    if (instance == null) {
      instance = new LiveServers(buildDir());
      LiveServers started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return instance;
  }

  static Path buildDir() {
    String env = System.getenv("ANAPLAN_BUILD_DIR");
    if (env != null && !env.isEmpty()) {
      return Paths.get(env).toAbsolutePath();
    }
    String prop = System.getProperty("anaplan.build.dir");
    if (prop != null && !prop.isEmpty()) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    return Paths.get("..", "..", "build").toAbsolutePath().normalize();
  }

  /** A plaintext client of the demo workspace and model with a 90 s deadline. */
  AnaplanClient demoClient() {
    return AnaplanClient.builder()
        .target(grpcTarget())
        .plaintext()
        .workspaceId(WS)
        .modelId(MODEL)
        .deadline(Duration.ofSeconds(90))
        .build();
  }

  String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  private Process start(String name, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(logDir.resolve(name + ".log").toFile());
    return pb.start();
  }

  private int awaitPort(Process p, Path portFile, String name)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile)) {
        String text = Files.readString(portFile, StandardCharsets.UTF_8).trim();
        if (!text.isEmpty()) {
          Files.deleteIfExists(portFile);
          return Integer.parseInt(text);
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + "; see " + logDir + "/*.log");
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException(name + " did not start within 30 s; see " + logDir);
  }

  void stop() {
    stop(server, emulator);
  }

  private static void stop(Process... processes) {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** True while both processes run. */
  boolean alive() {
    return emulator.isAlive() && server.isAlive();
  }

  // ------------------------------------------------------------------ emulator controls

  String control(String method, String path, String body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulatorPort + path))
            .timeout(Duration.ofSeconds(30));
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    r.method(method, publisher);
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + resp.statusCode() + ": " + resp.body());
      }
      return resp.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void reset() {
    control("POST", "/__emulator/reset", "{}");
  }

  void addFault(String json) {
    control("POST", "/__emulator/faults", json);
  }

  void clearFaults() {
    control("DELETE", "/__emulator/faults", null);
  }

  /** {@code GET /__emulator/files/{ws}/{model}/{fileId}} as raw JSON. */
  String fileInfo(long fileId) {
    return control("GET", "/__emulator/files/" + WS + "/" + MODEL + "/" + fileId, null);
  }

  /** {@code GET /__emulator/model/{model}/lists/{name}} as raw JSON. */
  String list(String name) {
    return control("GET", "/__emulator/model/" + MODEL + "/lists/" + name, null);
  }

  /** A number field of a flat JSON object (first occurrence). */
  static long jsonLong(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no number field " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  /** A string field of a flat JSON object (first occurrence). */
  static String jsonString(String json, String field) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no string field " + field + " in " + json);
    }
    return m.group(1);
  }
}
