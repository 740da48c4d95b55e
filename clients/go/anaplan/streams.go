package anaplan

import (
	"context"
	"iter"

	"google.golang.org/grpc"
)

// DefaultWriteBatch is how many items or cells the client-streaming write
// helpers put in one message. The service regroups them into Anaplan calls
// of its own size, so this only bounds the message size.
const DefaultWriteBatch = 1000

// flatten turns a server stream of pages into an iterator over the items of
// each page (items picks them out of a message).
func flatten[Msg, Item any](pages iter.Seq2[*Msg, error], items func(*Msg) []Item) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		var zero Item
		for page, err := range pages {
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items(page) {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// writeBatches runs one client-streaming write: header first, then the
// items in messages of DefaultWriteBatch, then it waits for the response.
// When items ends early because ctx ended, the stream is cancelled and the
// service commits nothing it has not already sent on.
func writeBatches[Item, Req, Resp any](ctx context.Context,
	open func(context.Context) (grpc.ClientStreamingClient[Req, Resp], error),
	header *Req, items iter.Seq[Item], batch func([]Item) *Req) (*Resp, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := open(ctx)
	if err != nil {
		return nil, FromError(err, nil)
	}
	// A failed Send means the server ended the call: CloseAndRecv has why.
	sendOK := stream.Send(header) == nil
	buf := make([]Item, 0, DefaultWriteBatch)
	flush := func() bool {
		if len(buf) == 0 {
			return true
		}
		sendOK = stream.Send(batch(buf)) == nil
		buf = make([]Item, 0, DefaultWriteBatch) // gRPC may still hold the sent one
		return sendOK
	}
	if sendOK {
		for it := range items {
			if ctx.Err() != nil {
				break
			}
			buf = append(buf, it)
			if len(buf) == DefaultWriteBatch && !flush() {
				break
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, FromError(err, nil)
	}
	if sendOK {
		flush()
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, FromError(err, stream.Trailer())
	}
	return resp, nil
}

// Chan adapts a channel to the iter.Seq the write helpers take. The write
// sends until ch is closed, so close it also when giving up (a cancelled
// context is only noticed between items).
func Chan[T any](ch <-chan T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range ch {
			if !yield(v) {
				return
			}
		}
	}
}
