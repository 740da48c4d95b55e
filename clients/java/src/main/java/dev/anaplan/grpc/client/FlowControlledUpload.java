package dev.anaplan.grpc.client;

import com.google.protobuf.ByteString;
import dev.anaplan.grpc.v1.UploadFileResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * One client-streaming upload (UploadFile, UploadAndImport) read from an InputStream and sent from
 * the caller's thread with gRPC's outbound flow control (see {@link ClientStreamCall}): at most
 * about one message plus the transport's window is ever buffered, whatever the stream's size.
 * Cancelling the caller's Context (or interrupting the thread) cancels the call, and the service
 * then never completes the file.
 */
final class FlowControlledUpload {
  private FlowControlledUpload() {}

  /** What the caller sent: size and SHA-256 (lower-case hex). */
  record Sent(long bytes, String sha256) {}

  /** A finished upload: the response and what was sent. */
  record Result<Resp>(Resp response, Sent sent) {}

  /**
   * Runs one upload.
   *
   * @param start starts the call on the async stub with the given response observer
   * @param header the first message
   * @param data wraps a piece of the input into a data message
   * @param in the bytes to send; read to its end, not closed
   * @param messageSize bytes per data message
   */
  static <Req, Resp> Result<Resp> run(
      Function<StreamObserver<Resp>, StreamObserver<Req>> start,
      Req header,
      Function<ByteString, Req> data,
      InputStream in,
      int messageSize) {
    return ClientStreamCall.<Req, Resp, Result<Resp>>run(
        "upload",
        start,
        call -> {
          Sent sent = send(call, header, data, in, messageSize);
          return new Result<>(call.awaitResponse(), sent);
        });
  }

  private static <Req> Sent send(
      ClientStreamCall<Req, ?> call,
      Req header,
      Function<ByteString, Req> data,
      InputStream in,
      int messageSize)
      throws IOException, InterruptedException {
    MessageDigest sha = sha256();
    long bytes = 0;
    if (!call.sendWhenReady(header)) {
      return new Sent(bytes, hex(sha));
    }
    byte[] buffer = new byte[messageSize];
    while (true) {
      int n = in.readNBytes(buffer, 0, messageSize);
      if (n <= 0) {
        break;
      }
      if (!call.sendWhenReady(data.apply(ByteString.copyFrom(buffer, 0, n)))) {
        return new Sent(bytes, hex(sha)); // The server answered early; don't send more.
      }
      sha.update(buffer, 0, n);
      bytes += n;
    }
    call.complete();
    return new Sent(bytes, hex(sha));
  }

  /**
   * Compares what the service reports receiving with what was sent; a mismatch is DATA_LOSS.
   */
  static void verify(UploadFileResponse received, Sent sent) {
    boolean sizeOk = received.getBytesReceived() == sent.bytes();
    boolean shaOk =
        received.getSha256().isEmpty() || received.getSha256().equalsIgnoreCase(sent.sha256());
    if (!sizeOk || !shaOk) {
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(
              Status.Code.DATA_LOSS,
              String.format(
                  "the service received %d bytes (sha256 %s) but the client sent %d bytes"
                      + " (sha256 %s)",
                  received.getBytesReceived(), received.getSha256(), sent.bytes(), sent.sha256()),
              null));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest());
  }
}
