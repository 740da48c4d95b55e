package anaplan

import (
	"context"
	"iter"
	"time"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// Audit is AuditService (anaplan-sdk's client.audit): audit events and the
// tenant's users. Errors are *Error; a window over 30 days is
// ErrInvalidArgument. Every RPC has a method here; Raw is the stub.
type Audit struct {
	c    *Client
	stub anaplanv1.AuditServiceClient
}

// Audit returns the AuditService wrapper.
func (c *Client) Audit() *Audit {
	return &Audit{c: c, stub: anaplanv1.NewAuditServiceClient(c.cc)}
}

// Raw returns the generated stub.
func (a *Audit) Raw() anaplanv1.AuditServiceClient { return a.stub }

// EventFilter selects audit events. The zero value: every type, the last
// 30 days.
type EventFilter struct {
	// Type: all (default), user_activity, access_control, int, conn_mgmt,
	// comment, byok, plan_iq or forecaster.
	Type string
	// DaysIntoPast: a window ending now, 1..30 days (0: 30). Ignored when
	// From is set.
	DaysIntoPast int
	// From and To: an explicit window, at most 30 days long.
	From, To time.Time
}

func (f EventFilter) proto() *anaplanv1.GetEventsRequest {
	r := &anaplanv1.GetEventsRequest{EventType: f.Type, DaysIntoPast: int32(f.DaysIntoPast)}
	if !f.From.IsZero() {
		r.DateFromMs = f.From.UnixMilli()
	}
	if !f.To.IsZero() {
		r.DateToMs = f.To.UnixMilli()
	}
	return r
}

// GetEvents returns every event of the window in one reply (get_events).
// Use Events for big windows.
func (a *Audit) GetEvents(ctx context.Context, f EventFilter) ([]*anaplanv1.AuditEvent, error) {
	resp, err := unary(ctx, a.stub.GetEvents, f.proto())
	return resp.GetEvents(), err
}

// SearchEvents is GetEvents through Anaplan's POST /events/search.
func (a *Audit) SearchEvents(ctx context.Context, f EventFilter) ([]*anaplanv1.AuditEvent, error) {
	resp, err := unary(ctx, a.stub.SearchEvents, f.proto())
	return resp.GetEvents(), err
}

// Events yields the events of the window page by page as Anaplan returns
// them (StreamEvents). Breaking out of the loop cancels the stream; an
// error is the last element.
func (a *Audit) Events(ctx context.Context, f EventFilter) iter.Seq2[*anaplanv1.AuditEvent, error] {
	req := f.proto()
	pages := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.GetEventsResponse], error) {
		return a.stub.StreamEvents(ctx, req)
	})
	return flatten(pages, (*anaplanv1.GetEventsResponse).GetEvents)
}

// GetUsers lists the tenant's users (audit.get_users).
func (a *Audit) GetUsers(ctx context.Context) ([]*anaplanv1.TenantUser, error) {
	resp, err := unary(ctx, a.stub.GetUsers, &anaplanv1.GetUsersRequest{})
	return resp.GetUsers(), err
}

// GetUser returns one user by id; "" or "me" is the caller (audit.get_user).
func (a *Audit) GetUser(ctx context.Context, userID string) (*anaplanv1.TenantUser, error) {
	if userID == "" {
		userID = "me"
	}
	return unary(ctx, a.stub.GetUser, &anaplanv1.GetUserRequest{UserId: userID})
}
