package anaplan_test

// End-to-end tests of the family methods beyond the common ones (families_e2e_test.go):
// dimensions, time settings and large-volume reads, ALM report tasks, SCIM
// discovery, CloudWorks schedules, notifications and flows.

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/internal/testenv"
)

const revenueItem = int64(203000000001)

func TestE2ETransactionalDimensionsAndTime(t *testing.T) {
	_, m, ctx := setup(t)
	tx := m.Transactional()
	dims, err := tx.GetLineItemDimensions(ctx, revenueItem)
	if err != nil || !slices.Equal(names(dims), []string{"Region", "Month"}) {
		t.Errorf("GetLineItemDimensions(Revenue) = %v, %v", names(dims), err)
	}
	var streamed []string
	for it, err := range tx.DimensionItems(ctx, regionList) {
		if err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, it.GetName())
	}
	if !slices.Equal(streamed, []string{"North", "South", "East", "West"}) {
		t.Errorf("DimensionItems(Region) = %v", streamed)
	}
	found, err := tx.LookupDimensionItems(ctx, regionList, []string{"S"}, []string{"West"})
	if got := names(found); err != nil || !slices.Equal(slices.Sorted(slices.Values(got)), []string{"South", "West"}) {
		t.Errorf("LookupDimensionItems = %v, %v", got, err)
	}
	if boards, err := tx.GetDashboards(ctx); err != nil || !slices.Equal(names(boards), []string{"Sales Dashboard"}) {
		t.Errorf("GetDashboards = %v, %v", names(boards), err)
	}

	// Closing and waking the model show in its status.
	if err := tx.CloseModel(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := tx.GetModelStatus(ctx); err != nil || st.GetCurrentStep() != "Closed" {
		t.Errorf("status after CloseModel = %v, %v", st, err)
	}
	if err := tx.WakeModel(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := tx.GetModelStatus(ctx); err != nil || st.GetCurrentStep() != "Open" {
		t.Errorf("status after WakeModel = %v, %v", st, err)
	}

	if p, err := tx.GetCurrentPeriod(ctx); err != nil || p.GetPeriodText() != "Mar 24" {
		t.Errorf("GetCurrentPeriod = %v, %v", p, err)
	}
	if p, err := tx.SetCurrentPeriod(ctx, "2024-08-10"); err != nil || p.GetPeriodText() != "Aug 24" || p.GetLastDay() != "2024-08-31" {
		t.Errorf("SetCurrentPeriod = %v, %v", p, err)
	}
	if cal, err := tx.GetModelCalendar(ctx); err != nil || cal.GetCurrentPeriod().GetLastDay() != "2024-08-31" || cal.GetFiscalYear().GetYear() != "FY24" {
		t.Errorf("GetModelCalendar = %v, %v", cal, err)
	}
	if cal, err := tx.SetCurrentFiscalYear(ctx, "FY25"); err != nil || cal.GetFiscalYear().GetStartDate() != "2025-01-01" {
		t.Errorf("SetCurrentFiscalYear = %v, %v", cal, err)
	}
	_, err = tx.SetCurrentPeriod(ctx, "2031-01-01") // outside the timescale
	checkCode(t, err, codes.InvalidArgument, anaplan.ErrInvalidArgument)
	versions, err := tx.GetVersions(ctx)
	if err != nil || len(versions) != 2 || versions[0].GetName() != "Actual" || !versions[0].GetIsActual() {
		t.Fatalf("GetVersions = %v, %v", versions, err)
	}
	sw, err := tx.SetVersionSwitchover(ctx, versions[1].GetId(), "2024-09-15")
	if err != nil || sw.GetDate() != "2024-09-30" || sw.GetPeriodText() != "Sep 24" {
		t.Errorf("SetVersionSwitchover = %v, %v", sw, err)
	}
	if versions, err = tx.GetVersions(ctx); err != nil || versions[1].GetSwitchover() != "2024-09-30" {
		t.Errorf("GetVersions after the switchover = %v, %v", versions, err)
	}
}

func TestE2ETransactionalCsvAndLargeVolume(t *testing.T) {
	_, m, ctx := setup(t)
	tx := m.Transactional()
	var csv bytes.Buffer
	n, err := tx.GetCellsCsv(ctx, salesModule, &csv, anaplan.CsvExport{ExportType: "GRID_ALL_PAGES"})
	if err != nil || n != int64(csv.Len()) || strings.Count(csv.String(), ",Revenue,Units") != 12 {
		t.Errorf("GetCellsCsv(GRID_ALL_PAGES) = %d, %v: %q", n, err, csv.String())
	}
	var view bytes.Buffer
	for p, err := range tx.ReadLargeVolume(ctx, anaplan.LargeVolumeRead{ViewID: salesModule}) {
		if err != nil {
			t.Fatal(err)
		}
		view.Write(p.GetData())
	}
	lines := strings.Split(strings.TrimSpace(view.String()), "\n")
	if len(lines) != 49 || strings.TrimSpace(lines[0]) != "Region,Month,Revenue,Units" {
		t.Errorf("ReadLargeVolume(Sales): %d lines, header %q", len(lines), lines[0])
	}
	if _, err := tx.InsertListItems(ctx, employeesLst, func(yield func(*anaplanv1.ListItemInput) bool) {
		for i := range 2500 {
			if !yield(&anaplanv1.ListItemInput{Name: fmt.Sprintf("P%05d", i)}) {
				return
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	pages, rows := 0, 0
	var last string
	for p, err := range tx.ReadLargeVolume(ctx, anaplan.LargeVolumeRead{ListID: employeesLst}) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		text := strings.TrimSpace(string(p.GetData()))
		rows += strings.Count(text, "\n") + 1
		last = text[strings.LastIndexByte(text, '\n')+1:]
	}
	// 1,000 rows per emulator page; the header is in the first.
	if pages != 3 || rows != 1+10+2500 || !strings.HasPrefix(last, "P02499") {
		t.Errorf("ReadLargeVolume(Employees): %d pages, %d rows, last %q", pages, rows, last)
	}
}

func TestE2EALMReportTasks(t *testing.T) {
	_, m, ctx := setup(t)
	src := m.ALM()
	rel, err := src.CreateRevision(ctx, "Release 1", "")
	if err != nil {
		t.Fatal(err)
	}
	tgt := m.Client().ALM(sandboxModel)
	base, err := tgt.CreateRevision(ctx, "Baseline", "")
	if err != nil {
		t.Fatal(err)
	}
	revisions := anaplan.AlmRevisions{SourceRevisionID: rel.GetId(), SourceModelID: testenv.ModelID, TargetRevisionID: base.GetId()}
	report, err := tgt.CreateComparisonReport(ctx, revisions)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tgt.GetComparisonReportTask(ctx, report.GetTaskId()); err != nil || got.GetTaskState() != "COMPLETE" || !got.GetResult().GetSuccessful() {
		t.Errorf("GetComparisonReportTask = %v, %v", got, err)
	}
	started, err := tgt.StartComparisonSummary(ctx, revisions)
	if err != nil || started.GetTaskId() == "" {
		t.Fatalf("StartComparisonSummary = %v, %v", started, err)
	}
	task, err := tgt.GetComparisonSummaryTask(ctx, started.GetTaskId())
	if err != nil || task.GetTaskState() != "COMPLETE" || task.GetResult().GetSourceRevisionId() != rel.GetId() {
		t.Fatalf("GetComparisonSummaryTask = %v, %v", task, err)
	}
	summary, err := tgt.GetComparisonSummary(ctx, task)
	if err != nil || summary.GetLists().GetCreated() != 3 || summary.GetModules().GetCreated() != 1 {
		t.Errorf("GetComparisonSummary = %v, %v", summary, err)
	}
	if _, err := tgt.SyncModels(ctx, revisions); err != nil {
		t.Fatal(err)
	}
	applied, err := src.GetModelsForRevision(ctx, rel.GetId())
	var ids []string
	for _, mr := range applied {
		ids = append(ids, mr.GetModelId())
	}
	slices.Sort(ids)
	if want := slices.Sorted(slices.Values([]string{testenv.ModelID, sandboxModel})); err != nil || !slices.Equal(ids, want) {
		t.Errorf("GetModelsForRevision = %v, %v; want %v", ids, err, want)
	}
	_, err = src.GetModelsForRevision(ctx, strings.Repeat("B", 32))
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
}

func TestE2ESCIMDiscovery(t *testing.T) {
	_, m, ctx := setup(t)
	scim := m.Client().SCIM()
	types, err := scim.GetResourceTypes(ctx)
	if err != nil || len(types) == 0 || types[0].GetFields()["endpoint"].GetStringValue() != "/Users" {
		t.Errorf("GetResourceTypes = %v, %v", types, err)
	}
	schemas, err := scim.GetResourceSchemas(ctx)
	if err != nil || len(schemas) == 0 || schemas[0].GetFields()["id"].GetStringValue() != "urn:ietf:params:scim:schemas:core:2.0:User" {
		t.Errorf("GetResourceSchemas = %v, %v", schemas, err)
	}
}

// exportIntegration creates an integration exporting Employees to path in
// an Azure connection.
func exportIntegration(t *testing.T, cw *anaplan.CloudWorks, ctx context.Context, connID, name, path string) string {
	t.Helper()
	id, err := cw.CreateIntegration(ctx, &anaplanv1.IntegrationInput{
		Name: name, WorkspaceId: testenv.WorkspaceID, ModelId: testenv.ModelID,
		Jobs: []*anaplanv1.IntegrationJob{{
			Type:    "AnaplanToAzureBlob",
			Sources: []*anaplanv1.JobEndpoint{{Type: "Anaplan", ActionId: fmt.Sprint(testenv.EmployeesExp)}},
			Targets: []*anaplanv1.JobEndpoint{{Type: "AzureBlob", ConnectionId: connID, File: path}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func azureConnection(t *testing.T, cw *anaplan.CloudWorks, ctx context.Context) string {
	t.Helper()
	id, err := cw.CreateConnection(ctx, &anaplanv1.ConnectionPayload{Body: &anaplanv1.ConnectionPayload_AzureBlob{
		AzureBlob: &anaplanv1.AzureBlobConnection{Name: "azure conn", StorageAccountName: "acct", ContainerName: "box", SasToken: "sv=1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestE2ECloudWorksSchedulesAndNotifications(t *testing.T) {
	_, m, ctx := setup(t)
	cw := m.Client().CloudWorks()
	integrationID := exportIntegration(t, cw, ctx, azureConnection(t, cw, ctx), "Employees to Azure", "out/employees.csv")

	schedule := &anaplanv1.Schedule{Name: "nightly", Type: "weekly", Timezone: "Europe/Paris", Time: "02:30",
		DaysOfWeek: []int32{1, 3}, StartDate: "2030-01-01", EndDate: "2030-12-31"}
	if err := cw.CreateSchedule(ctx, integrationID, schedule); err != nil {
		t.Fatal(err)
	}
	got, err := cw.GetIntegration(ctx, integrationID)
	if s := got.GetSchedule(); err != nil || s.GetName() != "nightly" || s.GetStatus() != "Active" || !slices.Equal(s.GetDaysOfWeek(), []int32{1, 3}) {
		t.Errorf("schedule after CreateSchedule = %v, %v", s, err)
	}
	if err := cw.SetScheduleStatus(ctx, integrationID, false); err != nil {
		t.Fatal(err)
	}
	schedule.Time = "04:00"
	if err := cw.UpdateSchedule(ctx, integrationID, schedule); err != nil {
		t.Fatal(err)
	}
	got, err = cw.GetIntegration(ctx, integrationID)
	if s := got.GetSchedule(); err != nil || s.GetTime() != "04:00" || s.GetStatus() != "Inactive" {
		t.Errorf("schedule after SetScheduleStatus(false) + UpdateSchedule = %v, %v", s, err)
	}
	if err := cw.DeleteSchedule(ctx, integrationID); err != nil {
		t.Fatal(err)
	}
	if got, err = cw.GetIntegration(ctx, integrationID); err != nil || got.GetSchedule() != nil {
		t.Errorf("schedule after DeleteSchedule = %v, %v", got.GetSchedule(), err)
	}
	err = cw.DeleteSchedule(ctx, integrationID)
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)

	// Creating an integration created its notification configuration.
	auto, err := cw.GetNotificationConfig(ctx, anaplan.IntegrationNotification(integrationID))
	if err != nil || !slices.Equal(auto.GetIntegrationIds(), []string{integrationID}) {
		t.Fatalf("GetNotificationConfig(integration) = %v, %v", auto, err)
	}
	if err := cw.DeleteNotificationConfig(ctx, anaplan.IntegrationNotification(integrationID)); err != nil {
		t.Fatal(err)
	}
	me, err := m.Client().Audit().GetUser(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	input := &anaplanv1.NotificationInput{IntegrationIds: []string{integrationID}, Channels: []string{"email"},
		Config: []*anaplanv1.NotificationRule{{Type: "full_failure", Users: []string{me.GetId()}}}}
	notificationID, err := cw.CreateNotificationConfig(ctx, input)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := cw.GetNotificationConfig(ctx, anaplan.NotificationID(notificationID))
	if err != nil || !slices.Equal(cfg.GetChannels(), []string{"email"}) || cfg.GetConfig()[0].GetUserDetails()[0].GetFirstName() != "Demo" {
		t.Errorf("GetNotificationConfig(id) = %v, %v", cfg, err)
	}
	input.Channels = []string{"email", "in_app"}
	if err := cw.UpdateNotificationConfig(ctx, notificationID, input); err != nil {
		t.Fatal(err)
	}
	if cfg, err = cw.GetNotificationConfig(ctx, anaplan.IntegrationNotification(integrationID)); err != nil || !slices.Equal(cfg.GetChannels(), input.Channels) {
		t.Errorf("GetNotificationConfig after the update = %v, %v", cfg, err)
	}
	if err := cw.DeleteNotificationConfig(ctx, anaplan.NotificationID(notificationID)); err != nil {
		t.Fatal(err)
	}
	_, err = cw.GetNotificationConfig(ctx, anaplan.NotificationID(notificationID))
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
}

func TestE2ECloudWorksFlows(t *testing.T) {
	env, m, ctx := setup(t)
	cw := m.Client().CloudWorks()
	connID := azureConnection(t, cw, ctx)
	first := exportIntegration(t, cw, ctx, connID, "step one", "flow/one.csv")
	second := exportIntegration(t, cw, ctx, connID, "step two", "flow/two.csv")
	flowID, err := cw.CreateFlow(ctx, &anaplanv1.FlowInput{Name: "export twice", Steps: []*anaplanv1.FlowStepInput{
		{Referrer: first}, {Referrer: second, DependsOn: []string{first}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	flow, err := cw.GetFlow(ctx, flowID)
	if err != nil || len(flow.GetSteps()) != 2 || flow.GetSteps()[0].GetReferrer() != first || flow.GetSteps()[1].GetType() != "Export" {
		t.Fatalf("GetFlow = %v, %v", flow, err)
	}
	if flows, err := cw.GetFlows(ctx); err != nil || len(flows) != 1 || flows[0].GetId() != flowID || flows[0].GetStepCount() != 2 {
		t.Errorf("GetFlows = %v, %v", flows, err)
	}
	runID, err := cw.RunFlow(ctx, flowID)
	if err != nil || runID == "" {
		t.Fatalf("RunFlow = %q, %v", runID, err)
	}
	// Both steps ran, as part of the flow's run, and really exported.
	for _, step := range []struct{ id, path string }{{first, "flow/one.csv"}, {second, "flow/two.csv"}} {
		runs, err := cw.GetRunHistory(ctx, step.id)
		if err != nil || len(runs) != 1 || !runs[0].GetSuccess() {
			t.Fatalf("GetRunHistory(%s) = %v, %v", step.path, runs, err)
		}
		if st, err := cw.GetRunStatus(ctx, runs[0].GetId()); err != nil || st.GetFlowGroupId() != runID {
			t.Errorf("GetRunStatus(%s) = %v, %v; want flow group %s", step.path, st, err, runID)
		}
		var obj bytes.Buffer
		if err := httpGet(env.EmulatorURL+"/__emulator/cloudworks/connections/"+connID+"/objects/"+step.path, &obj); err != nil || !strings.Contains(obj.String(), "David Brown") {
			t.Errorf("%s: %v %q", step.path, err, obj.String())
		}
	}
	// Only some steps.
	if _, err := cw.RunFlow(ctx, flowID, second); err != nil {
		t.Fatal(err)
	}
	if runs, err := cw.GetRunHistory(ctx, first); err != nil || len(runs) != 1 {
		t.Errorf("first step's runs after RunFlow(second) = %d, %v", len(runs), err)
	}
	if runs, err := cw.GetRunHistory(ctx, second); err != nil || len(runs) != 2 {
		t.Errorf("second step's runs after RunFlow(second) = %d, %v", len(runs), err)
	}
	if err := cw.UpdateFlow(ctx, flowID, &anaplanv1.FlowInput{Name: "renamed", Steps: []*anaplanv1.FlowStepInput{
		{Referrer: second}, {Referrer: first, DependsOn: []string{second}},
	}}); err != nil {
		t.Fatal(err)
	}
	if flow, err = cw.GetFlow(ctx, flowID); err != nil || flow.GetName() != "renamed" || flow.GetSteps()[0].GetReferrer() != second {
		t.Errorf("GetFlow after UpdateFlow = %v, %v", flow, err)
	}
	if err := cw.DeleteFlow(ctx, flowID); err != nil {
		t.Fatal(err)
	}
	_, err = cw.GetFlow(ctx, flowID)
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
}
