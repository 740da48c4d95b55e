package anaplan

// Per-method unit tests of the family wrappers: each case calls one method
// against the recorder fake (families_coverage_test.go) and checks the
// requests it sent and the result it returned.

import (
	"bytes"
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

type wrapperCase struct {
	name  string
	rpc   string          // "Service/Method" the method calls
	reply []proto.Message // the fake's reply (several: a server stream)
	call  func(context.Context, *Client) (any, error)
	req   []proto.Message // what the method must send (several: a client stream)
	want  any             // the method's result; nil when it returns only an error
}

func runWrapperCases(t *testing.T, sd *grpc.ServiceDesc, cases []wrapperCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{replies: map[string][]proto.Message{tc.rpc: tc.reply}}
			c := startRecorder(t, r, sd)
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			r.mu.Lock()
			sent := r.reqs[tc.rpc]
			r.mu.Unlock()
			if !sameResult(sent, tc.req) {
				t.Errorf("%s sent %s, want %s", tc.name, describe(sent), describe(tc.req))
			}
			if !sameResult(got, tc.want) {
				t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func msgs(ms ...proto.Message) []proto.Message { return ms }

var (
	testScope = &anaplanv1.ModelScope{WorkspaceId: "ws", ModelId: "m"}
	north     = &anaplanv1.NamedObject{Id: 1, Name: "North", Code: "N"}
	south     = &anaplanv1.NamedObject{Id: 2, Name: "South", Code: "S"}
	regions   = []*anaplanv1.NamedObject{north, south}
)

func tx(c *Client) *Transactional { return c.Transactional("ws", "m") }

func TestTransactionalWrappers(t *testing.T) {
	model := &anaplanv1.Model{Id: "m", Name: "Demo"}
	period := &anaplanv1.CurrentPeriod{PeriodText: "Aug 24", LastDay: "2024-08-31"}
	calendar := &anaplanv1.ModelCalendar{CalendarType: "Calendar Months/Quarters/Years", FiscalYear: &anaplanv1.FiscalYear{Year: "FY25"}}
	versions := []*anaplanv1.Version{{Id: 20, Name: "Actual", IsActual: true}, {Id: 21, Name: "Forecast"}}
	switchover := &anaplanv1.VersionSwitchover{Id: 21, Date: "2024-09-30", PeriodText: "Sep 24"}
	page := func(n int64, data string) *anaplanv1.ReadLargeVolumeResponse {
		return &anaplanv1.ReadLargeVolumeResponse{RequestId: "R1", Page: n, Data: []byte(data), RequestState: "COMPLETE"}
	}
	views := []*anaplanv1.View{{Id: 5, Name: "Sales", ModuleId: 4}}
	items := []*anaplanv1.ListItem{{Id: 1, Name: "North", Code: "N"}, {Id: 2, Name: "South", Code: "S"}}
	viewData := &anaplanv1.ViewData{Rows: []*anaplanv1.CellRow{
		{RowCoordinates: []string{"North"}, Cells: []string{"1"}}, {RowCoordinates: []string{"South"}, Cells: []string{"2"}},
	}}
	runWrapperCases(t, &anaplanv1.TransactionalService_ServiceDesc, []wrapperCase{
		{"GetModelDetails", "TransactionalService/GetModelDetails", msgs(model),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetModelDetails(ctx) },
			msgs(testScope), model},
		{"WakeModel", "TransactionalService/WakeModel", msgs(&anaplanv1.ModelActionResponse{}),
			func(ctx context.Context, c *Client) (any, error) { return nil, tx(c).WakeModel(ctx) },
			msgs(testScope), nil},
		{"CloseModel", "TransactionalService/CloseModel", msgs(&anaplanv1.ModelActionResponse{}),
			func(ctx context.Context, c *Client) (any, error) { return nil, tx(c).CloseModel(ctx) },
			msgs(testScope), nil},
		{"GetLineItemDimensions", "TransactionalService/GetLineItemDimensions", msgs(&anaplanv1.DimensionsResponse{Dimensions: regions}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetLineItemDimensions(ctx, 7) },
			msgs(&anaplanv1.GetLineItemDimensionsRequest{Scope: testScope, LineItemId: 7}), regions},
		{"GetLineItemDimensionItems", "TransactionalService/GetLineItemDimensionItems", msgs(&anaplanv1.DimensionItemsResponse{Items: regions}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetLineItemDimensionItems(ctx, 7, 9) },
			msgs(&anaplanv1.GetLineItemDimensionItemsRequest{Scope: testScope, LineItemId: 7, DimensionId: 9}), regions},
		{"GetDimensionItems", "TransactionalService/GetDimensionItems", msgs(&anaplanv1.DimensionItemsResponse{Items: regions}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetDimensionItems(ctx, 9) },
			msgs(&anaplanv1.GetDimensionItemsRequest{Scope: testScope, DimensionId: 9}), regions},
		{"DimensionItems", "TransactionalService/StreamDimensionItems",
			msgs(&anaplanv1.DimensionItemsResponse{Items: regions[:1]}, &anaplanv1.DimensionItemsResponse{Items: regions[1:]}),
			func(ctx context.Context, c *Client) (any, error) { return drain(tx(c).DimensionItems(ctx, 9)) },
			msgs(&anaplanv1.GetDimensionItemsRequest{Scope: testScope, DimensionId: 9}), regions},
		{"LookupDimensionItems", "TransactionalService/LookupDimensionItems", msgs(&anaplanv1.DimensionItemsResponse{Items: regions}),
			func(ctx context.Context, c *Client) (any, error) {
				return tx(c).LookupDimensionItems(ctx, 9, []string{"N"}, []string{"South"})
			},
			msgs(&anaplanv1.LookupDimensionItemsRequest{Scope: testScope, DimensionId: 9, Codes: []string{"N"}, Names: []string{"South"}}), regions},
		{"GetViewDimensionItems", "TransactionalService/GetViewDimensionItems", msgs(&anaplanv1.DimensionItemsResponse{Items: regions}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetViewDimensionItems(ctx, 5, 9) },
			msgs(&anaplanv1.GetViewDimensionItemsRequest{Scope: testScope, ViewId: 5, DimensionId: 9}), regions},
		{"GetDashboards", "TransactionalService/GetDashboards", msgs(&anaplanv1.GetDashboardsResponse{Dashboards: regions[:1]}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetDashboards(ctx) },
			msgs(testScope), regions[:1]},
		{"ResetListIndex", "TransactionalService/ResetListIndex", msgs(&anaplanv1.ModelActionResponse{}),
			func(ctx context.Context, c *Client) (any, error) { return nil, tx(c).ResetListIndex(ctx, 101) },
			msgs(&anaplanv1.GetListMetadataRequest{Scope: testScope, ListId: 101}), nil},
		// Defaults match anaplan-sdk and the Python client; options turn them off.
		{"GetViews", "TransactionalService/GetViews", msgs(&anaplanv1.GetViewsResponse{Views: views}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetViews(ctx, 0) },
			msgs(&anaplanv1.GetViewsRequest{Scope: testScope, IncludeSubsidiaryViews: true}), views},
		{"GetViews(WithoutSubsidiaryViews)", "TransactionalService/GetViews", msgs(&anaplanv1.GetViewsResponse{Views: views}),
			func(ctx context.Context, c *Client) (any, error) {
				return tx(c).GetViews(ctx, 4, WithoutSubsidiaryViews())
			},
			msgs(&anaplanv1.GetViewsRequest{Scope: testScope, ModuleId: 4}), views},
		{"GetListItems", "TransactionalService/GetListItems", msgs(&anaplanv1.GetListItemsResponse{Items: items}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetListItems(ctx, 101) },
			msgs(&anaplanv1.GetListItemsRequest{Scope: testScope, ListId: 101, IncludeAll: true}), items},
		{"GetListItems(WithoutSelectiveAccessFields)", "TransactionalService/GetListItems", msgs(&anaplanv1.GetListItemsResponse{Items: items}),
			func(ctx context.Context, c *Client) (any, error) {
				return tx(c).GetListItems(ctx, 101, WithoutSelectiveAccessFields())
			},
			msgs(&anaplanv1.GetListItemsRequest{Scope: testScope, ListId: 101}), items},
		{"ListItems", "TransactionalService/StreamListItems",
			msgs(&anaplanv1.GetListItemsResponse{Items: items[:1]}, &anaplanv1.GetListItemsResponse{Items: items[1:]}),
			func(ctx context.Context, c *Client) (any, error) { return drain(tx(c).ListItems(ctx, 101)) },
			msgs(&anaplanv1.GetListItemsRequest{Scope: testScope, ListId: 101, IncludeAll: true}), items},
		{"ListItems(WithoutSelectiveAccessFields)", "TransactionalService/StreamListItems",
			msgs(&anaplanv1.GetListItemsResponse{Items: items}),
			func(ctx context.Context, c *Client) (any, error) {
				return drain(tx(c).ListItems(ctx, 101, WithoutSelectiveAccessFields()))
			},
			msgs(&anaplanv1.GetListItemsRequest{Scope: testScope, ListId: 101}), items},
		{"GetCells", "TransactionalService/GetCells", msgs(viewData),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetCells(ctx, 5, nil) },
			msgs(&anaplanv1.GetCellsRequest{Scope: testScope, ViewId: 5}), viewData},
		{"GetCells(MaxRows)", "TransactionalService/GetCells", msgs(viewData),
			func(ctx context.Context, c *Client) (any, error) {
				return tx(c).GetCells(ctx, 5, []*anaplanv1.PageSelector{{DimensionId: 9, ItemId: 2}}, MaxRows(10))
			},
			msgs(&anaplanv1.GetCellsRequest{Scope: testScope, ViewId: 5, Pages: []*anaplanv1.PageSelector{{DimensionId: 9, ItemId: 2}}, MaxRows: 10}), viewData},
		{"CellRows", "TransactionalService/StreamCells", msgs(viewData),
			func(ctx context.Context, c *Client) (any, error) { return drain(tx(c).CellRows(ctx, 5, nil)) },
			msgs(&anaplanv1.GetCellsRequest{Scope: testScope, ViewId: 5}), viewData.GetRows()},
		{"CellRows(MaxRows, RowsPerMessage)", "TransactionalService/StreamCells",
			msgs(&anaplanv1.ViewData{Rows: viewData.GetRows()[:1]}, &anaplanv1.ViewData{Rows: viewData.GetRows()[1:]}),
			func(ctx context.Context, c *Client) (any, error) {
				return drain(tx(c).CellRows(ctx, 5, nil, MaxRows(2), RowsPerMessage(1)))
			},
			msgs(&anaplanv1.GetCellsRequest{Scope: testScope, ViewId: 5, MaxRows: 2, RowsPerMessage: 1}), viewData.GetRows()},
		{"GetCellsCsv", "TransactionalService/GetCellsCsv",
			msgs(&anaplanv1.DataChunk{Data: []byte("a,b\n")}, &anaplanv1.DataChunk{Data: []byte("1,2\n")}),
			func(ctx context.Context, c *Client) (any, error) {
				var buf bytes.Buffer
				n, err := tx(c).GetCellsCsv(ctx, 5, &buf, CsvExport{
					Pages:      []*anaplanv1.PageSelector{{DimensionId: 9, ItemId: 2}},
					ExportType: "TABULAR_MULTI_COLUMN", ModuleID: 4, Escaped: true, MaxRows: 10,
				})
				return []any{n, buf.String()}, err
			},
			msgs(&anaplanv1.GetCellsRequest{Scope: testScope, ViewId: 5, Pages: []*anaplanv1.PageSelector{{DimensionId: 9, ItemId: 2}},
				ExportType: "TABULAR_MULTI_COLUMN", ModuleId: 4, Escaped: true, MaxRows: 10}),
			[]any{int64(8), "a,b\n1,2\n"}},
		{"ReadLargeVolume(view)", "TransactionalService/ReadLargeVolume", msgs(page(0, "a\n"), page(1, "b\n")),
			func(ctx context.Context, c *Client) (any, error) {
				return drain(tx(c).ReadLargeVolume(ctx, LargeVolumeRead{ViewID: 5, ExportType: "GRID_ALL_PAGES"}, PollInterval(250*time.Millisecond)))
			},
			msgs(&anaplanv1.ReadLargeVolumeRequest{Scope: testScope, Target: &anaplanv1.ReadLargeVolumeRequest_ViewId{ViewId: 5},
				ExportType: "GRID_ALL_PAGES", PollIntervalMs: 250}),
			[]*anaplanv1.ReadLargeVolumeResponse{page(0, "a\n"), page(1, "b\n")}},
		{"ReadLargeVolume(list)", "TransactionalService/ReadLargeVolume", msgs(page(0, "a\n")),
			func(ctx context.Context, c *Client) (any, error) {
				return drain(tx(c).ReadLargeVolume(ctx, LargeVolumeRead{ListID: 101}))
			},
			msgs(&anaplanv1.ReadLargeVolumeRequest{Scope: testScope, Target: &anaplanv1.ReadLargeVolumeRequest_ListId{ListId: 101}}),
			[]*anaplanv1.ReadLargeVolumeResponse{page(0, "a\n")}},
		{"GetCurrentPeriod", "TransactionalService/GetCurrentPeriod", msgs(period),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetCurrentPeriod(ctx) },
			msgs(testScope), period},
		{"SetCurrentPeriod", "TransactionalService/SetCurrentPeriod", msgs(period),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).SetCurrentPeriod(ctx, "2024-08-10") },
			msgs(&anaplanv1.SetCurrentPeriodRequest{Scope: testScope, Date: "2024-08-10"}), period},
		{"GetModelCalendar", "TransactionalService/GetModelCalendar", msgs(calendar),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetModelCalendar(ctx) },
			msgs(testScope), calendar},
		{"SetCurrentFiscalYear", "TransactionalService/SetCurrentFiscalYear", msgs(calendar),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).SetCurrentFiscalYear(ctx, "FY25") },
			msgs(&anaplanv1.SetCurrentFiscalYearRequest{Scope: testScope, Year: "FY25"}), calendar},
		{"GetVersions", "TransactionalService/GetVersions", msgs(&anaplanv1.GetVersionsResponse{Versions: versions}),
			func(ctx context.Context, c *Client) (any, error) { return tx(c).GetVersions(ctx) },
			msgs(testScope), versions},
		{"SetVersionSwitchover", "TransactionalService/SetVersionSwitchover", msgs(switchover),
			func(ctx context.Context, c *Client) (any, error) {
				return tx(c).SetVersionSwitchover(ctx, 21, "2024-09-15")
			},
			msgs(&anaplanv1.SetVersionSwitchoverRequest{Scope: testScope, VersionId: 21, Date: "2024-09-15"}), switchover},
	})
}

func TestALMWrappers(t *testing.T) {
	alm := func(c *Client) *ALM { return c.ALM("m") }
	task := &anaplanv1.AlmTask{TaskId: "T1", TaskState: "COMPLETE",
		Result: &anaplanv1.AlmTaskResult{Successful: true, SourceRevisionId: "S", TargetRevisionId: "R"}}
	models := []*anaplanv1.ModelRevision{{ModelId: "m", ModelName: "Demo"}, {ModelId: "m2", WorkspaceId: "ws"}}
	summary := &anaplanv1.SummaryReport{SourceRevisionId: "S", TargetRevisionId: "R", Lists: &anaplanv1.ChangeCounts{Created: 3}}
	runWrapperCases(t, &anaplanv1.AlmService_ServiceDesc, []wrapperCase{
		{"GetModelsForRevision", "AlmService/GetModelsForRevision", msgs(&anaplanv1.GetModelsForRevisionResponse{Models: models}),
			func(ctx context.Context, c *Client) (any, error) { return alm(c).GetModelsForRevision(ctx, "REV") },
			msgs(&anaplanv1.GetModelsForRevisionRequest{ModelId: "m", RevisionId: "REV"}), models},
		{"GetComparisonReportTask", "AlmService/GetComparisonReportTask", msgs(task),
			func(ctx context.Context, c *Client) (any, error) { return alm(c).GetComparisonReportTask(ctx, "T1") },
			msgs(&anaplanv1.GetAlmTaskRequest{ModelId: "m", TaskId: "T1"}), task},
		{"GetComparisonSummaryTask", "AlmService/GetComparisonSummaryTask", msgs(task),
			func(ctx context.Context, c *Client) (any, error) { return alm(c).GetComparisonSummaryTask(ctx, "T1") },
			msgs(&anaplanv1.GetAlmTaskRequest{ModelId: "m", TaskId: "T1"}), task},
		{"GetComparisonSummary", "AlmService/GetComparisonSummary", msgs(summary),
			func(ctx context.Context, c *Client) (any, error) { return alm(c).GetComparisonSummary(ctx, task) },
			msgs(&anaplanv1.GetAlmReportRequest{ModelId: "m", SourceRevisionId: "S", TargetRevisionId: "R"}), summary},
		{"StartComparisonSummary", "AlmService/CreateComparisonSummary", msgs(task),
			func(ctx context.Context, c *Client) (any, error) {
				return alm(c).StartComparisonSummary(ctx, AlmRevisions{SourceRevisionID: "S", SourceModelID: "src", TargetRevisionID: "R"},
					NoWait(), PollInterval(time.Second))
			},
			msgs(&anaplanv1.AlmTaskRequest{ModelId: "m", SourceRevisionId: "S", SourceModelId: "src", TargetRevisionId: "R",
				NoWait: true, PollInterval: durationpb.New(time.Second)}), task},
	})
}

func TestSCIMWrappers(t *testing.T) {
	users, err := structpb.NewStruct(map[string]any{"endpoint": "/Users", "name": "User"})
	if err != nil {
		t.Fatal(err)
	}
	schema, err := structpb.NewStruct(map[string]any{"id": "urn:ietf:params:scim:schemas:core:2.0:User"})
	if err != nil {
		t.Fatal(err)
	}
	runWrapperCases(t, &anaplanv1.ScimService_ServiceDesc, []wrapperCase{
		{"GetResourceTypes", "ScimService/GetResourceTypes", msgs(&anaplanv1.ScimResourceList{Resources: []*structpb.Struct{users}}),
			func(ctx context.Context, c *Client) (any, error) { return c.SCIM().GetResourceTypes(ctx) },
			msgs(&anaplanv1.GetResourceTypesRequest{}), []*structpb.Struct{users}},
		{"GetResourceSchemas", "ScimService/GetResourceSchemas", msgs(&anaplanv1.ScimResourceList{Resources: []*structpb.Struct{schema}}),
			func(ctx context.Context, c *Client) (any, error) { return c.SCIM().GetResourceSchemas(ctx) },
			msgs(&anaplanv1.GetResourceSchemasRequest{}), []*structpb.Struct{schema}},
	})
}
