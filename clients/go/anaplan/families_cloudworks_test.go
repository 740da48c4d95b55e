package anaplan

// Per-method unit tests of the CloudWorks wrapper (see families_wrappers_test.go).

import (
	"context"
	"testing"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

func TestCloudWorksWrappers(t *testing.T) {
	empty := msgs(&anaplanv1.CloudWorksEmpty{})
	conn := &anaplanv1.ConnectionPayload{Body: &anaplanv1.ConnectionPayload_AmazonS3{AmazonS3: &anaplanv1.AmazonS3Connection{Name: "s3", BucketName: "b"}}}
	integration := &anaplanv1.IntegrationInput{Name: "Employees to S3", WorkspaceId: "ws", ModelId: "m"}
	integrations := []*anaplanv1.Integration{{IntegrationId: "I1", Name: "mine"}}
	schedule := &anaplanv1.Schedule{Name: "nightly", Type: "daily", Timezone: "Europe/Paris", Time: "03:00"}
	notification := &anaplanv1.NotificationInput{IntegrationIds: []string{"I1"}, Channels: []string{"email"},
		Config: []*anaplanv1.NotificationRule{{Type: "full_failure", Users: []string{"U1"}}}}
	config := &anaplanv1.NotificationConfig{NotificationId: "N1", IntegrationIds: []string{"I1"}, Channels: []string{"email"}}
	flowIn := &anaplanv1.FlowInput{Name: "load then export", Steps: []*anaplanv1.FlowStepInput{{Referrer: "I1"}, {Referrer: "I2", DependsOn: []string{"I1"}}}}
	flow := &anaplanv1.Flow{Id: "F1", Name: "load then export", StepCount: 2}
	cw := func(c *Client) *CloudWorks { return c.CloudWorks() }
	runWrapperCases(t, &anaplanv1.CloudWorksService_ServiceDesc, []wrapperCase{
		{"UpdateConnection", "CloudWorksService/UpdateConnection", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).UpdateConnection(ctx, "C1", conn) },
			msgs(&anaplanv1.UpdateConnectionRequest{ConnectionId: "C1", Connection: conn}), nil},
		{"PatchConnection", "CloudWorksService/PatchConnection", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).PatchConnection(ctx, "C1", conn) },
			msgs(&anaplanv1.PatchConnectionRequest{ConnectionId: "C1", Connection: conn}), nil},
		{"GetIntegrations(CurrentUserOnly)", "CloudWorksService/GetIntegrations", msgs(&anaplanv1.GetIntegrationsResponse{Integrations: integrations}),
			func(ctx context.Context, c *Client) (any, error) {
				return cw(c).GetIntegrations(ctx, SortBy("name"), Descending(), CurrentUserOnly())
			},
			msgs(&anaplanv1.GetIntegrationsRequest{SortBy: "name", Descending: true, CurrentUserOnly: true}), integrations},
		{"UpdateIntegration", "CloudWorksService/UpdateIntegration", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).UpdateIntegration(ctx, "I1", integration)
			},
			msgs(&anaplanv1.UpdateIntegrationRequest{IntegrationId: "I1", Integration: integration}), nil},
		{"CancelIntegration", "CloudWorksService/CancelIntegration", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).CancelIntegration(ctx, "I1") },
			msgs(&anaplanv1.CancelIntegrationRequest{IntegrationId: "I1"}), nil},
		{"GetProcessErrorDump", "CloudWorksService/GetProcessErrorDump", msgs(&anaplanv1.ErrorDump{Content: []byte("dump")}),
			func(ctx context.Context, c *Client) (any, error) { return cw(c).GetProcessErrorDump(ctx, "R1", "112") },
			msgs(&anaplanv1.GetProcessErrorDumpRequest{RunId: "R1", ActionId: "112"}), []byte("dump")},
		{"CreateSchedule", "CloudWorksService/CreateSchedule", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).CreateSchedule(ctx, "I1", schedule)
			},
			msgs(&anaplanv1.ScheduleRequest{IntegrationId: "I1", Schedule: schedule}), nil},
		{"UpdateSchedule", "CloudWorksService/UpdateSchedule", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).UpdateSchedule(ctx, "I1", schedule)
			},
			msgs(&anaplanv1.ScheduleRequest{IntegrationId: "I1", Schedule: schedule}), nil},
		{"SetScheduleStatus(enabled)", "CloudWorksService/SetScheduleStatus", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).SetScheduleStatus(ctx, "I1", true)
			},
			msgs(&anaplanv1.SetScheduleStatusRequest{IntegrationId: "I1", Status: "enabled"}), nil},
		{"SetScheduleStatus(disabled)", "CloudWorksService/SetScheduleStatus", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).SetScheduleStatus(ctx, "I1", false)
			},
			msgs(&anaplanv1.SetScheduleStatusRequest{IntegrationId: "I1", Status: "disabled"}), nil},
		{"DeleteSchedule", "CloudWorksService/DeleteSchedule", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).DeleteSchedule(ctx, "I1") },
			msgs(&anaplanv1.DeleteScheduleRequest{IntegrationId: "I1"}), nil},
		{"GetNotificationConfig(id)", "CloudWorksService/GetNotificationConfig", msgs(config),
			func(ctx context.Context, c *Client) (any, error) {
				return cw(c).GetNotificationConfig(ctx, NotificationID("N1"))
			},
			msgs(&anaplanv1.GetNotificationConfigRequest{Ref: &anaplanv1.GetNotificationConfigRequest_NotificationId{NotificationId: "N1"}}), config},
		{"GetNotificationConfig(integration)", "CloudWorksService/GetNotificationConfig", msgs(config),
			func(ctx context.Context, c *Client) (any, error) {
				return cw(c).GetNotificationConfig(ctx, IntegrationNotification("I1"))
			},
			msgs(&anaplanv1.GetNotificationConfigRequest{Ref: &anaplanv1.GetNotificationConfigRequest_IntegrationId{IntegrationId: "I1"}}), config},
		{"CreateNotificationConfig", "CloudWorksService/CreateNotificationConfig", msgs(&anaplanv1.CreateNotificationConfigResponse{NotificationId: "N1"}),
			func(ctx context.Context, c *Client) (any, error) {
				return cw(c).CreateNotificationConfig(ctx, notification)
			},
			msgs(&anaplanv1.CreateNotificationConfigRequest{Config: notification}), "N1"},
		{"UpdateNotificationConfig", "CloudWorksService/UpdateNotificationConfig", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).UpdateNotificationConfig(ctx, "N1", notification)
			},
			msgs(&anaplanv1.UpdateNotificationConfigRequest{NotificationId: "N1", Config: notification}), nil},
		{"DeleteNotificationConfig(id)", "CloudWorksService/DeleteNotificationConfig", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).DeleteNotificationConfig(ctx, NotificationID("N1"))
			},
			msgs(&anaplanv1.DeleteNotificationConfigRequest{Ref: &anaplanv1.DeleteNotificationConfigRequest_NotificationId{NotificationId: "N1"}}), nil},
		{"DeleteNotificationConfig(integration)", "CloudWorksService/DeleteNotificationConfig", empty,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, cw(c).DeleteNotificationConfig(ctx, IntegrationNotification("I1"))
			},
			msgs(&anaplanv1.DeleteNotificationConfigRequest{Ref: &anaplanv1.DeleteNotificationConfigRequest_IntegrationId{IntegrationId: "I1"}}), nil},
		{"GetFlows", "CloudWorksService/GetFlows", msgs(&anaplanv1.GetFlowsResponse{Flows: []*anaplanv1.Flow{flow}}),
			func(ctx context.Context, c *Client) (any, error) { return cw(c).GetFlows(ctx, CurrentUserOnly()) },
			msgs(&anaplanv1.GetFlowsRequest{CurrentUserOnly: true}), []*anaplanv1.Flow{flow}},
		{"GetFlow", "CloudWorksService/GetFlow", msgs(flow),
			func(ctx context.Context, c *Client) (any, error) { return cw(c).GetFlow(ctx, "F1") },
			msgs(&anaplanv1.GetFlowRequest{FlowId: "F1"}), flow},
		{"CreateFlow", "CloudWorksService/CreateFlow", msgs(&anaplanv1.CreateFlowResponse{FlowId: "F1"}),
			func(ctx context.Context, c *Client) (any, error) { return cw(c).CreateFlow(ctx, flowIn) },
			msgs(&anaplanv1.CreateFlowRequest{Flow: flowIn}), "F1"},
		{"UpdateFlow", "CloudWorksService/UpdateFlow", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).UpdateFlow(ctx, "F1", flowIn) },
			msgs(&anaplanv1.UpdateFlowRequest{FlowId: "F1", Flow: flowIn}), nil},
		{"DeleteFlow", "CloudWorksService/DeleteFlow", empty,
			func(ctx context.Context, c *Client) (any, error) { return nil, cw(c).DeleteFlow(ctx, "F1") },
			msgs(&anaplanv1.DeleteFlowRequest{FlowId: "F1"}), nil},
		{"RunFlow", "CloudWorksService/RunFlow", msgs(&anaplanv1.RunFlowResponse{RunId: "R9"}),
			func(ctx context.Context, c *Client) (any, error) { return cw(c).RunFlow(ctx, "F1", "I2") },
			msgs(&anaplanv1.RunFlowRequest{FlowId: "F1", OnlySteps: []string{"I2"}}), "R9"},
	})
}
