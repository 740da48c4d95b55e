package dev.anaplan.grpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anaplan.grpc.v1.AlmServiceGrpc;
import dev.anaplan.grpc.v1.AuditServiceGrpc;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.ScimServiceGrpc;
import dev.anaplan.grpc.v1.TransactionalServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every RPC of the family services has a hand-written method on its blocking facade, named as the
 * RPC in lowerCamelCase ({@code GetListItems} → {@code getListItems}) unless {@link #RENAMED} says
 * otherwise; a new RPC without one fails here.
 */
class FamilyFacadesCoverageTest {
  /** Full RPC name → facade method, where the facade's name must differ (each with its reason). */
  private static final Map<String, String> RENAMED =
      Map.of(
          // The facade flattens the streamed ViewData pages into their rows; the stream's
          // column coordinates are those of getCells.
          "anaplan.v1.TransactionalService/StreamCells", "streamCellRows");

  private static final Map<ServiceDescriptor, Class<?>> FACADES =
      Map.of(
          TransactionalServiceGrpc.getServiceDescriptor(), TransactionalClient.class,
          AlmServiceGrpc.getServiceDescriptor(), AlmClient.class,
          AuditServiceGrpc.getServiceDescriptor(), AuditClient.class,
          ScimServiceGrpc.getServiceDescriptor(), ScimClient.class,
          CloudWorksServiceGrpc.getServiceDescriptor(), CloudWorksClient.class);

  @Test
  void everyRpcHasABlockingFacadeMethod() {
    List<String> missing = new ArrayList<>();
    int rpcs = 0;
    for (Map.Entry<ServiceDescriptor, Class<?>> family : FACADES.entrySet()) {
      Set<String> methods =
          Stream.of(family.getValue().getDeclaredMethods())
              .filter(m -> Modifier.isPublic(m.getModifiers()))
              .filter(m -> !Modifier.isStatic(m.getModifiers()))
              .map(Method::getName)
              .collect(Collectors.toSet());
      for (MethodDescriptor<?, ?> rpc : family.getKey().getMethods()) {
        rpcs++;
        String name = facadeMethod(rpc.getFullMethodName());
        if (!methods.contains(name)) {
          missing.add(
              rpc.getFullMethodName() + " -> " + family.getValue().getSimpleName() + "." + name);
        }
      }
    }
    assertTrue(rpcs > 0);
    assertEquals(List.of(), missing, "RPCs without a facade method");
  }

  @Test
  void everyRenamingNamesAnRpcAndAMethod() {
    for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
      String rpc = renamed.getKey();
      ServiceDescriptor service =
          FACADES.keySet().stream()
              .filter(s -> rpc.startsWith(s.getName() + "/"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          service.getMethods().stream().anyMatch(m -> m.getFullMethodName().equals(rpc)), rpc);
      assertTrue(
          Stream.of(FACADES.get(service).getMethods())
              .anyMatch(m -> m.getName().equals(renamed.getValue())),
          renamed.getValue());
    }
  }

  private static String facadeMethod(String fullRpcName) {
    String renamed = RENAMED.get(fullRpcName);
    if (renamed != null) {
      return renamed;
    }
    String rpc = MethodDescriptor.extractBareMethodName(fullRpcName);
    return Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
  }
}
