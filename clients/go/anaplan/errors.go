package anaplan

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// ErrorDomain is the ErrorInfo domain the service uses for its reasons.
const ErrorDomain = "anaplan.v1"

// Reasons the service sends in google.rpc.ErrorInfo.
const (
	ReasonTaskFailed = "ANAPLAN_TASK_FAILED"
	ReasonConflict   = "ANAPLAN_CONFLICT"
)

// Trailing metadata keys the service sets on failed calls.
const (
	TrailerHTTPStatus = "anaplan-http-status"
	TrailerRequestID  = "anaplan-request-id"
)

// Error is the error every Client method returns for a failed RPC. It keeps
// the gRPC status and the rich details the service attached.
//
// Use errors.As to get at the fields, or errors.Is with the sentinels
// (ErrNotFound, ErrTaskFailed, ...) to test the class of failure:
//
//	var aerr *anaplan.Error
//	if errors.As(err, &aerr) && aerr.TaskStatus != nil { ... }
//	if errors.Is(err, anaplan.ErrNotFound) { ... }
type Error struct {
	// Code is the gRPC status code.
	Code codes.Code
	// Message is the status message (Anaplan's message where it had one).
	Message string
	// Reason and Domain come from google.rpc.ErrorInfo, e.g.
	// "ANAPLAN_TASK_FAILED" in domain "anaplan.v1".
	Reason string
	Domain string
	// Metadata is ErrorInfo's metadata (http_status, request_id,
	// chunk_index, field, retry_after_seconds, ...).
	Metadata map[string]string
	// HTTPStatus is the HTTP status Anaplan answered, 0 when none.
	HTTPStatus int
	// RequestID identifies the request in the service's logs.
	RequestID string
	// ChunkIndex is the index of the file chunk that failed, -1 when none.
	ChunkIndex int64
	// TaskStatus is the status of a task that ended unsuccessfully.
	TaskStatus *anaplanv1.TaskStatus
	// RetryDelay is how long to wait before retrying (RetryInfo), 0 if none.
	RetryDelay time.Duration
	// FieldViolations lists the invalid request fields (BadRequest).
	FieldViolations []*errdetails.BadRequest_FieldViolation
	// Trailer is the call's trailing metadata, when it was received.
	Trailer metadata.MD

	st *status.Status
}

// Error implements error.
func (e *Error) Error() string {
	s := "anaplan: " + e.Code.String()
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.HTTPStatus != 0 {
		s += " [http " + strconv.Itoa(e.HTTPStatus) + "]"
	}
	if e.RequestID != "" {
		s += " [request " + e.RequestID + "]"
	}
	return s
}

// GRPCStatus lets status.FromError and status.Code see the original status.
func (e *Error) GRPCStatus() *status.Status {
	if e.st != nil {
		return e.st
	}
	return status.New(e.Code, e.Message)
}

// Is reports whether target is a sentinel of this error's class, or
// context.Canceled / context.DeadlineExceeded for the matching codes.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case *sentinel:
		return t.code == e.Code && (t.reason == "" || t.reason == e.Reason)
	}
	switch target {
	case context.Canceled:
		return e.Code == codes.Canceled
	case context.DeadlineExceeded:
		return e.Code == codes.DeadlineExceeded
	}
	return false
}

// IsRetryable reports whether the same call may succeed later: the service
// was unavailable, rate limited or a conflicting task was running.
func (e *Error) IsRetryable() bool {
	switch e.Code {
	case codes.Unavailable, codes.ResourceExhausted:
		return true
	case codes.Aborted:
		return e.Reason == ReasonConflict
	}
	return false
}

type sentinel struct {
	code   codes.Code
	reason string
	text   string
}

func (s *sentinel) Error() string { return s.text }

// Sentinels for errors.Is. Each matches an *Error by code (and reason where
// given).
var (
	ErrCanceled           error = &sentinel{codes.Canceled, "", "anaplan: canceled"}
	ErrInvalidArgument    error = &sentinel{codes.InvalidArgument, "", "anaplan: invalid argument"}
	ErrDeadlineExceeded   error = &sentinel{codes.DeadlineExceeded, "", "anaplan: deadline exceeded"}
	ErrNotFound           error = &sentinel{codes.NotFound, "", "anaplan: not found"}
	ErrAlreadyExists      error = &sentinel{codes.AlreadyExists, "", "anaplan: already exists"}
	ErrPermissionDenied   error = &sentinel{codes.PermissionDenied, "", "anaplan: permission denied"}
	ErrResourceExhausted  error = &sentinel{codes.ResourceExhausted, "", "anaplan: resource exhausted"}
	ErrFailedPrecondition error = &sentinel{codes.FailedPrecondition, "", "anaplan: failed precondition"}
	ErrAborted            error = &sentinel{codes.Aborted, "", "anaplan: aborted"}
	ErrUnimplemented      error = &sentinel{codes.Unimplemented, "", "anaplan: unimplemented"}
	ErrInternal           error = &sentinel{codes.Internal, "", "anaplan: internal error"}
	ErrUnavailable        error = &sentinel{codes.Unavailable, "", "anaplan: unavailable"}
	ErrDataLoss           error = &sentinel{codes.DataLoss, "", "anaplan: data loss"}
	ErrUnauthenticated    error = &sentinel{codes.Unauthenticated, "", "anaplan: unauthenticated"}
	// ErrTaskFailed: a task ended unsuccessfully (ABORTED, reason
	// ANAPLAN_TASK_FAILED); the *Error carries the TaskStatus.
	ErrTaskFailed error = &sentinel{codes.Aborted, ReasonTaskFailed, "anaplan: task failed"}
	// ErrConflict: Anaplan answered 409 (model busy, task already running).
	ErrConflict error = &sentinel{codes.Aborted, ReasonConflict, "anaplan: conflict"}
)

// FromError converts an error returned by a gRPC call into an *Error. It
// returns nil for nil, and err itself when err carries no gRPC status (for
// example an error of the io.Reader an upload read from).
func FromError(err error, trailer metadata.MD) error {
	if err == nil {
		return nil
	}
	var existing *Error
	if errors.As(err, &existing) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		if errors.Is(err, context.Canceled) {
			st = status.New(codes.Canceled, err.Error())
		} else if errors.Is(err, context.DeadlineExceeded) {
			st = status.New(codes.DeadlineExceeded, err.Error())
		} else {
			return err
		}
	}
	return newError(st, trailer)
}

func newError(st *status.Status, trailer metadata.MD) *Error {
	e := &Error{Code: st.Code(), Message: st.Message(), ChunkIndex: -1, Trailer: trailer, st: st}
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			e.Reason = d.GetReason()
			e.Domain = d.GetDomain()
			e.Metadata = d.GetMetadata()
		case *errdetails.RetryInfo:
			if d.GetRetryDelay() != nil {
				e.RetryDelay = d.GetRetryDelay().AsDuration()
			}
		case *errdetails.BadRequest:
			e.FieldViolations = append(e.FieldViolations, d.GetFieldViolations()...)
		case *anaplanv1.TaskStatus:
			e.TaskStatus = d
		}
	}
	if v, ok := e.Metadata["http_status"]; ok {
		e.HTTPStatus, _ = strconv.Atoi(v)
	}
	if v, ok := e.Metadata["request_id"]; ok {
		e.RequestID = v
	}
	if v, ok := e.Metadata["chunk_index"]; ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			e.ChunkIndex = n
		}
	}
	if e.RetryDelay == 0 {
		if v, ok := e.Metadata["retry_after_seconds"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				e.RetryDelay = time.Duration(f * float64(time.Second))
			}
		}
	}
	if e.HTTPStatus == 0 {
		if v := trailer.Get(TrailerHTTPStatus); len(v) > 0 {
			e.HTTPStatus, _ = strconv.Atoi(v[0])
		}
	}
	if e.RequestID == "" {
		if v := trailer.Get(TrailerRequestID); len(v) > 0 {
			e.RequestID = v[0]
		}
	}
	return e
}

// taskFailedError builds the error RunAction-style helpers return when a task
// completed unsuccessfully but the service returned its status (status_only).
func taskFailedError(ts *anaplanv1.TaskStatus) *Error {
	return &Error{
		Code:       codes.Aborted,
		Message:    fmt.Sprintf("task %s ended unsuccessfully", ts.GetTaskId()),
		Reason:     ReasonTaskFailed,
		Domain:     ErrorDomain,
		ChunkIndex: -1,
		TaskStatus: ts,
	}
}
