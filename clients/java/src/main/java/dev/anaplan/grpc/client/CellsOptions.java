package dev.anaplan.grpc.client;

/**
 * How much of a view {@link TransactionalClient#getCells}, {@link
 * TransactionalClient#streamCellRows} and {@link TransactionalClient#getCellsCsv} read, how the
 * stream is cut and, for CSV, its layout. Immutable; {@link #defaults()} is what the overloads
 * without options send.
 */
public final class CellsOptions {
  private static final CellsOptions DEFAULTS = new CellsOptions(0, 0, "", 0, false);

  private final long maxRows;
  private final int rowsPerMessage;
  private final String exportType;
  private final long moduleId;
  private final boolean escaped;

  private CellsOptions(
      long maxRows, int rowsPerMessage, String exportType, long moduleId, boolean escaped) {
    this.maxRows = maxRows;
    this.rowsPerMessage = rowsPerMessage;
    this.exportType = exportType;
    this.moduleId = moduleId;
    this.escaped = escaped;
  }

  /** No row cap; the service's rows per stream message (1,000); the current page as a grid. */
  public static CellsOptions defaults() {
    return DEFAULTS;
  }

  /** Caps the data rows ({@code max_rows}, Anaplan's maxRows); 0 is no cap. */
  public CellsOptions withMaxRows(long maxRows) {
    return new CellsOptions(maxRows, rowsPerMessage, exportType, moduleId, escaped);
  }

  /**
   * {@code streamCellRows} only: rows per stream message ({@code rows_per_message}; 0 is the
   * service default of 1,000, at most 100,000).
   */
  public CellsOptions withRowsPerMessage(int rowsPerMessage) {
    return new CellsOptions(maxRows, rowsPerMessage, exportType, moduleId, escaped);
  }

  /**
   * {@code getCellsCsv} only: GRID_CURRENT_PAGE (the default), GRID_ALL_PAGES, or
   * TABULAR_SINGLE_COLUMN / TABULAR_MULTI_COLUMN of {@code moduleId} (tabular layouts need it).
   */
  public CellsOptions withExportType(String exportType, long moduleId) {
    return new CellsOptions(maxRows, rowsPerMessage, exportType, moduleId, escaped);
  }

  /** {@code getCellsCsv} only: asks Anaplan for {@code text/csv;escaped=true}. */
  public CellsOptions withEscaped(boolean escaped) {
    return new CellsOptions(maxRows, rowsPerMessage, exportType, moduleId, escaped);
  }

  public long maxRows() {
    return maxRows;
  }

  public int rowsPerMessage() {
    return rowsPerMessage;
  }

  public String exportType() {
    return exportType;
  }

  public long moduleId() {
    return moduleId;
  }

  public boolean escaped() {
    return escaped;
  }
}
