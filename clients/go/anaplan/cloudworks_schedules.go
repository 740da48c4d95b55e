package anaplan

// Integration schedules of CloudWorksService.

import (
	"context"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// CreateSchedule gives an integration a schedule (create_schedule).
func (w *CloudWorks) CreateSchedule(ctx context.Context, integrationID string, s *anaplanv1.Schedule) error {
	_, err := unary(ctx, w.stub.CreateSchedule, &anaplanv1.ScheduleRequest{IntegrationId: integrationID, Schedule: s})
	return err
}

// UpdateSchedule replaces an integration's schedule (update_schedule).
func (w *CloudWorks) UpdateSchedule(ctx context.Context, integrationID string, s *anaplanv1.Schedule) error {
	_, err := unary(ctx, w.stub.UpdateSchedule, &anaplanv1.ScheduleRequest{IntegrationId: integrationID, Schedule: s})
	return err
}

// SetScheduleStatus enables or disables an integration's schedule
// (set_schedule_status).
func (w *CloudWorks) SetScheduleStatus(ctx context.Context, integrationID string, enabled bool) error {
	st := "disabled"
	if enabled {
		st = "enabled"
	}
	_, err := unary(ctx, w.stub.SetScheduleStatus, &anaplanv1.SetScheduleStatusRequest{IntegrationId: integrationID, Status: st})
	return err
}

// DeleteSchedule removes an integration's schedule (delete_schedule).
func (w *CloudWorks) DeleteSchedule(ctx context.Context, integrationID string) error {
	_, err := unary(ctx, w.stub.DeleteSchedule, &anaplanv1.DeleteScheduleRequest{IntegrationId: integrationID})
	return err
}
