package anaplan_test

// End-to-end tests of the family wrappers (Transactional, ALM, Audit, SCIM,
// CloudWorks): real service, real emulator, results checked against the
// emulator's seeded model and its control API.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/internal/testenv"
)

const (
	salesModule  = int64(102000000000)
	employeesLst = int64(101000000000)
	regionList   = int64(101000000001)
	monthList    = int64(101000000002)
	feb24        = int64(206002000002)
	sandboxModel = "0123456789ABCDEF0123456789ABCDEF"
)

func names(objs []*anaplanv1.NamedObject) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetName())
	}
	return out
}

func cell(region, month string, v float64) *anaplanv1.CellWrite {
	return &anaplanv1.CellWrite{
		LineItem: &anaplanv1.CellWrite_LineItemName{LineItemName: "Revenue"},
		Dimensions: []*anaplanv1.DimensionRef{
			{Ref: &anaplanv1.DimensionRef_DimensionName{DimensionName: "Region"}, Item: &anaplanv1.DimensionRef_ItemName{ItemName: region}},
			{Ref: &anaplanv1.DimensionRef_DimensionName{DimensionName: "Month"}, Item: &anaplanv1.DimensionRef_ItemName{ItemName: month}},
		},
		Value: &anaplanv1.CellWrite_Number{Number: v},
	}
}

func TestE2ETransactionalReadsAndStreams(t *testing.T) {
	env, m, ctx := setup(t)
	tx := m.Transactional()
	lists, err := tx.GetLists(ctx)
	if err != nil || !slices.Equal(names(lists), []string{"Employees", "Region", "Month"}) {
		t.Fatalf("GetLists = %v, %v", names(lists), err)
	}
	items, err := tx.GetListItems(ctx, employeesLst)
	if err != nil || len(items) != 10 || items[0].GetName() != "Alice Smith" || items[0].GetProperties()["Department"] != "Sales" {
		t.Fatalf("GetListItems = %v, %v", items, err)
	}
	info, err := tx.GetViewInfo(ctx, salesModule)
	if err != nil || info.GetViewName() != "Sales" || !slices.Equal(names(info.GetRows()), []string{"Region"}) {
		t.Errorf("GetViewInfo = %v, %v", info, err)
	}

	// Insert from a slice: one duplicate is reported per item, not as an error.
	res, err := tx.InsertListItems(ctx, regionList, slices.Values([]*anaplanv1.ListItemInput{
		{Name: "Central", Code: "C"}, {Name: "North", Code: "N2"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if res.GetAdded() != 1 || res.GetIgnored() != 1 || len(res.GetFailures()) != 1 || res.GetFailures()[0].GetRequestIndex() != 1 {
		t.Errorf("InsertListItems = %v", res)
	}
	// Insert 2,500 items from a channel: three batch messages on the stream.
	ch := make(chan *anaplanv1.ListItemInput)
	go func() {
		defer close(ch)
		for i := range 2500 {
			ch <- &anaplanv1.ListItemInput{Name: fmt.Sprintf("P%05d", i)}
		}
	}()
	res, err = tx.InsertListItems(ctx, employeesLst, anaplan.Chan(ch))
	if err != nil || res.GetAdded() != 2500 || res.GetTotal() != 2500 {
		t.Fatalf("InsertListItems(chan) = %v, %v", res, err)
	}
	emuItems, err := env.List("Employees")
	if err != nil || len(emuItems) != 2510 || emuItems[2509].Name != "P02499" {
		t.Errorf("emulator Employees: %d items, %v", len(emuItems), err)
	}
	// The list-item stream sees both writes.
	var streamed []string
	for it, err := range tx.ListItems(ctx, regionList) {
		if err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, it.GetName())
	}
	if !slices.Equal(streamed, []string{"North", "South", "East", "West", "Central"}) {
		t.Errorf("ListItems(Region) = %v", streamed)
	}
	n := 0
	for _, err := range tx.ListItems(ctx, employeesLst) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2510 {
		t.Errorf("ListItems(Employees) yielded %d items, want 2510", n)
	}
}

func TestE2ETransactionalCellWrites(t *testing.T) {
	_, m, ctx := setup(t)
	tx := m.Transactional()
	resp, err := tx.WriteCells(ctx, salesModule, slices.Values([]*anaplanv1.CellWrite{
		cell("West", "Feb 24", 4242.5), cell("Nowhere", "Feb 24", 1),
	}))
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetNumberOfCellsChanged() != 1 || len(resp.GetFailures()) != 1 || resp.GetFailures()[0].GetFailureType() != "INVALID_DIMENSION_ITEM" {
		t.Errorf("WriteCells = %v", resp)
	}
	data, err := tx.GetCells(ctx, salesModule, []*anaplanv1.PageSelector{{DimensionId: monthList, ItemId: feb24}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range data.GetRows() {
		got[r.GetRowCoordinates()[0]] = r.GetCells()[0]
	}
	if !slices.Equal(data.GetPages(), []string{"Feb 24"}) || got["West"] != "4242.5" {
		t.Errorf("GetCells pages %v rows %v", data.GetPages(), got)
	}
	var rows []string
	for r, err := range tx.CellRows(ctx, salesModule, []*anaplanv1.PageSelector{{DimensionId: monthList, ItemId: feb24}}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.GetRowCoordinates()[0]+"="+r.GetCells()[0])
	}
	if len(rows) != 4 || rows[3] != "West=4242.5" {
		t.Errorf("CellRows = %v", rows)
	}
	// MaxRows reaches Anaplan's maxRows: the emulator cuts the 4 rows to 2.
	data, err = tx.GetCells(ctx, salesModule, nil, anaplan.MaxRows(2))
	if err != nil || len(data.GetRows()) != 2 {
		t.Errorf("GetCells(MaxRows(2)) = %d rows, %v", len(data.GetRows()), err)
	}
	rows = nil
	for r, err := range tx.CellRows(ctx, salesModule, nil, anaplan.MaxRows(3), anaplan.RowsPerMessage(1)) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r.GetRowCoordinates()[0])
	}
	if len(rows) != 3 {
		t.Errorf("CellRows(MaxRows(3), RowsPerMessage(1)) = %v", rows)
	}
	// Errors come back typed, also from the iterators.
	_, err = tx.GetListMetadata(ctx, 101999000000)
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
	for _, err = range tx.ListItems(ctx, 101999000000) {
	}
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
	_, err = m.Client().Transactional(testenv.WorkspaceID, "").WriteCells(ctx, salesModule, slices.Values([]*anaplanv1.CellWrite{cell("West", "Feb 24", 1)}))
	checkCode(t, err, codes.InvalidArgument, anaplan.ErrInvalidArgument)
}

// emulatorQueries returns the query strings of the requests the emulator
// logged after sequence number after on paths matching the regular
// expression path, and the last sequence number it logged.
func emulatorQueries(t *testing.T, env *testenv.Env, path string, after int64) ([]string, int64) {
	t.Helper()
	var log []struct {
		Seq   int64  `json:"seq"`
		Query string `json:"query"`
	}
	if _, err := env.Do("GET", "/__emulator/requests?path="+url.QueryEscape(path), nil, &log); err != nil {
		t.Fatal(err)
	}
	var queries []string
	last := after
	for _, e := range log {
		if e.Seq > after {
			queries = append(queries, e.Query)
		}
		last = max(last, e.Seq)
	}
	return queries, last
}

// The flags are checked on the Anaplan calls the service made (the
// emulator's request log): the emulator holds only default views, which
// Anaplan lists with or without includesubsidiaryviews, and the Region list
// has no properties for includeAll to add (Python's e2e tests check that
// with the Employees list).
func TestE2ETransactionalViewAndListItemFlags(t *testing.T) {
	env, m, ctx := setup(t)
	tx := m.Transactional()
	const viewsPath, itemsPath = "/views$", "/lists/101000000001/items$"
	_, seq := emulatorQueries(t, env, viewsPath+"|"+itemsPath, 0)
	want := func(path, what, param string, sent bool) {
		t.Helper()
		var queries []string
		queries, seq = emulatorQueries(t, env, path, seq)
		if len(queries) == 0 {
			t.Fatalf("%s: no request to %s logged", what, path)
		}
		for _, q := range queries {
			if strings.Contains(q, param) != sent {
				t.Errorf("%s: query %q, want %s present: %v", what, q, param, sent)
			}
		}
	}
	if views, err := tx.GetViews(ctx, 0); err != nil || len(views) == 0 {
		t.Fatalf("GetViews = %v, %v", views, err)
	}
	want(viewsPath, "GetViews", "includesubsidiaryviews=true", true)
	if _, err := tx.GetViews(ctx, 0, anaplan.WithoutSubsidiaryViews()); err != nil {
		t.Fatal(err)
	}
	want(viewsPath, "GetViews(WithoutSubsidiaryViews)", "includesubsidiaryviews=true", false)

	if items, err := tx.GetListItems(ctx, regionList); err != nil || len(items) != 4 {
		t.Fatalf("GetListItems = %v, %v", items, err)
	}
	want(itemsPath, "GetListItems", "includeAll=true", true)
	if _, err := tx.GetListItems(ctx, regionList, anaplan.WithoutSelectiveAccessFields()); err != nil {
		t.Fatal(err)
	}
	want(itemsPath, "GetListItems(WithoutSelectiveAccessFields)", "includeAll=true", false)
	for _, err := range tx.ListItems(ctx, regionList) {
		if err != nil {
			t.Fatal(err)
		}
	}
	want(itemsPath, "ListItems", "includeAll=true", true)
	for _, err := range tx.ListItems(ctx, regionList, anaplan.WithoutSelectiveAccessFields()) {
		if err != nil {
			t.Fatal(err)
		}
	}
	want(itemsPath, "ListItems(WithoutSelectiveAccessFields)", "includeAll=true", false)
}

func TestE2EALM(t *testing.T) {
	_, m, ctx := setup(t)
	src := m.ALM()
	if rev, err := src.GetLatestRevision(ctx); err != nil || rev != nil {
		t.Fatalf("GetLatestRevision on a fresh model = %v, %v", rev, err)
	}
	rel, err := src.CreateRevision(ctx, "Release 1", "first release")
	if err != nil || len(rel.GetId()) != 32 || rel.GetName() != "Release 1" {
		t.Fatalf("CreateRevision = %v, %v", rel, err)
	}
	revs, err := src.GetRevisions(ctx)
	if err != nil || len(revs) != 1 || revs[0].GetId() != rel.GetId() {
		t.Errorf("GetRevisions = %v, %v", revs, err)
	}
	tgt := m.Client().ALM(sandboxModel)
	base, err := tgt.CreateRevision(ctx, "Baseline", "")
	if err != nil {
		t.Fatal(err)
	}
	syncable, err := tgt.GetSyncableRevisions(ctx, testenv.ModelID)
	if err != nil || len(syncable) != 1 || syncable[0].GetId() != rel.GetId() {
		t.Errorf("GetSyncableRevisions = %v, %v", syncable, err)
	}
	revisions := anaplan.AlmRevisions{SourceRevisionID: rel.GetId(), SourceModelID: testenv.ModelID, TargetRevisionID: base.GetId()}
	report, err := tgt.CreateComparisonReport(ctx, revisions)
	if err != nil || !report.GetResult().GetSuccessful() {
		t.Fatalf("CreateComparisonReport = %v, %v", report, err)
	}
	var buf bytes.Buffer
	if n, err := tgt.GetComparisonReport(ctx, report, &buf); err != nil || n == 0 || !strings.Contains(buf.String(), "list:Employees\tCreated") {
		t.Errorf("GetComparisonReport = %d, %v: %q", n, err, buf.String())
	}
	summary, err := tgt.CreateComparisonSummary(ctx, revisions)
	if err != nil || summary.GetLists().GetCreated() != 3 || summary.GetModules().GetCreated() != 1 {
		t.Errorf("CreateComparisonSummary = %v, %v", summary, err)
	}
	started, err := tgt.SyncModels(ctx, revisions, anaplan.NoWait())
	if err != nil || started.GetTaskId() == "" {
		t.Fatalf("SyncModels(NoWait) = %v, %v", started, err)
	}
	var last *anaplanv1.AlmTask
	for task, err := range tgt.WatchSyncTask(ctx, started.GetTaskId(), anaplan.PollInterval(10*time.Millisecond)) {
		if err != nil {
			t.Fatal(err)
		}
		last = task
	}
	if last.GetTaskState() != "COMPLETE" || !last.GetResult().GetSuccessful() || last.GetResult().GetSourceRevisionId() != rel.GetId() {
		t.Errorf("last watched state %v", last)
	}
	if latest, err := tgt.GetLatestRevision(ctx); err != nil || latest.GetId() != rel.GetId() {
		t.Errorf("target's latest revision after sync = %v, %v", latest, err)
	}
	// The same structure cannot be tagged twice: Anaplan's 400.
	_, err = src.CreateRevision(ctx, "Release 1 again", "")
	checkCode(t, err, codes.InvalidArgument, anaplan.ErrInvalidArgument)
	_, err = src.GetSyncTask(ctx, strings.Repeat("A", 32))
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
}

func TestE2EAudit(t *testing.T) {
	env, m, ctx := setup(t)
	audit := m.Client().Audit()
	users, err := audit.GetUsers(ctx)
	if err != nil || len(users) != 2 || users[0].GetEmail() != testenv.UserEmail {
		t.Fatalf("GetUsers = %v, %v", users, err)
	}
	me, err := audit.GetUser(ctx, "")
	if err != nil || me.GetId() != users[0].GetId() || me.GetFirstName() != "Demo" {
		t.Errorf("GetUser(me) = %v, %v", me, err)
	}
	// Small pages: the stream spans several Anaplan pages, in order.
	if _, err := env.Do("PUT", "/__emulator/settings", map[string]any{"max_page_size": 10}, nil); err != nil {
		t.Fatal(err)
	}
	// Reset does not restore settings: put the default back for later tests.
	t.Cleanup(func() { env.Do("PUT", "/__emulator/settings", map[string]any{"max_page_size": 5000}, nil) })
	for i := range 35 {
		if _, err := env.Do("POST", "/__emulator/audit/events", map[string]any{"eventTypeId": "CMT-1", "message": fmt.Sprintf("c%d", i)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []string
	for ev, err := range audit.Events(ctx, anaplan.EventFilter{Type: "comment"}) {
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, ev.GetMessage())
	}
	if len(msgs) != 35 || msgs[0] != "c0" || msgs[34] != "c34" {
		t.Errorf("Events(comment) = %v", msgs)
	}
	all, err := audit.GetEvents(ctx, anaplan.EventFilter{})
	if err != nil || !slices.ContainsFunc(all, func(e *anaplanv1.AuditEvent) bool { return e.GetEventTypeId() == "USR-8" }) {
		t.Errorf("GetEvents lacks the service's login (USR-8): %d events, %v", len(all), err)
	}
	_, err = audit.GetEvents(ctx, anaplan.EventFilter{DaysIntoPast: 31})
	checkCode(t, err, codes.InvalidArgument, anaplan.ErrInvalidArgument)
}

func TestE2ESCIM(t *testing.T) {
	_, m, ctx := setup(t)
	scim := m.Client().SCIM()
	ada, err := scim.AddUser(ctx, &anaplanv1.ScimUserInput{UserName: "ada@example.com", FamilyName: "Lovelace", GivenName: "Ada", ExternalId: "E-1"})
	if err != nil || ada.GetDisplayName() != "Ada Lovelace" || !ada.GetActive() {
		t.Fatalf("AddUser = %v, %v", ada, err)
	}
	got, err := scim.GetUser(ctx, ada.GetId())
	if err != nil || got.GetUserName() != "ada@example.com" {
		t.Errorf("GetUser = %v, %v", got, err)
	}
	for i := range 5 {
		if _, err := scim.AddUser(ctx, &anaplanv1.ScimUserInput{UserName: fmt.Sprintf("u%d@example.com", i), FamilyName: "User", GivenName: "N"}); err != nil {
			t.Fatal(err)
		}
	}
	var streamed []string
	for u, err := range scim.Users(ctx, nil, 2) {
		if err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, u.GetUserName())
	}
	if len(streamed) != 8 || !slices.Contains(streamed, "u4@example.com") {
		t.Errorf("Users (pages of 2) = %v", streamed)
	}
	found, err := scim.GetUsers(ctx, anaplan.ScimOr(anaplan.ScimEq("userName", "ada@example.com"), anaplan.ScimEq("userName", testenv.UserEmail)))
	if err != nil || len(found) != 2 {
		t.Errorf("GetUsers(or) = %v, %v", found, err)
	}
	_, err = scim.GetUser(ctx, strings.Repeat("f", 32))
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
	_, err = scim.AddUser(ctx, &anaplanv1.ScimUserInput{UserName: testenv.UserEmail, FamilyName: "Dup", GivenName: "Licate"})
	checkCode(t, err, codes.Aborted, anaplan.ErrAborted)
}

func TestE2ECloudWorks(t *testing.T) {
	env, m, ctx := setup(t)
	cw := m.Client().CloudWorks()
	connID, err := cw.CreateConnection(ctx, &anaplanv1.ConnectionPayload{Body: &anaplanv1.ConnectionPayload_AzureBlob{
		AzureBlob: &anaplanv1.AzureBlobConnection{Name: "azure conn", StorageAccountName: "acct", ContainerName: "box", SasToken: "sv=1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	conns, err := cw.GetConnections(ctx)
	if err != nil || len(conns) != 1 || conns[0].GetConnectionId() != connID || conns[0].GetAuthMethod() != "SAS-based" {
		t.Errorf("GetConnections = %v, %v", conns, err)
	}
	integrationID, err := cw.CreateIntegration(ctx, &anaplanv1.IntegrationInput{
		Name: "Employees to Azure", WorkspaceId: testenv.WorkspaceID, ModelId: testenv.ModelID,
		Jobs: []*anaplanv1.IntegrationJob{{
			Type:    "AnaplanToAzureBlob",
			Sources: []*anaplanv1.JobEndpoint{{Type: "Anaplan", ActionId: fmt.Sprint(testenv.EmployeesExp)}},
			Targets: []*anaplanv1.JobEndpoint{{Type: "AzureBlob", ConnectionId: connID, File: "out/employees.csv"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	runID, err := cw.RunIntegration(ctx, integrationID)
	if err != nil {
		t.Fatal(err)
	}
	status, err := cw.GetRunStatus(ctx, runID)
	if err != nil || !status.GetSuccess() || status.GetIntegrationId() != integrationID {
		t.Errorf("GetRunStatus = %v, %v", status, err)
	}
	history, err := cw.GetRunHistory(ctx, integrationID)
	if err != nil || len(history) != 1 || history[0].GetId() != runID {
		t.Errorf("GetRunHistory = %v, %v", history, err)
	}
	if errs, err := cw.GetRunError(ctx, runID); err != nil || len(errs) != 0 {
		t.Errorf("GetRunError of a good run = %v, %v", errs, err)
	}
	detail, err := cw.GetIntegration(ctx, integrationID)
	if err != nil || detail.GetIntegrationType() != "Export" || !detail.GetLatestRun().GetSuccess() {
		t.Errorf("GetIntegration = %v, %v", detail, err)
	}
	// The run really exported the list into the connection's storage.
	var obj bytes.Buffer
	req := env.EmulatorURL + "/__emulator/cloudworks/connections/" + connID + "/objects/out/employees.csv"
	if err := httpGet(req, &obj); err != nil || !strings.Contains(obj.String(), "David Brown") {
		t.Errorf("exported object: %v %q", err, obj.String())
	}
	// A connection in use cannot go (Anaplan's 409).
	err = cw.DeleteConnection(ctx, connID)
	checkCode(t, err, codes.Aborted, anaplan.ErrAborted)
	_, err = cw.GetIntegration(ctx, strings.Repeat("0", 32))
	checkCode(t, err, codes.NotFound, anaplan.ErrNotFound)
}

func httpGet(url string, w io.Writer) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
