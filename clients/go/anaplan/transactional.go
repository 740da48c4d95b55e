package anaplan

import (
	"context"
	"iter"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// Transactional is TransactionalService (anaplan-sdk's client.transactional)
// bound to one model: model status, modules, views, line items, lists and
// their items, and cell data. Errors are *Error, like the bulk methods.
//
// Hand-written here are the common reads, the list-item and cell streams as
// iterators, and the client-streaming writes fed from an iter.Seq. Every
// other RPC (dimensions, dashboards, calendar, versions, ReadLargeVolume,
// GetCellsCsv, ...) is reachable through Raw with Scope:
//
//	tx := c.WithModel(ws, model).Transactional()
//	cal, err := tx.Raw().GetModelCalendar(ctx, tx.Scope())
//
// (raw calls carry the client's credentials but return gRPC errors; convert
// them with FromError).
type Transactional struct {
	c     *Client
	stub  anaplanv1.TransactionalServiceClient
	scope *anaplanv1.ModelScope
}

// Transactional returns the TransactionalService wrapper for this model.
func (m *ModelClient) Transactional() *Transactional {
	return m.c.Transactional(m.WorkspaceID, m.ModelID)
}

// Transactional returns the TransactionalService wrapper for a model
// (workspaceID may be empty except for list-item calls, which need it).
func (c *Client) Transactional(workspaceID, modelID string) *Transactional {
	return &Transactional{
		c:     c,
		stub:  anaplanv1.NewTransactionalServiceClient(c.cc),
		scope: &anaplanv1.ModelScope{WorkspaceId: workspaceID, ModelId: modelID},
	}
}

// Raw returns the generated stub, for the RPCs without a method here.
func (t *Transactional) Raw() anaplanv1.TransactionalServiceClient { return t.stub }

// Scope returns the model scope the wrapper's requests carry.
func (t *Transactional) Scope() *anaplanv1.ModelScope { return t.scope }

// GetModelStatus returns the model's state and progress (get_model_status).
func (t *Transactional) GetModelStatus(ctx context.Context) (*anaplanv1.ModelStatus, error) {
	return unary(ctx, t.stub.GetModelStatus, t.scope)
}

// GetModules lists the model's modules (get_modules).
func (t *Transactional) GetModules(ctx context.Context) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetModules, t.scope)
	return resp.GetModules(), err
}

// GetViews lists the model's views, or one module's when moduleID is not 0
// (get_views).
func (t *Transactional) GetViews(ctx context.Context, moduleID int64) ([]*anaplanv1.View, error) {
	resp, err := unary(ctx, t.stub.GetViews, &anaplanv1.GetViewsRequest{Scope: t.scope, ModuleId: moduleID})
	return resp.GetViews(), err
}

// GetViewInfo returns a view's row, column and page dimensions
// (get_view_info).
func (t *Transactional) GetViewInfo(ctx context.Context, viewID int64) (*anaplanv1.ViewInfo, error) {
	return unary(ctx, t.stub.GetViewInfo, &anaplanv1.GetViewInfoRequest{Scope: t.scope, ViewId: viewID})
}

// GetLineItems lists the model's line items, or one module's when moduleID
// is not 0 (get_line_items).
func (t *Transactional) GetLineItems(ctx context.Context, moduleID int64) ([]*anaplanv1.LineItem, error) {
	resp, err := unary(ctx, t.stub.GetLineItems, &anaplanv1.GetLineItemsRequest{Scope: t.scope, ModuleId: moduleID})
	return resp.GetLineItems(), err
}

// GetLists lists the model's lists (get_lists).
func (t *Transactional) GetLists(ctx context.Context) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetLists, t.scope)
	return resp.GetLists(), err
}

// GetListMetadata returns a list's definition (get_list_metadata).
func (t *Transactional) GetListMetadata(ctx context.Context, listID int64) (*anaplanv1.ListMetadata, error) {
	return unary(ctx, t.stub.GetListMetadata, &anaplanv1.GetListMetadataRequest{Scope: t.scope, ListId: listID})
}

// GetListItems returns every item of a list in one reply (get_list_items).
// Use ListItems for big lists: a reply over gRPC's default 4 MiB receive
// limit (about 60,000 items) fails with ErrResourceExhausted.
func (t *Transactional) GetListItems(ctx context.Context, listID int64) ([]*anaplanv1.ListItem, error) {
	resp, err := unary(ctx, t.stub.GetListItems, &anaplanv1.GetListItemsRequest{Scope: t.scope, ListId: listID})
	return resp.GetItems(), err
}

// ListItems yields the items of a list as the service streams them
// (get_list_items with a stream), so memory stays bounded. Breaking out of
// the loop cancels the stream; an error is the last element.
func (t *Transactional) ListItems(ctx context.Context, listID int64) iter.Seq2[*anaplanv1.ListItem, error] {
	req := &anaplanv1.GetListItemsRequest{Scope: t.scope, ListId: listID}
	pages := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.GetListItemsResponse], error) {
		return t.stub.StreamListItems(ctx, req)
	})
	return flatten(pages, (*anaplanv1.GetListItemsResponse).GetItems)
}

// InsertListItems adds the items to a list (add_items_to_list), streaming
// them in batches: pass slices.Values(items), or Chan(ch) to feed from a
// channel. Per-item failures are in the result, not the error.
func (t *Transactional) InsertListItems(ctx context.Context, listID int64, items iter.Seq[*anaplanv1.ListItemInput]) (*anaplanv1.ListItemsResult, error) {
	return t.writeListItems(ctx, t.stub.InsertListItems, listID, items)
}

// UpdateListItems updates list items, each identified by id, code or name
// (update_list_items).
func (t *Transactional) UpdateListItems(ctx context.Context, listID int64, items iter.Seq[*anaplanv1.ListItemInput]) (*anaplanv1.ListItemsResult, error) {
	return t.writeListItems(ctx, t.stub.UpdateListItems, listID, items)
}

// DeleteListItems deletes list items, each identified by id, code or name
// (delete_list_items).
func (t *Transactional) DeleteListItems(ctx context.Context, listID int64, items iter.Seq[*anaplanv1.ListItemInput]) (*anaplanv1.ListItemsResult, error) {
	return t.writeListItems(ctx, t.stub.DeleteListItems, listID, items)
}

func (t *Transactional) writeListItems(ctx context.Context,
	rpc func(context.Context, ...grpc.CallOption) (grpc.ClientStreamingClient[anaplanv1.ListItemsWriteRequest, anaplanv1.ListItemsResult], error),
	listID int64, items iter.Seq[*anaplanv1.ListItemInput]) (*anaplanv1.ListItemsResult, error) {
	header := &anaplanv1.ListItemsWriteRequest{Message: &anaplanv1.ListItemsWriteRequest_Header{
		Header: &anaplanv1.ListItemsWriteHeader{Scope: t.scope, ListId: listID},
	}}
	return writeBatches(ctx, func(ctx context.Context) (grpc.ClientStreamingClient[anaplanv1.ListItemsWriteRequest, anaplanv1.ListItemsResult], error) {
		return rpc(ctx)
	}, header, items, func(b []*anaplanv1.ListItemInput) *anaplanv1.ListItemsWriteRequest {
		return &anaplanv1.ListItemsWriteRequest{Message: &anaplanv1.ListItemsWriteRequest_Batch{Batch: &anaplanv1.ListItemsBatch{Items: b}}}
	})
}

// GetCells returns a view's data for the given page selection (get_cells).
func (t *Transactional) GetCells(ctx context.Context, viewID int64, pages ...*anaplanv1.PageSelector) (*anaplanv1.ViewData, error) {
	return unary(ctx, t.stub.GetCells, &anaplanv1.GetCellsRequest{Scope: t.scope, ViewId: viewID, Pages: pages})
}

// CellRows yields a view's rows as the service streams them (StreamCells).
// Column coordinates are those of GetViewInfo / GetCells.
func (t *Transactional) CellRows(ctx context.Context, viewID int64, pages ...*anaplanv1.PageSelector) iter.Seq2[*anaplanv1.CellRow, error] {
	req := &anaplanv1.GetCellsRequest{Scope: t.scope, ViewId: viewID, Pages: pages}
	msgs := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.ViewData], error) {
		return t.stub.StreamCells(ctx, req)
	})
	return flatten(msgs, (*anaplanv1.ViewData).GetRows)
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
