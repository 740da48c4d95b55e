package anaplan

// Unit tests of the family plumbing (default timeout, credentials, batched
// client-streaming writes) against an in-process fake TransactionalService.

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

type fakeTx struct {
	anaplanv1.UnimplementedTransactionalServiceServer

	mu       sync.Mutex
	auth     []string
	batches  []int // items per batch message received
	ended    chan error
	rejectAt int // fail the write after this many batches (0: never)
}

func (f *fakeTx) GetModelStatus(ctx context.Context, _ *anaplanv1.ModelScope) (*anaplanv1.ModelStatus, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.auth = append(f.auth, strings.Join(md.Get("authorization"), "|"))
	f.mu.Unlock()
	<-ctx.Done() // only the caller's deadline ends this call
	return nil, status.FromContextError(ctx.Err()).Err()
}

func (f *fakeTx) InsertListItems(stream grpc.ClientStreamingServer[anaplanv1.ListItemsWriteRequest, anaplanv1.ListItemsResult]) error {
	var total int64
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			f.ended <- nil
			return stream.SendAndClose(&anaplanv1.ListItemsResult{Added: total, Total: total})
		}
		if err != nil {
			f.ended <- err
			return err
		}
		if b := msg.GetBatch(); b != nil {
			f.mu.Lock()
			f.batches = append(f.batches, len(b.GetItems()))
			n := len(f.batches)
			f.mu.Unlock()
			total += int64(len(b.GetItems()))
			if f.rejectAt > 0 && n == f.rejectAt {
				f.ended <- nil
				return status.Error(codes.InvalidArgument, "item 1000: name is required")
			}
		}
	}
}

func startFakeTx(t *testing.T, f *fakeTx, opts ...Option) *Client {
	t.Helper()
	f.ended = make(chan error, 1)
	return startInProcess(t, func(srv *grpc.Server) { anaplanv1.RegisterTransactionalServiceServer(srv, f) }, opts...)
}

func items(n int) []*anaplanv1.ListItemInput {
	out := make([]*anaplanv1.ListItemInput, n)
	for i := range out {
		out[i] = &anaplanv1.ListItemInput{Name: "x"}
	}
	return out
}

func TestDefaultTimeoutAndCredentialsOnFamilies(t *testing.T) {
	f := &fakeTx{}
	c := startFakeTx(t, f, WithTimeout(200*time.Millisecond), WithAnaplanToken("tok"))
	_, err := c.Transactional("ws", "m").GetModelStatus(context.Background())
	if !errors.Is(err, ErrDeadlineExceeded) {
		t.Fatalf("GetModelStatus with a 200 ms default timeout: %v", err)
	}
	// A caller's own (shorter) deadline wins; the token is sent either way.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Transactional("ws", "m").GetModelStatus(ctx); !errors.Is(err, ErrDeadlineExceeded) {
		t.Fatalf("GetModelStatus with a caller deadline: %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// (A call whose deadline passed before the server dispatched it records
	// nothing: on a loaded machine that can happen.)
	if len(f.auth) == 0 || slices.ContainsFunc(f.auth, func(a string) bool { return a != "AnaplanAuthToken tok" }) {
		t.Errorf("authorization headers %q", f.auth)
	}
}

func TestWriteBatchesSplitsIntoMessages(t *testing.T) {
	f := &fakeTx{}
	c := startFakeTx(t, f)
	res, err := c.Transactional("ws", "m").InsertListItems(context.Background(), 1, slices.Values(items(2500)))
	if err != nil || res.GetAdded() != 2500 {
		t.Fatalf("InsertListItems = %v, %v", res, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Equal(f.batches, []int{1000, 1000, 500}) {
		t.Errorf("batches %v", f.batches)
	}
}

func TestWriteBatchesServerErrorIsTyped(t *testing.T) {
	f := &fakeTx{rejectAt: 1}
	c := startFakeTx(t, f)
	// The server fails after the first batch while items keep coming.
	_, err := c.Transactional("ws", "m").InsertListItems(context.Background(), 1, slices.Values(items(50000)))
	var ae *Error
	if !errors.As(err, &ae) || ae.Code != codes.InvalidArgument || !strings.Contains(ae.Message, "item 1000") {
		t.Fatalf("want the server's INVALID_ARGUMENT as *Error, got %T %v", err, err)
	}
}

func TestWriteBatchesCancelAbandonsStream(t *testing.T) {
	f := &fakeTx{}
	c := startFakeTx(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan *anaplanv1.ListItemInput)
	go func() {
		defer close(ch)
		for i := range 1500 {
			if i == 1200 {
				cancel() // mid-stream: one full batch already sent
			}
			ch <- &anaplanv1.ListItemInput{Name: "x"}
		}
	}()
	_, err := c.Transactional("ws", "m").InsertListItems(ctx, 1, Chan(ch))
	for range ch { // let the producer finish
	}
	if !errors.Is(err, ErrCanceled) {
		t.Fatalf("InsertListItems after cancel: %v", err)
	}
	select {
	case end := <-f.ended:
		if status.Code(end) != codes.Canceled {
			t.Errorf("server saw %v, want the stream cancelled (no half-open EOF)", end)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server's stream did not end")
	}
}
