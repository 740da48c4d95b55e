package dev.anaplan.grpc.client;

/**
 * How much of a view {@link TransactionalClient#getCells}, {@link
 * TransactionalClient#streamCellRows} and {@link TransactionalClient#getCellsCsv} read, and how
 * the stream is cut. Immutable; {@link #defaults()} is what the overloads without options send.
 */
public final class CellsOptions {
  private static final CellsOptions DEFAULTS = new CellsOptions(0, 0);

  private final long maxRows;
  private final int rowsPerMessage;

  private CellsOptions(long maxRows, int rowsPerMessage) {
    this.maxRows = maxRows;
    this.rowsPerMessage = rowsPerMessage;
  }

  /** No row cap; the service's rows per stream message (1,000). */
  public static CellsOptions defaults() {
    return DEFAULTS;
  }

  /** Caps the data rows ({@code max_rows}, Anaplan's maxRows); 0 is no cap. */
  public CellsOptions withMaxRows(long maxRows) {
    return new CellsOptions(maxRows, rowsPerMessage);
  }

  /**
   * {@code streamCellRows} only: rows per stream message ({@code rows_per_message}; 0 is the
   * service default of 1,000, at most 100,000).
   */
  public CellsOptions withRowsPerMessage(int rowsPerMessage) {
    return new CellsOptions(maxRows, rowsPerMessage);
  }

  public long maxRows() {
    return maxRows;
  }

  public int rowsPerMessage() {
    return rowsPerMessage;
  }
}
