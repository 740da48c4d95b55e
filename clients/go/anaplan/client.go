// Package anaplan is an idiomatic Go client for anaplan-grpc, the gRPC
// service that exposes the Anaplan API. It wraps the generated stubs of
// package anaplanv1 with:
//
//   - dial options for TLS / mTLS and per-call Anaplan credentials sent as
//     metadata (WithAnaplanToken, WithAnaplanBasicAuth);
//   - a model binding (Client.WithModel) so model-scoped calls take no ids;
//   - file helpers that upload from an io.Reader and download to an
//     io.Writer in bounded memory;
//   - iterators (iter.Seq2) over server streams;
//   - wrappers for the other services, a method for every RPC:
//     Transactional, ALM, Audit, CloudWorks and SCIM (each type's Raw is
//     its generated stub);
//   - a typed error, *Error, with sentinels for errors.Is.
//
// Method names mirror anaplan-sdk's Client: GetWorkspaces, GetModels,
// GetFiles, RunAction, UploadFile, GetFile, UploadAndImport,
// ExportAndDownload, WatchTask, CancelTask, ...
package anaplan

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// DefaultMessageSize is the size of the data messages upload helpers send.
const DefaultMessageSize = 256 << 10

// Client talks to an anaplan-grpc service. It is safe for concurrent use.
// Close it when done (unless it was built with NewFromConn).
type Client struct {
	conn     *grpc.ClientConn
	cc       grpc.ClientConnInterface // conn, or the caller's wrapped in metadataConn
	bulk     anaplanv1.BulkServiceClient
	opts     options
	ownsConn bool
}

type options struct {
	tlsConfig   *tls.Config
	tlsErr      error
	useTLS      bool
	authority   string
	auth        string // value of the authorization header, "" for none
	headers     metadata.MD
	dialOpts    []grpc.DialOption
	messageSize int
	timeout     time.Duration // default deadline of unary calls, 0 for none
}

// Option configures a Client.
type Option func(*options)

// WithTLS connects with TLS using cfg (nil: the system roots).
func WithTLS(cfg *tls.Config) Option {
	return func(o *options) {
		o.useTLS = true
		if cfg == nil {
			cfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		o.tlsConfig = cfg
	}
}

// WithTLSFiles connects with TLS, trusting the PEM CA bundle in caFile
// (empty: the system roots) and presenting the client certificate in
// certFile/keyFile for mTLS (both empty: none).
func WithTLSFiles(caFile, certFile, keyFile string) Option {
	return func(o *options) {
		o.useTLS = true
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if caFile != "" {
			pem, err := os.ReadFile(caFile)
			if err != nil {
				o.tlsErr = fmt.Errorf("anaplan: reading CA file: %w", err)
				return
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				o.tlsErr = fmt.Errorf("anaplan: no certificate in CA file %s", caFile)
				return
			}
			cfg.RootCAs = pool
		}
		if certFile != "" || keyFile != "" {
			cert, err := tls.LoadX509KeyPair(certFile, keyFile)
			if err != nil {
				o.tlsErr = fmt.Errorf("anaplan: loading client certificate: %w", err)
				return
			}
			cfg.Certificates = []tls.Certificate{cert}
		}
		o.tlsConfig = cfg
	}
}

// WithAuthority overrides the :authority (and TLS server name) sent.
func WithAuthority(authority string) Option {
	return func(o *options) { o.authority = authority }
}

// WithAnaplanToken sends the Anaplan auth token with every call
// ("authorization: AnaplanAuthToken <token>"); the service then calls
// Anaplan as that token's user instead of its own credential profile.
// A context from ContextWithAnaplanToken overrides it for one call.
func WithAnaplanToken(token string) Option {
	return func(o *options) { o.auth = "AnaplanAuthToken " + token }
}

// WithAnaplanBasicAuth sends Anaplan basic credentials with every call; the
// service exchanges them for a token and caches it.
func WithAnaplanBasicAuth(email, password string) Option {
	return func(o *options) { o.auth = basicAuth(email, password) }
}

// WithHeader sends an extra metadata header with every call (for example an
// API key a gateway in front of the service expects).
func WithHeader(key, value string) Option {
	return func(o *options) {
		if o.headers == nil {
			o.headers = metadata.MD{}
		}
		o.headers.Append(key, value)
	}
}

// WithDialOptions adds raw grpc.DialOptions (interceptors, keepalive, ...).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dialOpts = append(o.dialOpts, opts...) }
}

// WithMessageSize sets the size of the data messages of uploads (default
// 256 KiB; the service accepts up to its max_receive_message_bytes).
func WithMessageSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.messageSize = n
		}
	}
}

// WithTimeout gives every unary call whose context has no deadline this
// one (default: none), in every service. Unary calls that wait for a task
// (RunAction, SyncModels, ...) count their wait too: size it for them.
// Streams are not limited, as they may legitimately run for long; bound
// them with the context.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// ContextWithAnaplanToken returns a context whose calls carry this Anaplan
// token instead of the client's default credentials.
func ContextWithAnaplanToken(ctx context.Context, token string) context.Context {
	return withAuth(ctx, "AnaplanAuthToken "+token)
}

// ContextWithAnaplanBasicAuth returns a context whose calls carry these
// Anaplan basic credentials instead of the client's default credentials.
func ContextWithAnaplanBasicAuth(ctx context.Context, email, password string) context.Context {
	return withAuth(ctx, basicAuth(email, password))
}

func withAuth(ctx context.Context, value string) context.Context {
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Set("authorization", value)
	return metadata.NewOutgoingContext(ctx, md)
}

func basicAuth(email, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+password))
}

// New creates a client for target ("host:port", or any gRPC target such as
// "dns:///anaplan-grpc.example:443"). Without WithTLS/WithTLSFiles the
// connection is plaintext, which suits a service on loopback or behind a
// mesh sidecar. No connection is made until the first call.
func New(target string, opts ...Option) (*Client, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if o.tlsErr != nil {
		return nil, o.tlsErr
	}
	dial := []grpc.DialOption{
		grpc.WithUnaryInterceptor(o.unaryInterceptor),
		grpc.WithStreamInterceptor(o.streamInterceptor),
	}
	if o.useTLS {
		dial = append(dial, grpc.WithTransportCredentials(credentials.NewTLS(o.tlsConfig)))
	} else {
		dial = append(dial, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if o.authority != "" {
		dial = append(dial, grpc.WithAuthority(o.authority))
	}
	dial = append(dial, o.dialOpts...)
	conn, err := grpc.NewClient(target, dial...)
	if err != nil {
		return nil, fmt.Errorf("anaplan: %w", err)
	}
	return &Client{conn: conn, cc: conn, bulk: anaplanv1.NewBulkServiceClient(conn), opts: o, ownsConn: true}, nil
}

// NewFromConn wraps an existing connection (for example one shared with
// other services, or an in-process one in tests). Credentials options still
// apply: they are added to each call's metadata. Close does not close conn.
func NewFromConn(conn grpc.ClientConnInterface, opts ...Option) *Client {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	c := &Client{opts: o}
	c.cc = &metadataConn{conn, &c.opts}
	c.bulk = anaplanv1.NewBulkServiceClient(c.cc)
	return c
}

func defaultOptions() options { return options{messageSize: DefaultMessageSize} }

// Close closes the connection the client created.
func (c *Client) Close() error {
	if c.ownsConn && c.conn != nil {
		return c.conn.Close()
	}
	return nil
}

// Conn returns the connection the family wrappers call through (with the
// client's credentials and default timeout applied), for generated stubs
// of services this package does not wrap.
func (c *Client) Conn() grpc.ClientConnInterface { return c.cc }

// Bulk returns the generated BulkService stub, for anything this wrapper
// does not cover. Calls through it carry the client's credentials but
// return raw gRPC errors (convert them with FromError).
func (c *Client) Bulk() anaplanv1.BulkServiceClient { return c.bulk }

// outgoing adds the client's credentials and headers to ctx, unless the
// caller set an authorization header for this call.
func (o *options) outgoing(ctx context.Context) context.Context {
	if o.auth == "" && len(o.headers) == 0 {
		return ctx
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	if o.auth != "" && len(md.Get("authorization")) == 0 {
		md.Set("authorization", o.auth)
	}
	for k, v := range o.headers {
		if len(md.Get(k)) == 0 {
			md.Append(k, v...)
		}
	}
	return metadata.NewOutgoingContext(ctx, md)
}

// withTimeout applies the default deadline to a unary call without one.
func (o *options) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if o.timeout <= 0 {
		return ctx, func() {}
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, o.timeout)
}

func (o *options) unaryInterceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	ctx, cancel := o.withTimeout(ctx)
	defer cancel()
	return invoker(o.outgoing(ctx), method, req, reply, cc, opts...)
}

func (o *options) streamInterceptor(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(o.outgoing(ctx), desc, cc, method, opts...)
}

// metadataConn adds the client's metadata to calls on a foreign connection.
type metadataConn struct {
	grpc.ClientConnInterface
	o *options
}

func (m *metadataConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	ctx, cancel := m.o.withTimeout(ctx)
	defer cancel()
	return m.ClientConnInterface.Invoke(m.o.outgoing(ctx), method, args, reply, opts...)
}

func (m *metadataConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return m.ClientConnInterface.NewStream(m.o.outgoing(ctx), desc, method, opts...)
}

// ErrNoModel is returned by model-scoped calls of a ModelClient without ids.
var ErrNoModel = errors.New("anaplan: workspace and model ids are required (use Client.WithModel)")
