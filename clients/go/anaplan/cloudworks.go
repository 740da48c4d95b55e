package anaplan

import (
	"context"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// CloudWorks is CloudWorksService (anaplan-sdk's client.cw): connections,
// integrations and their runs. Errors are *Error (an Anaplan 409, e.g.
// deleting a connection in use, matches ErrAborted).
//
// Every RPC has a method here, by area: connections, integrations and runs
// (this file), schedules (cloudworks_schedules.go), notification
// configurations (cloudworks_notifications.go) and integration flows
// (cloudworks_flows.go, anaplan-sdk's client.cw.flows). Raw is the
// generated stub.
type CloudWorks struct {
	c    *Client
	stub anaplanv1.CloudWorksServiceClient
}

// CloudWorks returns the CloudWorksService wrapper.
func (c *Client) CloudWorks() *CloudWorks {
	return &CloudWorks{c: c, stub: anaplanv1.NewCloudWorksServiceClient(c.cc)}
}

// Raw returns the generated stub.
func (w *CloudWorks) Raw() anaplanv1.CloudWorksServiceClient { return w.stub }

// GetConnections lists the connections (get_connections); secrets are
// never returned.
func (w *CloudWorks) GetConnections(ctx context.Context) ([]*anaplanv1.Connection, error) {
	resp, err := unary(ctx, w.stub.GetConnections, &anaplanv1.GetConnectionsRequest{})
	return resp.GetConnections(), err
}

// CreateConnection creates a connection and returns its id
// (create_connection).
func (w *CloudWorks) CreateConnection(ctx context.Context, conn *anaplanv1.ConnectionPayload) (string, error) {
	resp, err := unary(ctx, w.stub.CreateConnection, &anaplanv1.CreateConnectionRequest{Connection: conn})
	return resp.GetConnectionId(), err
}

// UpdateConnection replaces a connection with conn, secrets included
// (update_connection).
func (w *CloudWorks) UpdateConnection(ctx context.Context, connectionID string, conn *anaplanv1.ConnectionPayload) error {
	_, err := unary(ctx, w.stub.UpdateConnection, &anaplanv1.UpdateConnectionRequest{ConnectionId: connectionID, Connection: conn})
	return err
}

// PatchConnection changes only the non-empty fields of conn
// (patch_connection).
func (w *CloudWorks) PatchConnection(ctx context.Context, connectionID string, conn *anaplanv1.ConnectionPayload) error {
	_, err := unary(ctx, w.stub.PatchConnection, &anaplanv1.PatchConnectionRequest{ConnectionId: connectionID, Connection: conn})
	return err
}

// DeleteConnection deletes a connection (delete_connection).
func (w *CloudWorks) DeleteConnection(ctx context.Context, connectionID string) error {
	_, err := unary(ctx, w.stub.DeleteConnection, &anaplanv1.DeleteConnectionRequest{ConnectionId: connectionID})
	return err
}

// GetIntegrations lists the integrations (get_integrations).
// Options: SortBy ("name" only), Descending, CurrentUserOnly.
func (w *CloudWorks) GetIntegrations(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Integration, error) {
	o := collect(opts)
	resp, err := unary(ctx, w.stub.GetIntegrations, &anaplanv1.GetIntegrationsRequest{SortBy: o.sortBy, Descending: o.descending, CurrentUserOnly: o.mineOnly})
	return resp.GetIntegrations(), err
}

// GetIntegration returns one integration with its jobs (get_integration).
func (w *CloudWorks) GetIntegration(ctx context.Context, integrationID string) (*anaplanv1.Integration, error) {
	return unary(ctx, w.stub.GetIntegration, &anaplanv1.GetIntegrationRequest{IntegrationId: integrationID})
}

// CreateIntegration creates an integration and returns its id
// (create_integration).
func (w *CloudWorks) CreateIntegration(ctx context.Context, in *anaplanv1.IntegrationInput) (string, error) {
	resp, err := unary(ctx, w.stub.CreateIntegration, &anaplanv1.CreateIntegrationRequest{Integration: in})
	return resp.GetIntegrationId(), err
}

// UpdateIntegration replaces an integration's definition
// (update_integration).
func (w *CloudWorks) UpdateIntegration(ctx context.Context, integrationID string, in *anaplanv1.IntegrationInput) error {
	_, err := unary(ctx, w.stub.UpdateIntegration, &anaplanv1.UpdateIntegrationRequest{IntegrationId: integrationID, Integration: in})
	return err
}

// DeleteIntegration deletes an integration (delete_integration).
func (w *CloudWorks) DeleteIntegration(ctx context.Context, integrationID string) error {
	_, err := unary(ctx, w.stub.DeleteIntegration, &anaplanv1.DeleteIntegrationRequest{IntegrationId: integrationID})
	return err
}

// RunIntegration starts an integration and returns the run id
// (run_integration).
func (w *CloudWorks) RunIntegration(ctx context.Context, integrationID string) (string, error) {
	resp, err := unary(ctx, w.stub.RunIntegration, &anaplanv1.RunIntegrationRequest{IntegrationId: integrationID})
	return resp.GetRunId(), err
}

// CancelIntegration cancels an integration's running run (not in
// anaplan-sdk); ErrAborted when none is running.
func (w *CloudWorks) CancelIntegration(ctx context.Context, integrationID string) error {
	_, err := unary(ctx, w.stub.CancelIntegration, &anaplanv1.CancelIntegrationRequest{IntegrationId: integrationID})
	return err
}

// GetRunHistory lists an integration's runs (get_run_history).
func (w *CloudWorks) GetRunHistory(ctx context.Context, integrationID string) ([]*anaplanv1.IntegrationRun, error) {
	resp, err := unary(ctx, w.stub.GetRunHistory, &anaplanv1.GetRunHistoryRequest{IntegrationId: integrationID})
	return resp.GetRuns(), err
}

// GetRunStatus returns the status of one run (get_run_status).
func (w *CloudWorks) GetRunStatus(ctx context.Context, runID string) (*anaplanv1.IntegrationRun, error) {
	return unary(ctx, w.stub.GetRunStatus, &anaplanv1.GetRunStatusRequest{RunId: runID})
}

// GetRunError returns a run's errors, empty when it had none
// (get_run_error).
func (w *CloudWorks) GetRunError(ctx context.Context, runID string) ([]*anaplanv1.RunError, error) {
	resp, err := unary(ctx, w.stub.GetRunError, &anaplanv1.GetRunErrorRequest{RunId: runID})
	return resp.GetErrors(), err
}

// GetImportErrorDump returns the failure dump of a run's import
// (get_import_error_dump).
func (w *CloudWorks) GetImportErrorDump(ctx context.Context, runID string) ([]byte, error) {
	resp, err := unary(ctx, w.stub.GetImportErrorDump, &anaplanv1.GetImportErrorDumpRequest{RunId: runID})
	return resp.GetContent(), err
}

// GetProcessErrorDump returns the failure dump of one import (actionID) of
// a process integration's run (get_process_error_dump).
func (w *CloudWorks) GetProcessErrorDump(ctx context.Context, runID, actionID string) ([]byte, error) {
	resp, err := unary(ctx, w.stub.GetProcessErrorDump, &anaplanv1.GetProcessErrorDumpRequest{RunId: runID, ActionId: actionID})
	return resp.GetContent(), err
}
