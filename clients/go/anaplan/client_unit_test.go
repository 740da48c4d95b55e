package anaplan

// Unit tests against an in-process fake BulkService (no binaries needed).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

type fakeBulk struct {
	anaplanv1.UnimplementedBulkServiceServer

	mu        sync.Mutex
	auth      []string // authorization header of each call
	uploaded  bytes.Buffer
	header    *anaplanv1.UploadHeader
	maxMsg    int
	completed bool
	uploadErr chan error // the upload handler's end (ctx error or nil)
	fileData  []byte
	pieceSize int
	badOffset bool
}

func (f *fakeBulk) record(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.auth = append(f.auth, strings.Join(md.Get("authorization"), "|"))
	f.mu.Unlock()
}

func (f *fakeBulk) GetWorkspaces(ctx context.Context, req *anaplanv1.GetWorkspacesRequest) (*anaplanv1.GetWorkspacesResponse, error) {
	f.record(ctx)
	return &anaplanv1.GetWorkspacesResponse{Workspaces: []*anaplanv1.Workspace{{Id: "w1", Name: "W " + req.GetSortBy()}}}, nil
}

func richError(t *testing.T) error {
	st := status.New(codes.Aborted, "import failed")
	st, err := st.WithDetails(
		&errdetails.ErrorInfo{Reason: ReasonTaskFailed, Domain: ErrorDomain, Metadata: map[string]string{"http_status": "200", "request_id": "req-1", "chunk_index": "3"}},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(1500 * time.Millisecond)},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "action", Description: "bad"}}},
		&anaplanv1.TaskStatus{TaskId: "T1", TaskState: anaplanv1.TaskState_TASK_STATE_COMPLETE, Result: &anaplanv1.TaskResult{Successful: false}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return st.Err()
}

var richErr error

func (f *fakeBulk) RunAction(ctx context.Context, req *anaplanv1.RunActionRequest) (*anaplanv1.RunActionResponse, error) {
	f.record(ctx)
	if req.GetAction().GetName() == "fail" {
		grpc.SetTrailer(ctx, metadata.Pairs(TrailerHTTPStatus, "409", TrailerRequestID, "trailer-req"))
		return nil, richErr
	}
	if req.GetAction().GetName() == "plain" {
		grpc.SetTrailer(ctx, metadata.Pairs(TrailerHTTPStatus, "404", TrailerRequestID, "trailer-req"))
		return nil, status.Error(codes.NotFound, "no such action")
	}
	if req.GetAction().GetId() == 0 {
		return nil, status.Error(codes.InvalidArgument, "action missing")
	}
	return &anaplanv1.RunActionResponse{Task: &anaplanv1.TaskStatus{TaskId: "T2", TaskState: anaplanv1.TaskState_TASK_STATE_COMPLETE,
		Result: &anaplanv1.TaskResult{Successful: true}}}, nil
}

func (f *fakeBulk) UploadFile(stream grpc.ClientStreamingServer[anaplanv1.UploadFileRequest, anaplanv1.UploadFileResponse]) error {
	f.record(stream.Context())
	var end error
	defer func() {
		if f.uploadErr != nil {
			f.uploadErr <- end
		}
	}()
	h := sha256.New()
	first := true
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			end = err
			return err
		}
		if first {
			f.header = msg.GetHeader()
			first = false
			continue
		}
		f.mu.Lock()
		if len(msg.GetData()) > f.maxMsg {
			f.maxMsg = len(msg.GetData())
		}
		f.uploaded.Write(msg.GetData())
		f.mu.Unlock()
		h.Write(msg.GetData())
	}
	f.completed = true
	return stream.SendAndClose(&anaplanv1.UploadFileResponse{FileId: 1, BytesReceived: int64(f.uploaded.Len()), Sha256: hex.EncodeToString(h.Sum(nil))})
}

func (f *fakeBulk) GetFile(req *anaplanv1.GetFileRequest, stream grpc.ServerStreamingServer[anaplanv1.FileChunk]) error {
	data := f.fileData
	off := 0
	first := true
	for off < len(data) || first {
		end := min(off+f.pieceSize, len(data))
		c := &anaplanv1.FileChunk{Data: data[off:end], Offset: int64(off)}
		if f.badOffset && off > 0 {
			c.Offset++
		}
		if first {
			c.File = &anaplanv1.File{Id: 113, Name: "x.csv"}
			c.TotalSize = int64(len(data))
			first = false
		}
		if err := stream.Send(c); err != nil {
			return err
		}
		off = end
	}
	return nil
}

func (f *fakeBulk) WatchTask(req *anaplanv1.WatchTaskRequest, stream grpc.ServerStreamingServer[anaplanv1.TaskStatus]) error {
	for i := 0; ; i++ {
		st := &anaplanv1.TaskStatus{TaskId: req.GetTaskId(), TaskState: anaplanv1.TaskState_TASK_STATE_IN_PROGRESS, Progress: float64(i) / 10}
		if i == 3 && req.GetTaskId() == "short" {
			st.TaskState = anaplanv1.TaskState_TASK_STATE_COMPLETE
			st.Result = &anaplanv1.TaskResult{Successful: false}
			return stream.Send(st)
		}
		if err := stream.Send(st); err != nil {
			return err
		}
		select {
		case <-stream.Context().Done():
			return stream.Context().Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func startFake(t *testing.T, f *fakeBulk, opts ...Option) *Client {
	t.Helper()
	richErr = richError(t)
	return startInProcess(t, func(srv *grpc.Server) { anaplanv1.RegisterBulkServiceServer(srv, f) }, opts...)
}

// startInProcess serves the services that register adds on an in-memory
// listener and returns a Client dialled to it; both stop with the test.
func startInProcess(t *testing.T, register func(*grpc.Server), opts ...Option) *Client {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	register(srv)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	opts = append(opts, WithDialOptions(grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
		return lis.DialContext(ctx)
	})))
	c, err := New("passthrough:///bufnet", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRichErrorDecoded(t *testing.T) {
	c := startFake(t, &fakeBulk{})
	_, err := c.WithModel("w", "m").RunAction(context.Background(), Name("fail"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %T %v", err, err)
	}
	if e.Code != codes.Aborted || e.Reason != ReasonTaskFailed || e.Domain != ErrorDomain {
		t.Errorf("code/reason/domain = %v %q %q", e.Code, e.Reason, e.Domain)
	}
	if e.HTTPStatus != 200 || e.RequestID != "req-1" || e.ChunkIndex != 3 {
		t.Errorf("http/request/chunk = %d %q %d (ErrorInfo wins over trailers)", e.HTTPStatus, e.RequestID, e.ChunkIndex)
	}
	if e.RetryDelay != 1500*time.Millisecond {
		t.Errorf("RetryDelay = %v", e.RetryDelay)
	}
	if e.TaskStatus.GetTaskId() != "T1" || len(e.FieldViolations) != 1 {
		t.Errorf("TaskStatus %v, violations %v", e.TaskStatus, e.FieldViolations)
	}
	if got := e.Trailer.Get(TrailerHTTPStatus); len(got) != 1 || got[0] != "409" {
		t.Errorf("trailer = %v", e.Trailer)
	}
	if !errors.Is(err, ErrTaskFailed) || !errors.Is(err, ErrAborted) || errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
		t.Errorf("errors.Is mismatch for %v", err)
	}
	if status.Code(err) != codes.Aborted {
		t.Errorf("status.Code = %v", status.Code(err))
	}
	if !strings.Contains(err.Error(), "ANAPLAN_TASK_FAILED") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestTrailerFallback(t *testing.T) {
	c := startFake(t, &fakeBulk{})
	_, err := c.WithModel("w", "m").RunAction(context.Background(), Name("plain"))
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	if e.HTTPStatus != 404 || e.RequestID != "trailer-req" {
		t.Errorf("http %d request %q", e.HTTPStatus, e.RequestID)
	}
}

func TestContextErrorsMatch(t *testing.T) {
	c := startFake(t, &fakeBulk{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetWorkspaces(ctx)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCanceled) {
		t.Fatalf("got %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	_, err = c.GetWorkspaces(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrDeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestCredentialsMetadata(t *testing.T) {
	f := &fakeBulk{}
	c := startFake(t, f, WithAnaplanToken("tok"))
	ctx := context.Background()
	if _, err := c.GetWorkspaces(ctx, SortBy("name")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspaces(ContextWithAnaplanToken(ctx, "other")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspaces(ContextWithAnaplanBasicAuth(ctx, "a@b", "pw")); err != nil {
		t.Fatal(err)
	}
	want := []string{"AnaplanAuthToken tok", "AnaplanAuthToken other", "Basic YUBiOnB3"}
	if strings.Join(f.auth, ",") != strings.Join(want, ",") {
		t.Errorf("auth = %q, want %q", f.auth, want)
	}
}

func TestUploadFromReader(t *testing.T) {
	f := &fakeBulk{}
	c := startFake(t, f)
	data := bytes.Repeat([]byte("0123456789abcdef"), 100_000) // 1.6 MB
	var progress []int64
	resp, err := c.WithModel("w", "m").UploadFile(context.Background(), Name("Employees.csv"), bytes.NewReader(data),
		ChunkSize(1000), Parallelism(3), ExpectedSize(int64(len(data))),
		OnProgress(func(done, total int64) {
			if total != int64(len(data)) {
				t.Errorf("total %d", total)
			}
			progress = append(progress, done)
		}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.uploaded.Bytes(), data) || resp.GetBytesReceived() != int64(len(data)) {
		t.Errorf("uploaded %d bytes", f.uploaded.Len())
	}
	if f.maxMsg != DefaultMessageSize {
		t.Errorf("largest message %d, want %d", f.maxMsg, DefaultMessageSize)
	}
	h := f.header
	if h.GetFile().GetName() != "Employees.csv" || h.GetChunkSize() != 1000 || h.GetParallelism() != 3 || h.GetExpectedSize() != int64(len(data)) || h.GetWorkspaceId() != "w" {
		t.Errorf("header %v", h)
	}
	if len(progress) == 0 || progress[len(progress)-1] != int64(len(data)) {
		t.Errorf("progress %v", progress)
	}
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("disk on fire")
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

func TestUploadReaderErrorCancelsStream(t *testing.T) {
	f := &fakeBulk{uploadErr: make(chan error, 1)}
	c := startFake(t, f)
	_, err := c.WithModel("w", "m").UploadFile(context.Background(), ID(1), &failingReader{n: 600_000})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("got %v", err)
	}
	select {
	case end := <-f.uploadErr:
		if status.Code(end) != codes.Canceled {
			t.Errorf("server saw %v, want Canceled", end)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server handler did not end")
	}
	if f.completed {
		t.Error("upload completed despite the reader error")
	}
}

func TestUploadContextCancel(t *testing.T) {
	f := &fakeBulk{uploadErr: make(chan error, 1)}
	c := startFake(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	go func() {
		pw.Write(make([]byte, 300_000))
		cancel()
		// never closes: the upload must end through the context
	}()
	_, err := c.WithModel("w", "m").UploadFile(ctx, ID(1), pr)
	pw.Close()
	if err == nil {
		t.Fatal("want error")
	}
	if end := <-f.uploadErr; status.Code(end) != codes.Canceled || f.completed {
		t.Errorf("server end %v completed %v", end, f.completed)
	}
}

func TestGetFileToWriter(t *testing.T) {
	data := bytes.Repeat([]byte("x,y\n"), 50_000)
	f := &fakeBulk{fileData: data, pieceSize: 64 << 10}
	c := startFake(t, f)
	var buf bytes.Buffer
	d, err := c.WithModel("w", "m").GetFile(context.Background(), ID(113), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), data) || d.Written != int64(len(data)) || d.TotalSize != int64(len(data)) || d.File.GetName() != "x.csv" {
		t.Errorf("download %+v", d)
	}
}

func TestGetFileDetectsGap(t *testing.T) {
	f := &fakeBulk{fileData: make([]byte, 200_000), pieceSize: 64 << 10, badOffset: true}
	c := startFake(t, f)
	_, err := c.WithModel("w", "m").GetFile(context.Background(), ID(113), io.Discard)
	if !errors.Is(err, ErrDataLoss) {
		t.Fatalf("got %v", err)
	}
}

func TestWatchTaskIterator(t *testing.T) {
	c := startFake(t, &fakeBulk{})
	m := c.WithModel("w", "m")
	n := 0
	for st, err := range m.WatchTask(context.Background(), ID(112), "long") {
		if err != nil {
			t.Fatal(err)
		}
		if st.GetTaskId() != "long" {
			t.Fatal(st)
		}
		if n++; n == 5 {
			break // cancels the stream
		}
	}
	st, err := m.WaitTask(context.Background(), ID(112), "short")
	if !errors.Is(err, ErrTaskFailed) || st.GetTaskState() != anaplanv1.TaskState_TASK_STATE_COMPLETE {
		t.Fatalf("WaitTask = %v, %v", st, err)
	}
	var e *Error
	if errors.As(err, &e); e.TaskStatus.GetTaskId() != "short" {
		t.Errorf("TaskStatus %v", e.TaskStatus)
	}
}

func TestParseRef(t *testing.T) {
	for in, want := range map[string]string{"113000000000": "id:113000000000", "Employees.csv": "name:Employees.csv", "12 x": "name:12 x", "-1": "name:-1"} {
		r := ParseRef(in)
		got := "name:" + r.Proto().GetName()
		if r.Proto().GetId() != 0 {
			got = "id:" + r.String()
		}
		if got != want {
			t.Errorf("ParseRef(%q) = %s, want %s", in, got, want)
		}
	}
	if !ParseRef("").IsZero() || ParseRef("").Proto() != nil {
		t.Error("empty ref")
	}
}
