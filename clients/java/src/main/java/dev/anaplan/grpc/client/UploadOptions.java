package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.ObjectRef;
import dev.anaplan.grpc.v1.UploadHeader;
import java.util.OptionalLong;

/**
 * Settings of one upload; immutable, each {@code with...} method returns a copy. Zero means "the
 * server's default" for the numeric Anaplan settings.
 */
public final class UploadOptions {
  /** Bytes per gRPC message by default: 256 KiB. */
  public static final int DEFAULT_MESSAGE_SIZE = 256 * 1024;

  private static final UploadOptions DEFAULTS =
      new UploadOptions(0, 0, false, 0, OptionalLong.empty(), "", DEFAULT_MESSAGE_SIZE, true);

  private final long chunkSize;
  private final int parallelism;
  private final boolean allowFileCreation;
  private final int compressionLevel;
  private final OptionalLong expectedSize;
  private final String expectedSha256;
  private final int messageSize;
  private final boolean verifyChecksum;

  private UploadOptions(
      long chunkSize,
      int parallelism,
      boolean allowFileCreation,
      int compressionLevel,
      OptionalLong expectedSize,
      String expectedSha256,
      int messageSize,
      boolean verifyChecksum) {
    this.chunkSize = chunkSize;
    this.parallelism = parallelism;
    this.allowFileCreation = allowFileCreation;
    this.compressionLevel = compressionLevel;
    this.expectedSize = expectedSize;
    this.expectedSha256 = expectedSha256;
    this.messageSize = messageSize;
    this.verifyChecksum = verifyChecksum;
  }

  /** Server defaults, 256 KiB messages, client-side checksum verification on. */
  public static UploadOptions defaults() {
    return DEFAULTS;
  }

  /** Bytes per Anaplan chunk before compression (server default 25,000,000). */
  public UploadOptions withChunkSize(long bytes) {
    return new UploadOptions(
        bytes, parallelism, allowFileCreation, compressionLevel, expectedSize, expectedSha256,
        messageSize, verifyChecksum);
  }

  /** Chunks in flight at once on the server. */
  public UploadOptions withParallelism(int chunks) {
    return new UploadOptions(
        chunkSize, chunks, allowFileCreation, compressionLevel, expectedSize, expectedSha256,
        messageSize, verifyChecksum);
  }

  /** Lets Anaplan create a new file when the id is not a known file. */
  public UploadOptions withAllowFileCreation(boolean allow) {
    return new UploadOptions(
        chunkSize, parallelism, allow, compressionLevel, expectedSize, expectedSha256,
        messageSize, verifyChecksum);
  }

  /** gzip level 1-9 used by the server for each chunk. */
  public UploadOptions withCompressionLevel(int level) {
    return new UploadOptions(
        chunkSize, parallelism, allowFileCreation, level, expectedSize, expectedSha256,
        messageSize, verifyChecksum);
  }

  /**
   * The size and SHA-256 (lower-case hex, or "" for no checksum) the server must receive before
   * it completes the file; a mismatch fails with DATA_LOSS and the file is not completed.
   */
  public UploadOptions withExpected(long size, String sha256) {
    return new UploadOptions(
        chunkSize, parallelism, allowFileCreation, compressionLevel, OptionalLong.of(size),
        sha256 == null ? "" : sha256, messageSize, verifyChecksum);
  }

  /** Bytes per gRPC data message (1 B - 4 MiB); 256 KiB by default. */
  public UploadOptions withMessageSize(int bytes) {
    if (bytes <= 0 || bytes > 4 * 1024 * 1024) {
      throw new IllegalArgumentException("message size must be in 1..4194304, got " + bytes);
    }
    return new UploadOptions(
        chunkSize, parallelism, allowFileCreation, compressionLevel, expectedSize, expectedSha256,
        bytes, verifyChecksum);
  }

  /**
   * Whether to compare the size and SHA-256 the server reports with what this client sent
   * (default on); a mismatch throws {@link AnaplanException.DataLoss} after the upload.
   */
  public UploadOptions withVerifyChecksum(boolean verify) {
    return new UploadOptions(
        chunkSize, parallelism, allowFileCreation, compressionLevel, expectedSize, expectedSha256,
        messageSize, verify);
  }

  public int messageSize() {
    return messageSize;
  }

  public boolean verifyChecksum() {
    return verifyChecksum;
  }

  /** The header message for {@code file} in the given model. */
  UploadHeader toHeader(String workspaceId, String modelId, ObjectRef file) {
    UploadHeader.Builder h =
        UploadHeader.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setFile(file)
            .setChunkSize(chunkSize)
            .setParallelism(parallelism)
            .setAllowFileCreation(allowFileCreation)
            .setCompressionLevel(compressionLevel)
            .setExpectedSha256(expectedSha256);
    expectedSize.ifPresent(h::setExpectedSize);
    return h.build();
  }
}
