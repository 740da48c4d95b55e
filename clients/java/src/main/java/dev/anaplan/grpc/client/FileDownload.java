package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.File;

/**
 * The outcome of a download written to an OutputStream.
 *
 * @param file the file as Anaplan lists it (default instance when the service sent none)
 * @param totalSize the size the service announced, or -1 when unknown
 * @param bytesWritten the bytes written to the stream
 */
public record FileDownload(File file, long totalSize, long bytesWritten) {}
