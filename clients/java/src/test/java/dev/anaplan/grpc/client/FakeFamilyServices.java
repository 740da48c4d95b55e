package dev.anaplan.grpc.client;

import com.google.protobuf.Message;
import dev.anaplan.grpc.v1.AlmServiceGrpc;
import dev.anaplan.grpc.v1.AuditServiceGrpc;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.ScimServiceGrpc;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Every unary RPC of the family services (transactional, ALM, audit, SCIM, CloudWorks), built from
 * their descriptors: records each call, answers a scripted response or the empty message, fails
 * with {@link #failure} when set, and never answers the {@link #hang} method. Server streams
 * record their call and send the messages scripted with {@link #respondStream} (unimplemented when
 * none are); client and bidi streams are unimplemented.
 */
final class FakeFamilyServices {
  /** One received call: the full method name and the request. */
  record Call(String method, Message request) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Message> responses = new ConcurrentHashMap<>();
  private final Map<String, List<? extends Message>> streams = new ConcurrentHashMap<>();
  volatile StatusRuntimeException failure;
  volatile MethodDescriptor<?, ?> hang;
  final CountDownLatch hungCallStarted = new CountDownLatch(1);
  final CountDownLatch hungCallCancelled = new CountDownLatch(1);

  <Resp extends Message> void respond(MethodDescriptor<?, Resp> method, Resp response) {
    responses.put(method.getFullMethodName(), response);
  }

  /** Scripts the messages a server-streaming method sends. */
  <Resp extends Message> void respondStream(MethodDescriptor<?, Resp> method, List<Resp> messages) {
    streams.put(method.getFullMethodName(), List.copyOf(messages));
  }

  List<ServerServiceDefinition> definitions() {
    return Stream.of(
            TransactionalServiceGrpc.getServiceDescriptor(),
            AlmServiceGrpc.getServiceDescriptor(),
            AuditServiceGrpc.getServiceDescriptor(),
            ScimServiceGrpc.getServiceDescriptor(),
            CloudWorksServiceGrpc.getServiceDescriptor())
        .map(this::definition)
        .toList();
  }

  private ServerServiceDefinition definition(ServiceDescriptor service) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service);
    for (MethodDescriptor<?, ?> m : service.getMethods()) {
      add(b, m);
    }
    return b.build();
  }

  private <Req, Resp> void add(ServerServiceDefinition.Builder b, MethodDescriptor<Req, Resp> m) {
    switch (m.getType()) {
      case UNARY -> b.addMethod(m, ServerCalls.asyncUnaryCall((r, o) -> answer(m, r, o)));
      case SERVER_STREAMING -> b.addMethod(
          m,
          ServerCalls.asyncServerStreamingCall((r, o) -> answerStream(m, r, o)));
      case CLIENT_STREAMING -> b.addMethod(
          m,
          ServerCalls.asyncClientStreamingCall(
              o -> ServerCalls.asyncUnimplementedStreamingCall(m, o)));
      default -> b.addMethod(
          m,
          ServerCalls.asyncBidiStreamingCall(
              o -> ServerCalls.asyncUnimplementedStreamingCall(m, o)));
    }
  }

  @SuppressWarnings("unchecked")
  private <Req, Resp> void answerStream(
      MethodDescriptor<Req, Resp> m, Req request, StreamObserver<Resp> o) {
    calls.add(new Call(m.getFullMethodName(), (Message) request));
    List<? extends Message> messages = streams.get(m.getFullMethodName());
    if (messages == null) {
      ServerCalls.asyncUnimplementedUnaryCall(m, o);
      return;
    }
    messages.forEach(message -> o.onNext((Resp) message));
    o.onCompleted();
  }

  @SuppressWarnings("unchecked")
  private <Req, Resp> void answer(
      MethodDescriptor<Req, Resp> m, Req request, StreamObserver<Resp> o) {
    calls.add(new Call(m.getFullMethodName(), (Message) request));
    if (m == hang) {
      Context.current().addListener(c -> hungCallCancelled.countDown(), Runnable::run);
      hungCallStarted.countDown();
      return;
    }
    if (failure != null) {
      o.onError(failure);
      return;
    }
    Message response = responses.get(m.getFullMethodName());
    if (response == null) {
      // The generated protobuf marshallers know their message's empty instance.
      response =
          (Message)
              ((MethodDescriptor.PrototypeMarshaller<Resp>) m.getResponseMarshaller())
                  .getMessagePrototype();
    }
    o.onNext((Resp) response);
    o.onCompleted();
  }
}
