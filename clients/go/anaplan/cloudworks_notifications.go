package anaplan

// Notification configurations of CloudWorksService.

import (
	"context"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// NotificationRef names a notification configuration: by its id
// (NotificationID) or through the integration it belongs to
// (IntegrationNotification).
type NotificationRef struct {
	id            string
	byIntegration bool
}

// NotificationID refers to a notification configuration by its id.
func NotificationID(id string) NotificationRef { return NotificationRef{id: id} }

// IntegrationNotification refers to the notification configuration of an
// integration (the service reads its notificationId first).
func IntegrationNotification(integrationID string) NotificationRef {
	return NotificationRef{id: integrationID, byIntegration: true}
}

// GetNotificationConfig returns a notification configuration
// (get_notification_config).
func (w *CloudWorks) GetNotificationConfig(ctx context.Context, ref NotificationRef) (*anaplanv1.NotificationConfig, error) {
	req := &anaplanv1.GetNotificationConfigRequest{Ref: &anaplanv1.GetNotificationConfigRequest_NotificationId{NotificationId: ref.id}}
	if ref.byIntegration {
		req.Ref = &anaplanv1.GetNotificationConfigRequest_IntegrationId{IntegrationId: ref.id}
	}
	return unary(ctx, w.stub.GetNotificationConfig, req)
}

// CreateNotificationConfig creates a notification configuration and returns
// its id (create_notification_config).
func (w *CloudWorks) CreateNotificationConfig(ctx context.Context, cfg *anaplanv1.NotificationInput) (string, error) {
	resp, err := unary(ctx, w.stub.CreateNotificationConfig, &anaplanv1.CreateNotificationConfigRequest{Config: cfg})
	return resp.GetNotificationId(), err
}

// UpdateNotificationConfig replaces a notification configuration
// (update_notification_config).
func (w *CloudWorks) UpdateNotificationConfig(ctx context.Context, notificationID string, cfg *anaplanv1.NotificationInput) error {
	_, err := unary(ctx, w.stub.UpdateNotificationConfig, &anaplanv1.UpdateNotificationConfigRequest{NotificationId: notificationID, Config: cfg})
	return err
}

// DeleteNotificationConfig deletes a notification configuration
// (delete_notification_config).
func (w *CloudWorks) DeleteNotificationConfig(ctx context.Context, ref NotificationRef) error {
	req := &anaplanv1.DeleteNotificationConfigRequest{Ref: &anaplanv1.DeleteNotificationConfigRequest_NotificationId{NotificationId: ref.id}}
	if ref.byIntegration {
		req.Ref = &anaplanv1.DeleteNotificationConfigRequest_IntegrationId{IntegrationId: ref.id}
	}
	_, err := unary(ctx, w.stub.DeleteNotificationConfig, req)
	return err
}
