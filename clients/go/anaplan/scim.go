package anaplan

import (
	"context"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// SCIM is ScimService (anaplan-sdk's client.scim): the tenant's users over
// SCIM 2.0. Errors are *Error. Every RPC has a method here; Raw is the
// stub.
type SCIM struct {
	c    *Client
	stub anaplanv1.ScimServiceClient
}

// SCIM returns the ScimService wrapper.
func (c *Client) SCIM() *SCIM {
	return &SCIM{c: c, stub: anaplanv1.NewScimServiceClient(c.cc)}
}

// Raw returns the generated stub.
func (s *SCIM) Raw() anaplanv1.ScimServiceClient { return s.stub }

// ScimEq is the filter `attribute eq "value"` (the service quotes value).
func ScimEq(attribute, value string) *anaplanv1.ScimFilter {
	return &anaplanv1.ScimFilter{Expr: &anaplanv1.ScimFilter_Comparison{Comparison: &anaplanv1.ScimComparison{
		Attribute: attribute, Op: "eq", Value: &anaplanv1.ScimComparison_StringValue{StringValue: value},
	}}}
}

// ScimAnd joins filters with "and".
func ScimAnd(filters ...*anaplanv1.ScimFilter) *anaplanv1.ScimFilter {
	return scimLogical("and", filters)
}

// ScimOr joins filters with "or".
func ScimOr(filters ...*anaplanv1.ScimFilter) *anaplanv1.ScimFilter {
	return scimLogical("or", filters)
}

func scimLogical(op string, filters []*anaplanv1.ScimFilter) *anaplanv1.ScimFilter {
	return &anaplanv1.ScimFilter{Expr: &anaplanv1.ScimFilter_Logical{Logical: &anaplanv1.ScimLogical{Op: op, Operands: filters}}}
}

// GetServiceProviderConfig returns the SCIM discovery document.
func (s *SCIM) GetServiceProviderConfig(ctx context.Context) (*structpb.Struct, error) {
	return unary(ctx, s.stub.GetServiceProviderConfig, &anaplanv1.GetServiceProviderConfigRequest{})
}

// GetResourceTypes returns the SCIM resource types (get_resource_types).
func (s *SCIM) GetResourceTypes(ctx context.Context) ([]*structpb.Struct, error) {
	resp, err := unary(ctx, s.stub.GetResourceTypes, &anaplanv1.GetResourceTypesRequest{})
	return resp.GetResources(), err
}

// GetResourceSchemas returns the SCIM resource schemas
// (get_resource_schemas).
func (s *SCIM) GetResourceSchemas(ctx context.Context) ([]*structpb.Struct, error) {
	resp, err := unary(ctx, s.stub.GetResourceSchemas, &anaplanv1.GetResourceSchemasRequest{})
	return resp.GetResources(), err
}

// GetUsers returns every user matching filter (nil: all) in one reply
// (get_users). Use Users for big tenants.
func (s *SCIM) GetUsers(ctx context.Context, filter *anaplanv1.ScimFilter) ([]*anaplanv1.ScimUser, error) {
	resp, err := unary(ctx, s.stub.GetUsers, &anaplanv1.GetScimUsersRequest{Filter: filter})
	return resp.GetUsers(), err
}

// Users yields the users matching filter (nil: all) page by page as SCIM
// returns them (StreamUsers); pageSize 1..100, 0 for 100.
func (s *SCIM) Users(ctx context.Context, filter *anaplanv1.ScimFilter, pageSize int) iter.Seq2[*anaplanv1.ScimUser, error] {
	req := &anaplanv1.GetScimUsersRequest{Filter: filter, PageSize: int32(pageSize)}
	pages := streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.GetScimUsersResponse], error) {
		return s.stub.StreamUsers(ctx, req)
	})
	return flatten(pages, (*anaplanv1.GetScimUsersResponse).GetUsers)
}

// GetUser returns one user by SCIM id (get_user).
func (s *SCIM) GetUser(ctx context.Context, id string) (*anaplanv1.ScimUser, error) {
	return unary(ctx, s.stub.GetUser, &anaplanv1.GetScimUserRequest{Id: id})
}

// AddUser creates a user (add_user).
func (s *SCIM) AddUser(ctx context.Context, user *anaplanv1.ScimUserInput) (*anaplanv1.ScimUser, error) {
	return unary(ctx, s.stub.AddUser, &anaplanv1.AddScimUserRequest{User: user})
}

// ReplaceUser replaces every mutable field of a user (replace_user).
func (s *SCIM) ReplaceUser(ctx context.Context, id string, user *anaplanv1.ScimUserInput) (*anaplanv1.ScimUser, error) {
	return unary(ctx, s.stub.ReplaceUser, &anaplanv1.ReplaceScimUserRequest{Id: id, User: user})
}

// UpdateUser applies PATCH operations to a user (update_user).
func (s *SCIM) UpdateUser(ctx context.Context, id string, ops ...*anaplanv1.ScimPatchOperation) (*anaplanv1.ScimUser, error) {
	return unary(ctx, s.stub.UpdateUser, &anaplanv1.UpdateScimUserRequest{Id: id, Operations: ops})
}
