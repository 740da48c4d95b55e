package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.TaskStatus;

/**
 * The outcome of {@link AnaplanClient#exportAndDownload}: the completed export task and the file
 * written to the caller's stream.
 */
public record ExportDownload(TaskStatus task, FileDownload download) {}
