/**
 * Java client of anaplan-grpc: {@link dev.anaplan.grpc.client.AnaplanClient} (blocking) and
 * {@link dev.anaplan.grpc.client.AnaplanAsyncClient} (CompletableFuture) over the generated
 * BulkService stubs in {@code dev.anaplan.grpc.v1}, with errors decoded into {@link
 * dev.anaplan.grpc.client.AnaplanException} and its subclasses.
 */
package dev.anaplan.grpc.client;
