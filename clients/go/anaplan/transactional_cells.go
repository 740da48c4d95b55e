package anaplan

// Cell data of TransactionalService: reads as JSON, CSV or large-volume
// pages, and writes.

import (
	"context"
	"io"
	"iter"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// GetCells returns a view's data for the page selection (get_cells; nil
// pages: the view's current page). Options: MaxRows.
func (t *Transactional) GetCells(ctx context.Context, viewID int64, pages []*anaplanv1.PageSelector, opts ...CallOption) (*anaplanv1.ViewData, error) {
	return unary(ctx, t.stub.GetCells, t.cellsRequest(viewID, pages, opts))
}

// CellRows yields a view's rows as the service streams them (StreamCells).
// Column coordinates are those of GetViewInfo / GetCells.
// Options: MaxRows, RowsPerMessage.
func (t *Transactional) CellRows(ctx context.Context, viewID int64, pages []*anaplanv1.PageSelector, opts ...CallOption) iter.Seq2[*anaplanv1.CellRow, error] {
	req := t.cellsRequest(viewID, pages, opts)
	msgs := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.ViewData], error) {
		return t.stub.StreamCells(ctx, req)
	})
	return flatten(msgs, (*anaplanv1.ViewData).GetRows)
}

func (t *Transactional) cellsRequest(viewID int64, pages []*anaplanv1.PageSelector, opts []CallOption) *anaplanv1.GetCellsRequest {
	o := collect(opts)
	return &anaplanv1.GetCellsRequest{
		Scope: t.scope, ViewId: viewID, Pages: pages, MaxRows: o.maxRows, RowsPerMessage: o.rowsPerMessage,
	}
}

// WriteCells writes cells of a module (update_module_data), streaming them
// in batches from cells (slices.Values or Chan). Per-cell failures are in
// the response, not the error.
func (t *Transactional) WriteCells(ctx context.Context, moduleID int64, cells iter.Seq[*anaplanv1.CellWrite]) (*anaplanv1.WriteCellsResponse, error) {
	header := &anaplanv1.WriteCellsRequest{Message: &anaplanv1.WriteCellsRequest_Header{
		Header: &anaplanv1.WriteCellsHeader{Scope: t.scope, ModuleId: moduleID},
	}}
	return writeBatches(ctx, func(ctx context.Context) (grpc.ClientStreamingClient[anaplanv1.WriteCellsRequest, anaplanv1.WriteCellsResponse], error) {
		return t.stub.WriteCells(ctx)
	}, header, cells, func(b []*anaplanv1.CellWrite) *anaplanv1.WriteCellsRequest {
		return &anaplanv1.WriteCellsRequest{Message: &anaplanv1.WriteCellsRequest_Batch{Batch: &anaplanv1.CellBatch{Cells: b}}}
	})
}

// CsvExport selects what GetCellsCsv writes. The zero value: the current
// page as a grid.
type CsvExport struct {
	// Pages selects the page items (default: the view's current page).
	Pages []*anaplanv1.PageSelector
	// ExportType: GRID_CURRENT_PAGE (default), GRID_ALL_PAGES,
	// TABULAR_SINGLE_COLUMN or TABULAR_MULTI_COLUMN (tabular needs ModuleID).
	ExportType string
	ModuleID   int64
	// Escaped asks for text/csv;escaped=true.
	Escaped bool
	// MaxRows caps the data rows (0: no cap).
	MaxRows int64
}

// GetCellsCsv writes a view's data as CSV to w and returns the bytes
// written (get_cells with Accept: text/csv).
func (t *Transactional) GetCellsCsv(ctx context.Context, viewID int64, w io.Writer, x CsvExport) (int64, error) {
	req := &anaplanv1.GetCellsRequest{
		Scope: t.scope, ViewId: viewID, Pages: x.Pages, MaxRows: x.MaxRows,
		ExportType: x.ExportType, ModuleId: x.ModuleID, Escaped: x.Escaped,
	}
	return copyChunks(w, streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DataChunk], error) {
		return t.stub.GetCellsCsv(ctx, req)
	}))
}

// LargeVolumeRead names what ReadLargeVolume reads: a view, or a list when
// ViewID is 0.
type LargeVolumeRead struct {
	ViewID, ListID int64
	// ExportType (views): GRID_ALL_PAGES, TABULAR_SINGLE_COLUMN or
	// TABULAR_MULTI_COLUMN (default).
	ExportType string
}

// ReadLargeVolume yields the CSV pages of a large-volume read of a view or
// list (read requests) as Anaplan makes them available. The service creates
// the read request, polls it and deletes it at the end, also when the loop
// breaks (which cancels the stream) or the call fails.
// Options: PollInterval.
func (t *Transactional) ReadLargeVolume(ctx context.Context, r LargeVolumeRead, opts ...CallOption) iter.Seq2[*anaplanv1.ReadLargeVolumeResponse, error] {
	o := collect(opts)
	req := &anaplanv1.ReadLargeVolumeRequest{Scope: t.scope, ExportType: r.ExportType, PollIntervalMs: o.pollInterval.Milliseconds()}
	if r.ViewID != 0 {
		req.Target = &anaplanv1.ReadLargeVolumeRequest_ViewId{ViewId: r.ViewID}
	} else {
		req.Target = &anaplanv1.ReadLargeVolumeRequest_ListId{ListId: r.ListID}
	}
	return streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.ReadLargeVolumeResponse], error) {
		return t.stub.ReadLargeVolume(ctx, req)
	})
}
