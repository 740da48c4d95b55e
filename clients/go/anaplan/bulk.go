package anaplan

import (
	"context"
	"io"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// unary calls one unary RPC and converts its error, trailers included.
func unary[Req, Resp any](ctx context.Context, rpc func(context.Context, *Req, ...grpc.CallOption) (*Resp, error), req *Req) (*Resp, error) {
	var trailer metadata.MD
	resp, err := rpc(ctx, req, grpc.Trailer(&trailer))
	if err != nil {
		return nil, FromError(err, trailer)
	}
	return resp, nil
}

// streamSeq turns a server stream into an iterator. Breaking out of the
// loop cancels the stream; an error is yielded once, as the last element.
func streamSeq[T any](ctx context.Context, open func(context.Context) (grpc.ServerStreamingClient[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := open(ctx)
		if err != nil {
			yield(nil, FromError(err, nil))
			return
		}
		for {
			msg, err := stream.Recv()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, FromError(err, stream.Trailer()))
				return
			}
			if !yield(msg, nil) {
				return
			}
		}
	}
}

// ------------------------------------------------------------ tenant level

// GetWorkspaces lists the workspaces the user can see (get_workspaces).
// Options: SortBy ("name", "sizeAllowance"), Descending, SearchPattern.
func (c *Client) GetWorkspaces(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Workspace, error) {
	o := collect(opts)
	resp, err := unary(ctx, c.bulk.GetWorkspaces, &anaplanv1.GetWorkspacesRequest{
		SortBy: o.sortBy, Descending: o.descending, SearchPattern: o.search,
	})
	return resp.GetWorkspaces(), err
}

// GetWorkspace returns one workspace (get_workspace).
func (c *Client) GetWorkspace(ctx context.Context, workspaceID string) (*anaplanv1.Workspace, error) {
	return unary(ctx, c.bulk.GetWorkspace, &anaplanv1.GetWorkspaceRequest{WorkspaceId: workspaceID})
}

// GetModels lists models of all workspaces, or of one with InWorkspace
// (get_models). Options: InWorkspace, SortBy, Descending, SearchPattern.
func (c *Client) GetModels(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Model, error) {
	o := collect(opts)
	resp, err := unary(ctx, c.bulk.GetModels, &anaplanv1.GetModelsRequest{
		WorkspaceId: o.workspaceID, SortBy: o.sortBy, Descending: o.descending, SearchPattern: o.search,
	})
	return resp.GetModels(), err
}

// GetModel returns one model with details (get_model).
func (c *Client) GetModel(ctx context.Context, modelID string) (*anaplanv1.Model, error) {
	return unary(ctx, c.bulk.GetModel, &anaplanv1.GetModelRequest{ModelId: modelID})
}

// DeleteModels deletes closed models of a workspace (delete_models).
func (c *Client) DeleteModels(ctx context.Context, workspaceID string, modelIDs ...string) (*anaplanv1.DeleteModelsResponse, error) {
	return unary(ctx, c.bulk.DeleteModels, &anaplanv1.DeleteModelsRequest{WorkspaceId: workspaceID, ModelIds: modelIDs})
}

// ------------------------------------------------------------ model level

// ModelClient is a Client bound to one model (anaplan-sdk's with_model).
// It is cheap to create and safe for concurrent use.
type ModelClient struct {
	c           *Client
	WorkspaceID string
	ModelID     string
}

// WithModel binds the client to a workspace and model.
func (c *Client) WithModel(workspaceID, modelID string) *ModelClient {
	return &ModelClient{c: c, WorkspaceID: workspaceID, ModelID: modelID}
}

// Client returns the unbound client.
func (m *ModelClient) Client() *Client { return m.c }

func (m *ModelClient) bulk() anaplanv1.BulkServiceClient { return m.c.bulk }

// GetFiles lists the model's files (get_files). Options: SortBy, Descending.
func (m *ModelClient) GetFiles(ctx context.Context, opts ...CallOption) ([]*anaplanv1.File, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().GetFiles, &anaplanv1.GetFilesRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, SortBy: o.sortBy, Descending: o.descending,
	})
	return resp.GetFiles(), err
}

// GetActions lists the model's actions (get_actions).
func (m *ModelClient) GetActions(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Action, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().GetActions, &anaplanv1.GetActionsRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, SortBy: o.sortBy, Descending: o.descending,
	})
	return resp.GetActions(), err
}

// GetProcesses lists the model's processes (get_processes).
func (m *ModelClient) GetProcesses(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Process, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().GetProcesses, &anaplanv1.GetProcessesRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, SortBy: o.sortBy, Descending: o.descending,
	})
	return resp.GetProcesses(), err
}

// GetImports lists the model's imports (get_imports).
func (m *ModelClient) GetImports(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Import, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().GetImports, &anaplanv1.GetImportsRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, SortBy: o.sortBy, Descending: o.descending,
	})
	return resp.GetImports(), err
}

// GetExports lists the model's exports (get_exports).
func (m *ModelClient) GetExports(ctx context.Context, opts ...CallOption) ([]*anaplanv1.Export, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().GetExports, &anaplanv1.GetExportsRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, SortBy: o.sortBy, Descending: o.descending,
	})
	return resp.GetExports(), err
}

// GetImportMetadata returns an import's definition (get_import_metadata).
func (m *ModelClient) GetImportMetadata(ctx context.Context, imp Ref) (*anaplanv1.ImportMetadata, error) {
	return unary(ctx, m.bulk().GetImportMetadata, &anaplanv1.GetImportMetadataRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Import: imp.Proto(),
	})
}

// GetExportMetadata returns an export's definition (get_export_metadata).
func (m *ModelClient) GetExportMetadata(ctx context.Context, exp Ref) (*anaplanv1.ExportMetadata, error) {
	return unary(ctx, m.bulk().GetExportMetadata, &anaplanv1.GetExportMetadataRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Export: exp.Proto(),
	})
}

// GetProcessMetadata returns a process's actions (get_process_metadata).
func (m *ModelClient) GetProcessMetadata(ctx context.Context, process Ref, showImportDataSource bool) (*anaplanv1.ProcessMetadata, error) {
	return unary(ctx, m.bulk().GetProcessMetadata, &anaplanv1.GetProcessMetadataRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Process: process.Proto(), ShowImportDataSource: showImportDataSource,
	})
}

// ------------------------------------------------------------------ tasks

// RunAction starts an import, export, action or process and, unless NoWait,
// waits for it (run_action). A task that ends unsuccessfully returns an
// *Error matching ErrTaskFailed with its TaskStatus, unless StatusOnly.
// Options: NoWait, StatusOnly, PollInterval.
func (m *ModelClient) RunAction(ctx context.Context, action Ref, opts ...CallOption) (*anaplanv1.TaskStatus, error) {
	o := collect(opts)
	resp, err := unary(ctx, m.bulk().RunAction, &anaplanv1.RunActionRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(),
		WaitForCompletion: o.wait(), StatusOnly: o.statusOnly, PollInterval: o.poll(),
	})
	if err != nil {
		return nil, err
	}
	return resp.GetTask(), nil
}

// GetTaskSummaries lists the tasks of an action (get_task_summaries).
func (m *ModelClient) GetTaskSummaries(ctx context.Context, action Ref) ([]*anaplanv1.TaskSummary, error) {
	resp, err := unary(ctx, m.bulk().GetTaskSummaries, &anaplanv1.GetTaskSummariesRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(),
	})
	return resp.GetTasks(), err
}

// GetTaskStatus returns the status of one task (get_task_status).
func (m *ModelClient) GetTaskStatus(ctx context.Context, action Ref, taskID string) (*anaplanv1.TaskStatus, error) {
	return unary(ctx, m.bulk().GetTaskStatus, &anaplanv1.GetTaskStatusRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(), TaskId: taskID,
	})
}

// WatchTask yields the task's status each time it changes, until the task
// ends. Breaking out of the loop stops watching. Options: PollInterval.
//
//	for st, err := range m.WatchTask(ctx, anaplan.ID(112000000000), taskID) {
//		if err != nil { return err }
//		fmt.Println(st.GetTaskState(), st.GetProgress())
//	}
func (m *ModelClient) WatchTask(ctx context.Context, action Ref, taskID string, opts ...CallOption) iter.Seq2[*anaplanv1.TaskStatus, error] {
	o := collect(opts)
	req := &anaplanv1.WatchTaskRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(), TaskId: taskID, PollInterval: o.poll(),
	}
	return streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.TaskStatus], error) {
		return m.bulk().WatchTask(ctx, req)
	})
}

// WaitTask watches a task until it ends and returns its last status. An
// unsuccessful task returns an *Error matching ErrTaskFailed, unless
// StatusOnly. Options: PollInterval, StatusOnly.
func (m *ModelClient) WaitTask(ctx context.Context, action Ref, taskID string, opts ...CallOption) (*anaplanv1.TaskStatus, error) {
	var last *anaplanv1.TaskStatus
	for st, err := range m.WatchTask(ctx, action, taskID, opts...) {
		if err != nil {
			return last, err
		}
		last = st
	}
	if last == nil {
		var err error
		if last, err = m.GetTaskStatus(ctx, action, taskID); err != nil {
			return nil, err
		}
	}
	if !collect(opts).statusOnly && TaskFailed(last) {
		return last, taskFailedError(last)
	}
	return last, nil
}

// TaskFailed reports whether a finished task did not succeed (cancelled,
// or complete with an unsuccessful result).
func TaskFailed(ts *anaplanv1.TaskStatus) bool {
	switch ts.GetTaskState() {
	case anaplanv1.TaskState_TASK_STATE_CANCELLED:
		return true
	case anaplanv1.TaskState_TASK_STATE_COMPLETE:
		return ts.GetResult() != nil && !ts.GetResult().GetSuccessful()
	}
	return false
}

// TaskDone reports whether a task reached a final state.
func TaskDone(ts *anaplanv1.TaskStatus) bool {
	s := ts.GetTaskState()
	return s == anaplanv1.TaskState_TASK_STATE_COMPLETE || s == anaplanv1.TaskState_TASK_STATE_CANCELLED
}

// CancelTask cancels a running task (cancel_task).
func (m *ModelClient) CancelTask(ctx context.Context, action Ref, taskID string) (*anaplanv1.TaskStatus, error) {
	return unary(ctx, m.bulk().CancelTask, &anaplanv1.CancelTaskRequest{
		WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(), TaskId: taskID,
	})
}

// GetImportDump writes the failure dump of an import task to w
// (get_import_dump) and returns the bytes written.
func (m *ModelClient) GetImportDump(ctx context.Context, imp Ref, taskID string, w io.Writer) (int64, error) {
	req := &anaplanv1.GetImportDumpRequest{WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Import: imp.Proto(), TaskId: taskID}
	return copyChunks(w, streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DataChunk], error) {
		return m.bulk().GetImportDump(ctx, req)
	}))
}

// GetProcessDump writes the failure dump of the failed import objectID
// inside a process task to w (get_process_dump).
func (m *ModelClient) GetProcessDump(ctx context.Context, process Ref, taskID string, objectID int64, w io.Writer) (int64, error) {
	req := &anaplanv1.GetProcessDumpRequest{WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Process: process.Proto(), TaskId: taskID, ObjectId: objectID}
	return copyChunks(w, streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DataChunk], error) {
		return m.bulk().GetProcessDump(ctx, req)
	}))
}

// GetOptimizerLog writes the solution log of an optimizer action run to w
// (get_optimizer_log).
func (m *ModelClient) GetOptimizerLog(ctx context.Context, action Ref, taskID string, w io.Writer) (int64, error) {
	req := &anaplanv1.GetOptimizerLogRequest{WorkspaceId: m.WorkspaceID, ModelId: m.ModelID, Action: action.Proto(), TaskId: taskID}
	return copyChunks(w, streamSeq(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[anaplanv1.DataChunk], error) {
		return m.bulk().GetOptimizerLog(ctx, req)
	}))
}

func copyChunks(w io.Writer, seq iter.Seq2[*anaplanv1.DataChunk, error]) (int64, error) {
	var n int64
	for chunk, err := range seq {
		if err != nil {
			return n, err
		}
		k, err := w.Write(chunk.GetData())
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
