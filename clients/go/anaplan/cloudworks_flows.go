package anaplan

// Integration flows of CloudWorksService (anaplan-sdk's client.cw.flows).

import (
	"context"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// GetFlows lists the integration flows (flows.get_flows).
// Options: CurrentUserOnly.
func (w *CloudWorks) GetFlows(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Flow, error) {
	o := collect(opts)
	resp, err := unary(ctx, w.stub.GetFlows, &anaplanv1.GetFlowsRequest{CurrentUserOnly: o.mineOnly})
	return resp.GetFlows(), err
}

// GetFlow returns one flow with its steps (flows.get_flow).
func (w *CloudWorks) GetFlow(ctx context.Context, flowID string) (*anaplanv1.Flow, error) {
	return unary(ctx, w.stub.GetFlow, &anaplanv1.GetFlowRequest{FlowId: flowID})
}

// CreateFlow creates a flow of 2 to 100 steps and returns its id
// (flows.create_flow).
func (w *CloudWorks) CreateFlow(ctx context.Context, flow *anaplanv1.FlowInput) (string, error) {
	resp, err := unary(ctx, w.stub.CreateFlow, &anaplanv1.CreateFlowRequest{Flow: flow})
	return resp.GetFlowId(), err
}

// UpdateFlow replaces a flow (flows.update_flow).
func (w *CloudWorks) UpdateFlow(ctx context.Context, flowID string, flow *anaplanv1.FlowInput) error {
	_, err := unary(ctx, w.stub.UpdateFlow, &anaplanv1.UpdateFlowRequest{FlowId: flowID, Flow: flow})
	return err
}

// DeleteFlow deletes a flow (flows.delete_flow).
func (w *CloudWorks) DeleteFlow(ctx context.Context, flowID string) error {
	_, err := unary(ctx, w.stub.DeleteFlow, &anaplanv1.DeleteFlowRequest{FlowId: flowID})
	return err
}

// RunFlow starts a flow and returns the run id (flows.run_flow); with
// onlySteps (step referrer ids) only those steps run.
func (w *CloudWorks) RunFlow(ctx context.Context, flowID string, onlySteps ...string) (string, error) {
	resp, err := unary(ctx, w.stub.RunFlow, &anaplanv1.RunFlowRequest{FlowId: flowID, OnlySteps: onlySteps})
	return resp.GetRunId(), err
}
