package anaplan

// Time settings and versions of TransactionalService.

import (
	"context"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// GetCurrentPeriod returns the model's current period
// (get_current_period).
func (t *Transactional) GetCurrentPeriod(ctx context.Context) (*anaplanv1.CurrentPeriod, error) {
	return unary(ctx, t.stub.GetCurrentPeriod, t.scope)
}

// SetCurrentPeriod sets the current period to the one containing date
// (YYYY-MM-DD) and returns it (set_current_period).
func (t *Transactional) SetCurrentPeriod(ctx context.Context, date string) (*anaplanv1.CurrentPeriod, error) {
	return unary(ctx, t.stub.SetCurrentPeriod, &anaplanv1.SetCurrentPeriodRequest{Scope: t.scope, Date: date})
}

// GetModelCalendar returns the model's calendar settings
// (get_model_calendar).
func (t *Transactional) GetModelCalendar(ctx context.Context) (*anaplanv1.ModelCalendar, error) {
	return unary(ctx, t.stub.GetModelCalendar, t.scope)
}

// SetCurrentFiscalYear sets the fiscal year (e.g. "FY24") and returns the
// updated calendar (set_current_fiscal_year).
func (t *Transactional) SetCurrentFiscalYear(ctx context.Context, year string) (*anaplanv1.ModelCalendar, error) {
	return unary(ctx, t.stub.SetCurrentFiscalYear, &anaplanv1.SetCurrentFiscalYearRequest{Scope: t.scope, Year: year})
}

// GetVersions lists the model's versions (not in anaplan-sdk).
func (t *Transactional) GetVersions(ctx context.Context) ([]*anaplanv1.Version, error) {
	resp, err := unary(ctx, t.stub.GetVersions, t.scope)
	return resp.GetVersions(), err
}

// SetVersionSwitchover sets a version's switchover to the period containing
// date (YYYY-MM-DD; "" clears it) and returns the result (not in
// anaplan-sdk).
func (t *Transactional) SetVersionSwitchover(ctx context.Context, versionID int64, date string) (*anaplanv1.VersionSwitchover, error) {
	return unary(ctx, t.stub.SetVersionSwitchover, &anaplanv1.SetVersionSwitchoverRequest{Scope: t.scope, VersionId: versionID, Date: date})
}
