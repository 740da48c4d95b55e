package dev.anaplan.grpc.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.anaplan.grpc.v1.BulkServiceGrpc;
import dev.anaplan.grpc.v1.CancelTaskRequest;
import dev.anaplan.grpc.v1.DataChunk;
import dev.anaplan.grpc.v1.ExportAndDownloadRequest;
import dev.anaplan.grpc.v1.ExportAndDownloadResponse;
import dev.anaplan.grpc.v1.File;
import dev.anaplan.grpc.v1.FileChunk;
import dev.anaplan.grpc.v1.GetFileRequest;
import dev.anaplan.grpc.v1.GetFilesRequest;
import dev.anaplan.grpc.v1.GetFilesResponse;
import dev.anaplan.grpc.v1.GetImportDumpRequest;
import dev.anaplan.grpc.v1.GetModelsRequest;
import dev.anaplan.grpc.v1.GetModelsResponse;
import dev.anaplan.grpc.v1.GetTaskStatusRequest;
import dev.anaplan.grpc.v1.GetWorkspacesRequest;
import dev.anaplan.grpc.v1.GetWorkspacesResponse;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.RunActionRequest;
import dev.anaplan.grpc.v1.RunActionResponse;
import dev.anaplan.grpc.v1.TaskState;
import dev.anaplan.grpc.v1.TaskStatus;
import dev.anaplan.grpc.v1.UploadAndImportRequest;
import dev.anaplan.grpc.v1.UploadAndImportResponse;
import dev.anaplan.grpc.v1.UploadFileRequest;
import dev.anaplan.grpc.v1.UploadFileResponse;
import dev.anaplan.grpc.v1.UploadHeader;
import dev.anaplan.grpc.v1.WatchTaskRequest;
import dev.anaplan.grpc.v1.Workspace;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A scriptable BulkService for unit tests: records requests and headers, answers canned data, and
 * fails any call with {@link #failure} when set.
 */
final class FakeBulkService extends BulkServiceGrpc.BulkServiceImplBase {
  final List<Message> requests = new CopyOnWriteArrayList<>();
  final List<Metadata> headers = new CopyOnWriteArrayList<>();
  volatile StatusRuntimeException failure;

  // Uploads.
  volatile UploadHeader uploadHeader;
  final List<Integer> uploadMessageSizes = new CopyOnWriteArrayList<>();
  final AtomicLong uploadBytes = new AtomicLong();
  volatile String wrongSha;
  /** When set, the server requests one message at a time and records the client's read-ahead. */
  volatile LongSupplier clientBytesRead;
  final AtomicLong maxReadAhead = new AtomicLong();
  final CountDownLatch uploadCancelled = new CountDownLatch(1);
  volatile boolean uploadHeaderRejected;

  // Downloads and streams.
  volatile byte[] fileContent = new byte[0];
  volatile int pieceSize = 1000;
  volatile boolean skipAPiece;
  volatile List<TaskStatus> watchStates = List.of();
  volatile boolean watchHangs;
  final CountDownLatch streamCancelled = new CountDownLatch(1);
  final CountDownLatch unaryCancelled = new CountDownLatch(1);
  volatile boolean runActionHangs;

  /** Records every call's headers. */
  ServerInterceptor headerRecorder() {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata h, ServerCallHandler<ReqT, RespT> next) {
        headers.add(h);
        return next.startCall(call, h);
      }
    };
  }

  <T extends Message> T last(Class<T> type) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (type.isInstance(requests.get(i))) {
        return type.cast(requests.get(i));
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " received");
  }

  private boolean failed(Message request, StreamObserver<?> observer) {
    requests.add(request);
    StatusRuntimeException f = failure;
    if (f != null) {
      observer.onError(f);
      return true;
    }
    return false;
  }

  @Override
  public void getWorkspaces(GetWorkspacesRequest r, StreamObserver<GetWorkspacesResponse> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(
        GetWorkspacesResponse.newBuilder()
            .addWorkspaces(Workspace.newBuilder().setId("ws1").setName("One"))
            .addWorkspaces(Workspace.newBuilder().setId("ws2").setName("Two"))
            .build());
    o.onCompleted();
  }

  @Override
  public void getModels(GetModelsRequest r, StreamObserver<GetModelsResponse> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(
        GetModelsResponse.newBuilder()
            .addModels(Model.newBuilder().setId("m1").setCurrentWorkspaceId(r.getWorkspaceId()))
            .build());
    o.onCompleted();
  }

  @Override
  public void getFiles(GetFilesRequest r, StreamObserver<GetFilesResponse> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(
        GetFilesResponse.newBuilder()
            .addFiles(File.newBuilder().setId(113000000000L).setName("Employees.csv"))
            .build());
    o.onCompleted();
  }

  @Override
  public void runAction(RunActionRequest r, StreamObserver<RunActionResponse> o) {
    if (failed(r, o)) {
      return;
    }
    if (runActionHangs) {
      Context.current().addListener(c -> unaryCancelled.countDown(), Runnable::run);
      return;
    }
    o.onNext(
        RunActionResponse.newBuilder()
            .setTask(
                TaskStatus.newBuilder()
                    .setTaskId("T1")
                    .setActionId(r.getAction().getId())
                    .setTaskState(TaskState.TASK_STATE_COMPLETE))
            .build());
    o.onCompleted();
  }

  @Override
  public void getTaskStatus(GetTaskStatusRequest r, StreamObserver<TaskStatus> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(TaskStatus.newBuilder().setTaskId(r.getTaskId()).build());
    o.onCompleted();
  }

  @Override
  public void cancelTask(CancelTaskRequest r, StreamObserver<TaskStatus> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(
        TaskStatus.newBuilder()
            .setTaskId(r.getTaskId())
            .setTaskState(TaskState.TASK_STATE_CANCELLED)
            .build());
    o.onCompleted();
  }

  @Override
  public void watchTask(WatchTaskRequest r, StreamObserver<TaskStatus> o) {
    if (failed(r, o)) {
      return;
    }
    for (TaskStatus s : watchStates) {
      o.onNext(s);
    }
    if (watchHangs) {
      Context.current().addListener(c -> streamCancelled.countDown(), Runnable::run);
      return;
    }
    o.onCompleted();
  }

  @Override
  public void getImportDump(GetImportDumpRequest r, StreamObserver<DataChunk> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(DataChunk.newBuilder().setData(ByteString.copyFromUtf8("_Line_,Name\n")).build());
    o.onNext(DataChunk.newBuilder().setData(ByteString.copyFromUtf8("2,x\n")).build());
    o.onCompleted();
  }

  @Override
  public void getFile(GetFileRequest r, StreamObserver<FileChunk> o) {
    if (failed(r, o)) {
      return;
    }
    streamFile(o::onNext);
    o.onCompleted();
  }

  private void streamFile(java.util.function.Consumer<FileChunk> out) {
    byte[] content = fileContent;
    for (int off = 0, i = 0; off < content.length || i == 0; off += pieceSize, i++) {
      int n = Math.min(pieceSize, content.length - off);
      FileChunk.Builder c =
          FileChunk.newBuilder()
              .setData(ByteString.copyFrom(content, off, Math.max(n, 0)))
              .setOffset(off);
      if (i == 0) {
        c.setFile(File.newBuilder().setId(113000000000L).setName("Employees.csv"));
        c.setTotalSize(content.length);
      }
      if (skipAPiece && i == 1) {
        continue;
      }
      out.accept(c.build());
      if (content.length == 0) {
        break;
      }
    }
  }

  @Override
  public void exportAndDownload(
      ExportAndDownloadRequest r, StreamObserver<ExportAndDownloadResponse> o) {
    if (failed(r, o)) {
      return;
    }
    o.onNext(
        ExportAndDownloadResponse.newBuilder()
            .setTask(
                TaskStatus.newBuilder()
                    .setTaskId("E1")
                    .setTaskState(TaskState.TASK_STATE_COMPLETE)
                    .setActionId(r.getAction().getId()))
            .build());
    streamFile(c -> o.onNext(ExportAndDownloadResponse.newBuilder().setChunk(c).build()));
    o.onCompleted();
  }

  @Override
  public StreamObserver<UploadFileRequest> uploadFile(StreamObserver<UploadFileResponse> o) {
    Receiver<UploadFileRequest, UploadFileResponse> r =
        new Receiver<>(o) {
          @Override
          boolean isHeader(UploadFileRequest m) {
            return m.hasHeader();
          }

          @Override
          UploadHeader header(UploadFileRequest m) {
            return m.getHeader();
          }

          @Override
          ByteString data(UploadFileRequest m) {
            return m.getData();
          }

          @Override
          UploadFileResponse response(UploadFileResponse upload) {
            return upload;
          }
        };
    return r;
  }

  @Override
  public StreamObserver<UploadAndImportRequest> uploadAndImport(
      StreamObserver<UploadAndImportResponse> o) {
    return new Receiver<UploadAndImportRequest, UploadAndImportResponse>(o) {
      @Override
      boolean isHeader(UploadAndImportRequest m) {
        return m.hasHeader();
      }

      @Override
      UploadHeader header(UploadAndImportRequest m) {
        requests.add(m.getHeader());
        return m.getHeader().getUpload();
      }

      @Override
      ByteString data(UploadAndImportRequest m) {
        return m.getData();
      }

      @Override
      UploadAndImportResponse response(UploadFileResponse upload) {
        return UploadAndImportResponse.newBuilder()
            .setUpload(upload)
            .setTask(TaskStatus.newBuilder().setTaskId("I1").setTaskState(TaskState.TASK_STATE_COMPLETE))
            .build();
      }
    };
  }

  /** Server side of both upload RPCs: header first, then data; optional manual flow control. */
  private abstract class Receiver<Req, Resp> implements StreamObserver<Req> {
    private final ServerCallStreamObserver<Resp> out;
    private final MessageDigest sha;
    private final List<Integer> sizes = new ArrayList<>();
    private boolean sawHeader;
    private boolean closed;

    @SuppressWarnings("unchecked")
    Receiver(StreamObserver<Resp> out) {
      this.out = (ServerCallStreamObserver<Resp>) out;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      if (clientBytesRead != null) {
        this.out.disableAutoRequest();
        this.out.request(1);
      }
    }

    abstract boolean isHeader(Req m);

    abstract UploadHeader header(Req m);

    abstract ByteString data(Req m);

    abstract Resp response(UploadFileResponse upload);

    @Override
    public void onNext(Req m) {
      if (closed) {
        return;
      }
      if (!sawHeader) {
        if (!isHeader(m) || uploadHeaderRejected) {
          closed = true;
          out.onError(
              Status.INVALID_ARGUMENT.withDescription("the first message must be a header")
                  .asRuntimeException());
          return;
        }
        sawHeader = true;
        uploadHeader = header(m);
      } else {
        ByteString d = data(m);
        sizes.add(d.size());
        uploadMessageSizes.add(d.size());
        sha.update(d.toByteArray());
        uploadBytes.addAndGet(d.size());
      }
      LongSupplier read = clientBytesRead;
      if (read != null) {
        maxReadAhead.accumulateAndGet(read.getAsLong() - uploadBytes.get(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (Status.fromThrowable(t).getCode() == Status.Code.CANCELLED) {
        uploadCancelled.countDown();
      }
    }

    @Override
    public void onCompleted() {
      if (closed) {
        return;
      }
      String hex = wrongSha != null ? wrongSha : HexFormat.of().formatHex(sha.digest());
      UploadFileResponse upload =
          UploadFileResponse.newBuilder()
              .setFileId(uploadHeader.getFile().getId())
              .setBytesReceived(uploadBytes.get())
              .setChunksUploaded(1)
              .setSha256(hex)
              .build();
      out.onNext(response(upload));
      out.onCompleted();
    }
  }
}
