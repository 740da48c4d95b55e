package anaplan

import (
	"context"
	"iter"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// Transactional is TransactionalService (anaplan-sdk's client.transactional)
// bound to one model. Errors are *Error, like the bulk methods. Every RPC
// has a method here, by area:
//
//   - model, modules, views, line items, dimensions and dashboards (this
//     file);
//   - lists and their items, with the client-streaming writes fed from an
//     iter.Seq (transactional_lists.go);
//   - cell data, as JSON, CSV or large-volume reads, and cell writes
//     (transactional_cells.go);
//   - the calendar, current period and versions (transactional_time.go).
//
// Raw is the generated stub, with Scope for its requests.
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
// (workspaceID may be empty except for list-item, reset-index, large-volume
// and dashboard calls, which need it).
func (c *Client) Transactional(workspaceID, modelID string) *Transactional {
	return &Transactional{
		c:     c,
		stub:  anaplanv1.NewTransactionalServiceClient(c.cc),
		scope: &anaplanv1.ModelScope{WorkspaceId: workspaceID, ModelId: modelID},
	}
}

// Raw returns the generated stub.
func (t *Transactional) Raw() anaplanv1.TransactionalServiceClient { return t.stub }

// Scope returns the model scope the wrapper's requests carry.
func (t *Transactional) Scope() *anaplanv1.ModelScope { return t.scope }

// GetModelDetails returns the model with its details (get_model_details).
func (t *Transactional) GetModelDetails(ctx context.Context) (*anaplanv1.Model, error) {
	return unary(ctx, t.stub.GetModelDetails, t.scope)
}

// GetModelStatus returns the model's state and progress (get_model_status).
func (t *Transactional) GetModelStatus(ctx context.Context) (*anaplanv1.ModelStatus, error) {
	return unary(ctx, t.stub.GetModelStatus, t.scope)
}

// WakeModel loads the model into memory (wake_model).
func (t *Transactional) WakeModel(ctx context.Context) error {
	_, err := unary(ctx, t.stub.WakeModel, t.scope)
	return err
}

// CloseModel unloads the model from memory (close_model).
func (t *Transactional) CloseModel(ctx context.Context) error {
	_, err := unary(ctx, t.stub.CloseModel, t.scope)
	return err
}

// GetModules lists the model's modules (get_modules).
func (t *Transactional) GetModules(ctx context.Context) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetModules, t.scope)
	return resp.GetModules(), err
}

// GetViews lists the model's views, or one module's when moduleID is not 0
// (get_views). It includes the modules' default views
// (include_subsidiary_views=true), like anaplan-sdk's get_views and the
// Python client. Options: WithoutSubsidiaryViews.
func (t *Transactional) GetViews(ctx context.Context, moduleID int64, opts ...CallOption) ([]*anaplanv1.View, error) {
	o := collect(opts)
	resp, err := unary(ctx, t.stub.GetViews, &anaplanv1.GetViewsRequest{
		Scope: t.scope, ModuleId: moduleID, IncludeSubsidiaryViews: !o.noSubsidiaryViews,
	})
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

// GetLineItemDimensions lists the dimensions a line item applies to
// (get_line_item_dimensions).
func (t *Transactional) GetLineItemDimensions(ctx context.Context, lineItemID int64) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetLineItemDimensions, &anaplanv1.GetLineItemDimensionsRequest{Scope: t.scope, LineItemId: lineItemID})
	return resp.GetDimensions(), err
}

// GetLineItemDimensionItems lists the items of one of a line item's
// dimensions (get_line_item_dimension_items).
func (t *Transactional) GetLineItemDimensionItems(ctx context.Context, lineItemID, dimensionID int64) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetLineItemDimensionItems, &anaplanv1.GetLineItemDimensionItemsRequest{
		Scope: t.scope, LineItemId: lineItemID, DimensionId: dimensionID,
	})
	return resp.GetItems(), err
}

// GetDimensionItems returns every item of a list, subset or the Users
// dimension in one reply (get_dimension_items). Use DimensionItems for big
// dimensions.
func (t *Transactional) GetDimensionItems(ctx context.Context, dimensionID int64) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetDimensionItems, &anaplanv1.GetDimensionItemsRequest{Scope: t.scope, DimensionId: dimensionID})
	return resp.GetItems(), err
}

// DimensionItems yields the items of a dimension as the service streams
// them, in messages of at most 10,000 (StreamDimensionItems). Breaking out
// of the loop cancels the stream; an error is the last element.
func (t *Transactional) DimensionItems(ctx context.Context, dimensionID int64) iter.Seq2[*anaplanv1.NamedObject, error] {
	req := &anaplanv1.GetDimensionItemsRequest{Scope: t.scope, DimensionId: dimensionID}
	msgs := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DimensionItemsResponse], error) {
		return t.stub.StreamDimensionItems(ctx, req)
	})
	return flatten(msgs, (*anaplanv1.DimensionItemsResponse).GetItems)
}

// LookupDimensionItems returns the items of a dimension with these codes or
// names; give at least one (lookup_dimension_items).
func (t *Transactional) LookupDimensionItems(ctx context.Context, dimensionID int64, codes, names []string) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.LookupDimensionItems, &anaplanv1.LookupDimensionItemsRequest{
		Scope: t.scope, DimensionId: dimensionID, Codes: codes, Names: names,
	})
	return resp.GetItems(), err
}

// GetViewDimensionItems lists the items of a dimension as a view shows them
// (get_view_dimension_items).
func (t *Transactional) GetViewDimensionItems(ctx context.Context, viewID, dimensionID int64) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetViewDimensionItems, &anaplanv1.GetViewDimensionItemsRequest{
		Scope: t.scope, ViewId: viewID, DimensionId: dimensionID,
	})
	return resp.GetItems(), err
}

// GetDashboards lists the model's dashboards (not in anaplan-sdk; needs the
// workspace id).
func (t *Transactional) GetDashboards(ctx context.Context) ([]*anaplanv1.NamedObject, error) {
	resp, err := unary(ctx, t.stub.GetDashboards, t.scope)
	return resp.GetDashboards(), err
}
