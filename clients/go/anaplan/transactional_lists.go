package anaplan

// Lists and list items of TransactionalService.

import (
	"context"
	"iter"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

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
// limit (about 60,000 items) fails with ErrResourceExhausted. It asks for
// the selective-access fields too (include_all=true), like anaplan-sdk's
// get_list_items and the Python client. Options: WithoutSelectiveAccessFields.
func (t *Transactional) GetListItems(ctx context.Context, listID int64, opts ...CallOption) ([]*anaplanv1.ListItem, error) {
	resp, err := unary(ctx, t.stub.GetListItems, t.listItemsRequest(listID, opts))
	return resp.GetItems(), err
}

// ListItems yields the items of a list as the service streams them
// (get_list_items with a stream), so memory stays bounded. Breaking out of
// the loop cancels the stream; an error is the last element. Like
// GetListItems it sends include_all=true unless given
// WithoutSelectiveAccessFields.
func (t *Transactional) ListItems(ctx context.Context, listID int64, opts ...CallOption) iter.Seq2[*anaplanv1.ListItem, error] {
	req := t.listItemsRequest(listID, opts)
	pages := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.GetListItemsResponse], error) {
		return t.stub.StreamListItems(ctx, req)
	})
	return flatten(pages, (*anaplanv1.GetListItemsResponse).GetItems)
}

func (t *Transactional) listItemsRequest(listID int64, opts []CallOption) *anaplanv1.GetListItemsRequest {
	o := collect(opts)
	return &anaplanv1.GetListItemsRequest{Scope: t.scope, ListId: listID, IncludeAll: !o.noSelectiveAccessItems}
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

// ResetListIndex resets the item index of an empty list (reset_list_index).
func (t *Transactional) ResetListIndex(ctx context.Context, listID int64) error {
	_, err := unary(ctx, t.stub.ResetListIndex, &anaplanv1.GetListMetadataRequest{Scope: t.scope, ListId: listID})
	return err
}
