package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.ExportAndDownloadResponse;
import dev.anaplan.grpc.v1.FileChunk;
import dev.anaplan.grpc.v1.TaskStatus;
import java.util.NoSuchElementException;

/**
 * The file pieces of an ExportAndDownload stream; the leading task message is kept aside in
 * {@link #task()}.
 */
final class ExportChunks implements CloseableIterator<FileChunk> {
  private final CloseableIterator<ExportAndDownloadResponse> stream;
  private TaskStatus task = TaskStatus.getDefaultInstance();
  private FileChunk pending;

  ExportChunks(CloseableIterator<ExportAndDownloadResponse> stream) {
    this.stream = stream;
  }

  /** The export task (default instance until the stream delivered it). */
  TaskStatus task() {
    return task;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && stream.hasNext()) {
      ExportAndDownloadResponse r = stream.next();
      if (r.hasTask()) {
        task = r.getTask();
      } else if (r.hasChunk()) {
        pending = r.getChunk();
      }
    }
    return pending != null;
  }

  @Override
  public FileChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    FileChunk c = pending;
    pending = null;
    return c;
  }

  @Override
  public void close() {
    stream.close();
  }
}
