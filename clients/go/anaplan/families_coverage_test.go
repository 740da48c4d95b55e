package anaplan

// Checks that every RPC of the wrapped services has a hand-written method,
// and a generic in-process fake (recorder) for the per-method unit tests in
// families_wrappers_test.go.

import (
	"context"
	"fmt"
	"io"
	"iter"
	"reflect"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// wrapperNames lists the RPCs whose wrapper method is not named like the
// RPC, and why. Every other RPC must have a method of the same name on its
// service's wrapper.
var wrapperNames = map[string]struct{ method, why string }{
	"TransactionalService/StreamListItems": {"ListItems",
		"a server stream wrapped as an iterator is named for what it yields; GetListItems is the one-reply form"},
	"TransactionalService/StreamDimensionItems": {"DimensionItems",
		"iterator named for what it yields; GetDimensionItems is the one-reply form"},
	"TransactionalService/StreamCells": {"CellRows",
		"the iterator yields rows (CellRow), not cells; GetCells is the one-reply form"},
	"AuditService/StreamEvents": {"Events",
		"iterator named for what it yields; GetEvents is the one-reply form"},
	"ScimService/StreamUsers": {"Users",
		"iterator named for what it yields; GetUsers is the one-reply form"},
}

type wrappedService struct {
	desc    *grpc.ServiceDesc
	file    protoreflect.FileDescriptor
	wrapper reflect.Type
}

var wrappedServices = []wrappedService{
	{&anaplanv1.TransactionalService_ServiceDesc, anaplanv1.File_anaplan_v1_transactional_proto, reflect.TypeFor[*Transactional]()},
	{&anaplanv1.AlmService_ServiceDesc, anaplanv1.File_anaplan_v1_alm_proto, reflect.TypeFor[*ALM]()},
	{&anaplanv1.AuditService_ServiceDesc, anaplanv1.File_anaplan_v1_audit_proto, reflect.TypeFor[*Audit]()},
	{&anaplanv1.ScimService_ServiceDesc, anaplanv1.File_anaplan_v1_scim_proto, reflect.TypeFor[*SCIM]()},
	{&anaplanv1.CloudWorksService_ServiceDesc, anaplanv1.File_anaplan_v1_cloud_works_proto, reflect.TypeFor[*CloudWorks]()},
}

func shortService(full string) string { return full[strings.LastIndexByte(full, '.')+1:] }

var (
	writerType  = reflect.TypeFor[io.Writer]()
	contextType = reflect.TypeFor[context.Context]()
)

func TestEveryRPCHasAWrapper(t *testing.T) {
	used := map[string]bool{}
	for _, s := range wrappedServices {
		svc := s.file.Services().ByName(protoreflect.Name(shortService(s.desc.ServiceName)))
		if svc == nil {
			t.Fatalf("%s is not in %s", s.desc.ServiceName, s.file.Path())
		}
		if n := len(s.desc.Methods) + len(s.desc.Streams); n != svc.Methods().Len() || n == 0 {
			t.Fatalf("%s: ServiceDesc has %d RPCs, the proto %d", s.desc.ServiceName, n, svc.Methods().Len())
		}
		for i := range svc.Methods().Len() {
			m := svc.Methods().Get(i)
			rpc := shortService(s.desc.ServiceName) + "/" + string(m.Name())
			name := string(m.Name())
			if e, ok := wrapperNames[rpc]; ok {
				name, used[rpc] = e.method, true
			}
			meth, ok := s.wrapper.MethodByName(name)
			if !ok {
				t.Errorf("RPC %s has no wrapper method %s.%s", rpc, s.wrapper.Elem().Name(), name)
				continue
			}
			// Every wrapper takes a context first; streams have the shapes of
			// the package: server streams yield an iter.Seq2 or write to an
			// io.Writer, client streams read an iter.Seq.
			ft := meth.Type
			if ft.NumIn() < 2 || ft.In(1) != contextType {
				t.Errorf("%s.%s (%s) does not take a context first", s.wrapper.Elem().Name(), name, rpc)
			}
			switch {
			case m.IsStreamingClient():
				if !hasParam(ft, func(p reflect.Type) bool { return p.Kind() == reflect.Func && p.NumIn() == 1 }) {
					t.Errorf("%s.%s (client stream %s) takes no iter.Seq", s.wrapper.Elem().Name(), name, rpc)
				}
			case m.IsStreamingServer():
				seq := ft.NumOut() == 1 && ft.Out(0).Kind() == reflect.Func
				if !seq && !hasParam(ft, func(p reflect.Type) bool { return p == writerType }) {
					t.Errorf("%s.%s (server stream %s) neither returns an iter.Seq2 nor takes an io.Writer", s.wrapper.Elem().Name(), name, rpc)
				}
			}
		}
	}
	for rpc := range wrapperNames {
		if !used[rpc] {
			t.Errorf("wrapperNames entry %s names no RPC", rpc)
		}
	}
}

func hasParam(ft reflect.Type, ok func(reflect.Type) bool) bool {
	for i := range ft.NumIn() {
		if ok(ft.In(i)) {
			return true
		}
	}
	return false
}

// recorder fakes any generated service: it decodes each call's requests
// into their generated types, records them by "Service/Method", and answers
// with the replies queued for the method (several for a server stream;
// none: UNIMPLEMENTED).
type recorder struct {
	mu      sync.Mutex
	reqs    map[string][]proto.Message
	replies map[string][]proto.Message
}

// startRecorder serves the services of sds with r through the shared
// in-process server helper.
func startRecorder(t *testing.T, r *recorder, sds ...*grpc.ServiceDesc) *Client {
	t.Helper()
	r.reqs = map[string][]proto.Message{}
	return startInProcess(t, func(srv *grpc.Server) {
		for _, sd := range sds {
			srv.RegisterService(r.desc(t, sd), r)
		}
	})
}

func (r *recorder) desc(t *testing.T, sd *grpc.ServiceDesc) *grpc.ServiceDesc {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(sd.ServiceName))
	if err != nil {
		t.Fatal(err)
	}
	svc := d.(protoreflect.ServiceDescriptor)
	input := func(method string) (string, func() proto.Message) {
		in := svc.Methods().ByName(protoreflect.Name(method)).Input()
		mt, err := protoregistry.GlobalTypes.FindMessageByName(in.FullName())
		if err != nil {
			t.Fatal(err)
		}
		return shortService(sd.ServiceName) + "/" + method, func() proto.Message { return mt.New().Interface() }
	}
	out := &grpc.ServiceDesc{ServiceName: sd.ServiceName, HandlerType: (*any)(nil), Metadata: sd.Metadata}
	for _, m := range sd.Methods {
		rpc, newReq := input(m.MethodName)
		out.Methods = append(out.Methods, grpc.MethodDesc{MethodName: m.MethodName,
			Handler: func(_ any, _ context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
				req := newReq()
				if err := dec(req); err != nil {
					return nil, err
				}
				r.record(rpc, req)
				replies, err := r.reply(rpc)
				if err != nil {
					return nil, err
				}
				return replies[0], nil
			}})
	}
	for _, s := range sd.Streams {
		rpc, newReq := input(s.StreamName)
		out.Streams = append(out.Streams, grpc.StreamDesc{StreamName: s.StreamName, ServerStreams: s.ServerStreams, ClientStreams: s.ClientStreams,
			Handler: func(_ any, stream grpc.ServerStream) error {
				for {
					req := newReq()
					if err := stream.RecvMsg(req); err == io.EOF {
						break
					} else if err != nil {
						return err
					}
					r.record(rpc, req)
					if !s.ClientStreams {
						break
					}
				}
				replies, err := r.reply(rpc)
				if err != nil {
					return err
				}
				for _, m := range replies {
					if err := stream.SendMsg(m); err != nil {
						return err
					}
				}
				return nil
			}})
	}
	return out
}

func (r *recorder) record(rpc string, req proto.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs[rpc] = append(r.reqs[rpc], req)
}

func (r *recorder) reply(rpc string) ([]proto.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.replies[rpc]) == 0 {
		return nil, status.Errorf(codes.Unimplemented, "no reply queued for %s", rpc)
	}
	return r.replies[rpc], nil
}

// sameResult compares a wrapper's result with the expected one: protos with
// proto.Equal, slices element by element, the rest with reflect.DeepEqual.
func sameResult(got, want any) bool {
	return sameValue(reflect.ValueOf(got), reflect.ValueOf(want))
}

func sameValue(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return !a.IsValid() && !b.IsValid()
	}
	if a.Kind() == reflect.Interface {
		return sameValue(a.Elem(), b)
	}
	if b.Kind() == reflect.Interface {
		return sameValue(a, b.Elem())
	}
	if a.Type() != b.Type() {
		return false
	}
	if m, ok := a.Interface().(proto.Message); ok {
		return proto.Equal(m, b.Interface().(proto.Message))
	}
	if a.Kind() == reflect.Slice && a.Type().Elem().Kind() != reflect.Uint8 {
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// drain collects an iterator's elements, stopping at its error.
func drain[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func describe(ms []proto.Message) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%T{%v}", m, m))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
