package anaplan

import (
	"context"
	"io"
	"iter"

	"google.golang.org/grpc"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// ALM is AlmService (anaplan-sdk's client.alm) bound to one model: the
// target model of syncs and reports. Errors are *Error; an unsuccessful
// sync matches ErrTaskFailed.
//
// Every RPC has a method here: revisions, syncs (with WatchSyncTask as an
// iterator) and comparison reports. Raw is the generated stub, with ModelID
// for its requests.
type ALM struct {
	c       *Client
	stub    anaplanv1.AlmServiceClient
	modelID string
}

// ALM returns the AlmService wrapper for this model.
func (m *ModelClient) ALM() *ALM { return m.c.ALM(m.ModelID) }

// ALM returns the AlmService wrapper for a model.
func (c *Client) ALM(modelID string) *ALM {
	return &ALM{c: c, stub: anaplanv1.NewAlmServiceClient(c.cc), modelID: modelID}
}

// Raw returns the generated stub.
func (a *ALM) Raw() anaplanv1.AlmServiceClient { return a.stub }

// ModelID returns the model the wrapper's requests name.
func (a *ALM) ModelID() string { return a.modelID }

// ChangeModelStatus takes the model online or offline
// (change_model_status).
func (a *ALM) ChangeModelStatus(ctx context.Context, online bool) error {
	st := "offline"
	if online {
		st = "online"
	}
	_, err := unary(ctx, a.stub.ChangeModelStatus, &anaplanv1.ChangeModelStatusRequest{ModelId: a.modelID, Status: st})
	return err
}

// GetRevisions lists the model's revisions (get_revisions).
// Options: SortBy ("id", "name", "appliedOn", "createdOn"), Descending.
func (a *ALM) GetRevisions(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Revision, error) {
	o := collect(opts)
	resp, err := unary(ctx, a.stub.GetRevisions, &anaplanv1.GetRevisionsRequest{ModelId: a.modelID, SortBy: o.sortBy, Descending: o.descending})
	return resp.GetRevisions(), err
}

// GetLatestRevision returns the newest revision, nil when the model has
// none (get_latest_revision).
func (a *ALM) GetLatestRevision(ctx context.Context) (*anaplanv1.Revision, error) {
	resp, err := unary(ctx, a.stub.GetLatestRevision, &anaplanv1.GetLatestRevisionRequest{ModelId: a.modelID})
	return resp.GetRevision(), err
}

// GetSyncableRevisions lists the revisions of sourceModelID that can be
// synced into this model, newest first (get_syncable_revisions).
func (a *ALM) GetSyncableRevisions(ctx context.Context, sourceModelID string) ([]*anaplanv1.Revision, error) {
	resp, err := unary(ctx, a.stub.GetSyncableRevisions, &anaplanv1.GetSyncableRevisionsRequest{ModelId: a.modelID, SourceModelId: sourceModelID})
	return resp.GetRevisions(), err
}

// CreateRevision adds a revision tag (create_revision).
func (a *ALM) CreateRevision(ctx context.Context, name, description string) (*anaplanv1.Revision, error) {
	return unary(ctx, a.stub.CreateRevision, &anaplanv1.CreateRevisionRequest{ModelId: a.modelID, Name: name, Description: description})
}

// GetModelsForRevision lists the models a revision of this model was
// applied to (get_models_for_revision).
func (a *ALM) GetModelsForRevision(ctx context.Context, revisionID string) ([]*anaplanv1.ModelRevision, error) {
	resp, err := unary(ctx, a.stub.GetModelsForRevision, &anaplanv1.GetModelsForRevisionRequest{ModelId: a.modelID, RevisionId: revisionID})
	return resp.GetModels(), err
}

// GetSyncTasks lists the model's sync tasks, newest first (get_sync_tasks).
func (a *ALM) GetSyncTasks(ctx context.Context) ([]*anaplanv1.AlmTask, error) {
	resp, err := unary(ctx, a.stub.GetSyncTasks, &anaplanv1.GetSyncTasksRequest{ModelId: a.modelID})
	return resp.GetTasks(), err
}

// GetSyncTask returns one sync task (get_sync_task).
func (a *ALM) GetSyncTask(ctx context.Context, taskID string) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.GetSyncTask, a.getTask(taskID))
}

func (a *ALM) getTask(taskID string) *anaplanv1.GetAlmTaskRequest {
	return &anaplanv1.GetAlmTaskRequest{ModelId: a.modelID, TaskId: taskID}
}

// AlmRevisions names the revisions a sync or report compares: a revision
// of the source model and one of this (target) model.
type AlmRevisions struct {
	SourceRevisionID string
	SourceModelID    string
	TargetRevisionID string
}

func (a *ALM) taskRequest(r AlmRevisions, o callOptions) *anaplanv1.AlmTaskRequest {
	return &anaplanv1.AlmTaskRequest{
		ModelId: a.modelID, SourceRevisionId: r.SourceRevisionID, SourceModelId: r.SourceModelID,
		TargetRevisionId: r.TargetRevisionID, NoWait: o.noWait, PollInterval: o.poll(),
	}
}

// SyncModels syncs a source revision into this model and, unless NoWait,
// waits for it (sync_models). Options: NoWait, PollInterval.
func (a *ALM) SyncModels(ctx context.Context, r AlmRevisions, opts ...CallOption) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.SyncModels, a.taskRequest(r, collect(opts)))
}

// WatchSyncTask yields a sync task's status first and on each change, until
// it completes. Breaking out of the loop stops watching.
// Options: PollInterval.
func (a *ALM) WatchSyncTask(ctx context.Context, taskID string, opts ...CallOption) iter.Seq2[*anaplanv1.AlmTask, error] {
	o := collect(opts)
	req := &anaplanv1.WatchAlmTaskRequest{ModelId: a.modelID, TaskId: taskID, PollInterval: o.poll()}
	return streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.AlmTask], error) {
		return a.stub.WatchSyncTask(ctx, req)
	})
}

// CreateComparisonReport runs a comparison report task and, unless NoWait,
// waits for it (create_comparison_report). Options: NoWait, PollInterval.
func (a *ALM) CreateComparisonReport(ctx context.Context, r AlmRevisions, opts ...CallOption) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.CreateComparisonReport, a.taskRequest(r, collect(opts)))
}

// GetComparisonReportTask returns one comparison report task
// (get_comparison_report_task).
func (a *ALM) GetComparisonReportTask(ctx context.Context, taskID string) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.GetComparisonReportTask, a.getTask(taskID))
}

func (a *ALM) reportRequest(task *anaplanv1.AlmTask) *anaplanv1.GetAlmReportRequest {
	return &anaplanv1.GetAlmReportRequest{
		ModelId:          a.modelID,
		TargetRevisionId: task.GetResult().GetTargetRevisionId(),
		SourceRevisionId: task.GetResult().GetSourceRevisionId(),
	}
}

// GetComparisonReport writes the tab-separated report of a completed
// comparison task to w and returns the bytes written
// (get_comparison_report).
func (a *ALM) GetComparisonReport(ctx context.Context, task *anaplanv1.AlmTask, w io.Writer) (int64, error) {
	req := a.reportRequest(task)
	return copyChunks(w, streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DataChunk], error) {
		return a.stub.GetComparisonReport(ctx, req)
	}))
}

// CreateComparisonSummary runs a summary report task, waits for it and
// returns the summary (create_comparison_summary + get_comparison_summary).
// Options: PollInterval.
func (a *ALM) CreateComparisonSummary(ctx context.Context, r AlmRevisions, opts ...CallOption) (*anaplanv1.SummaryReport, error) {
	o := collect(opts)
	o.noWait = false
	task, err := unary(ctx, a.stub.CreateComparisonSummary, a.taskRequest(r, o))
	if err != nil {
		return nil, err
	}
	return a.GetComparisonSummary(ctx, task)
}

// StartComparisonSummary runs a summary report task and, unless NoWait,
// waits for it, returning the task (create_comparison_summary). Read the
// report with GetComparisonSummary once it is complete.
// Options: NoWait, PollInterval.
func (a *ALM) StartComparisonSummary(ctx context.Context, r AlmRevisions, opts ...CallOption) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.CreateComparisonSummary, a.taskRequest(r, collect(opts)))
}

// GetComparisonSummaryTask returns one summary report task
// (get_comparison_summary_task).
func (a *ALM) GetComparisonSummaryTask(ctx context.Context, taskID string) (*anaplanv1.AlmTask, error) {
	return unary(ctx, a.stub.GetComparisonSummaryTask, a.getTask(taskID))
}

// GetComparisonSummary returns the summary report of a completed summary
// task (get_comparison_summary).
func (a *ALM) GetComparisonSummary(ctx context.Context, task *anaplanv1.AlmTask) (*anaplanv1.SummaryReport, error) {
	return unary(ctx, a.stub.GetComparisonSummary, a.reportRequest(task))
}
