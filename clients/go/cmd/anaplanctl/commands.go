package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

type command struct {
	args             string
	minArgs, maxArgs int
	flags            []string // command-specific flags to register
	run              func(a *app, ctx context.Context, args []string, f *cmdFlags) error
}

// cmdFlags are the command-specific flags.
type cmdFlags struct {
	file, out, upload string
	noWait, all       bool
	poll              time.Duration
	object            int64
	chunkSize         int64
	parallelism       int
	create            bool
	eventType         string
	days              int
}

func (f *cmdFlags) register(fs *flag.FlagSet, names []string) {
	for _, n := range names {
		switch n {
		case "file":
			fs.StringVar(&f.file, "file", "", "target file, id or name")
		case "out":
			fs.StringVar(&f.out, "out", "", `output path ("-" = stdout)`)
		case "upload":
			fs.StringVar(&f.upload, "upload", "", `upload this path ("-" = stdin) as the import's source first`)
		case "no-wait":
			fs.BoolVar(&f.noWait, "no-wait", false, "start the task and return its id")
		case "poll":
			fs.DurationVar(&f.poll, "poll", 0, "delay between task status polls (default: the service's)")
		case "all":
			fs.BoolVar(&f.all, "all", false, "models of all workspaces")
		case "object":
			fs.Int64Var(&f.object, "object", 0, "id of the failed import inside a process task (process dump)")
		case "chunk-size":
			fs.Int64Var(&f.chunkSize, "chunk-size", 0, "bytes per Anaplan chunk (default: the service's, 25,000,000)")
		case "parallelism":
			fs.IntVar(&f.parallelism, "parallelism", 0, "chunks uploaded at once (default: the service's)")
		case "create":
			fs.BoolVar(&f.create, "create", false, "let Anaplan create the file when the id is unknown")
		case "type":
			fs.StringVar(&f.eventType, "type", "", "event type: all, user_activity, access_control, int, conn_mgmt, comment, byok, plan_iq, forecaster")
		case "days":
			fs.IntVar(&f.days, "days", 0, "events of the last N days, 1..30 (default 30)")
		}
	}
}

var commands = map[string]command{
	"workspaces":   {"", 0, 0, nil, cmdWorkspaces},
	"models":       {"[--all]", 0, 0, []string{"all"}, cmdModels},
	"files":        {"", 0, 0, nil, cmdFiles},
	"imports":      {"", 0, 0, nil, cmdImports},
	"exports":      {"", 0, 0, nil, cmdExports},
	"actions":      {"", 0, 0, nil, cmdActions},
	"processes":    {"", 0, 0, nil, cmdProcesses},
	"upload":       {"PATH --file FILE", 1, 1, []string{"file", "chunk-size", "parallelism", "create"}, cmdUpload},
	"download":     {"FILE --out PATH", 1, 1, []string{"out"}, cmdDownload},
	"import":       {"ACTION [--upload PATH [--file FILE]]", 1, 1, []string{"upload", "file", "no-wait", "poll", "chunk-size", "parallelism"}, cmdImport},
	"export":       {"ACTION --out PATH", 1, 1, []string{"out", "poll"}, cmdExport},
	"run":          {"ACTION", 1, 1, []string{"no-wait", "poll"}, cmdRun},
	"process":      {"ACTION", 1, 1, []string{"no-wait", "poll"}, cmdRun},
	"tasks list":   {"ACTION", 1, 1, nil, cmdTasksList},
	"tasks status": {"ACTION TASK_ID", 2, 2, nil, cmdTaskStatus},
	"tasks watch":  {"ACTION TASK_ID", 2, 2, []string{"poll"}, cmdTasksWatch},
	"tasks cancel": {"ACTION TASK_ID", 2, 2, nil, cmdTaskCancel},
	"dump":         {"IMPORT TASK_ID --out PATH [--object ID]", 2, 2, []string{"out", "object"}, cmdDump},
	"lists":        {"", 0, 0, nil, cmdLists},
	"list-items":   {"LIST_ID", 1, 1, nil, cmdListItems},
	"audit events": {"[--type TYPE] [--days N]", 0, 0, []string{"type", "days"}, cmdAuditEvents},
	"scim users":   {"", 0, 0, nil, cmdScimUsers},
}

// ---------------------------------------------------------------- output

var pjson = protojson.MarshalOptions{UseProtoNames: true}

func pj(m proto.Message) json.RawMessage {
	b, err := pjson.Marshal(m)
	if err != nil {
		return json.RawMessage(`null`)
	}
	return b
}

func pjList[T proto.Message](items []T) []json.RawMessage {
	out := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		out = append(out, pj(it))
	}
	return out
}

// table prints rows under a header, or the items as JSON.
func table[T proto.Message](a *app, items []T, header string, row func(T) []string) error {
	if a.json() {
		return a.printJSON(pjList(items))
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, it := range items {
		fmt.Fprintln(tw, strings.Join(row(it), "\t"))
	}
	return tw.Flush()
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// ---------------------------------------------------------------- listings

func cmdWorkspaces(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	ws, err := a.client.GetWorkspaces(ctx)
	if err != nil {
		return err
	}
	return table(a, ws, "ID\tNAME\tACTIVE\tSIZE_ALLOWANCE\tCURRENT_SIZE", func(w *anaplanv1.Workspace) []string {
		return []string{w.GetId(), w.GetName(), strconv.FormatBool(w.GetActive()), id(w.GetSizeAllowance()), id(w.GetCurrentSize())}
	})
}

func cmdModels(a *app, ctx context.Context, _ []string, f *cmdFlags) error {
	var opts []anaplan.CallOption
	if a.s.workspace != "" && !f.all {
		ws, err := a.workspaceID(ctx, a.s.workspace)
		if err != nil {
			return err
		}
		opts = append(opts, anaplan.InWorkspace(ws))
	}
	models, err := a.client.GetModels(ctx, opts...)
	if err != nil {
		return err
	}
	return table(a, models, "ID\tNAME\tSTATE\tWORKSPACE", func(m *anaplanv1.Model) []string {
		return []string{m.GetId(), m.GetName(), m.GetActiveState(), m.GetCurrentWorkspaceId()}
	})
}

func cmdFiles(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	files, err := m.GetFiles(ctx)
	if err != nil {
		return err
	}
	return table(a, files, "ID\tNAME\tCHUNKS", func(f *anaplanv1.File) []string {
		return []string{id(f.GetId()), f.GetName(), id(f.GetChunkCount())}
	})
}

func cmdImports(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	imps, err := m.GetImports(ctx)
	if err != nil {
		return err
	}
	return table(a, imps, "ID\tNAME\tTYPE\tSOURCE", func(i *anaplanv1.Import) []string {
		return []string{id(i.GetId()), i.GetName(), i.GetImportType(), id(i.GetImportDataSourceId())}
	})
}

func cmdExports(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	exps, err := m.GetExports(ctx)
	if err != nil {
		return err
	}
	return table(a, exps, "ID\tNAME\tTYPE\tFORMAT", func(e *anaplanv1.Export) []string {
		return []string{id(e.GetId()), e.GetName(), e.GetExportType(), e.GetExportFormat()}
	})
}

func cmdActions(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	acts, err := m.GetActions(ctx)
	if err != nil {
		return err
	}
	return table(a, acts, "ID\tNAME\tTYPE", func(x *anaplanv1.Action) []string {
		return []string{id(x.GetId()), x.GetName(), x.GetActionType()}
	})
}

func cmdProcesses(a *app, ctx context.Context, _ []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	procs, err := m.GetProcesses(ctx)
	if err != nil {
		return err
	}
	return table(a, procs, "ID\tNAME", func(p *anaplanv1.Process) []string {
		return []string{id(p.GetId()), p.GetName()}
	})
}

// ---------------------------------------------------------------- transfers

// openInput opens path ("-" = stdin) and returns its size when known.
func (a *app) openInput(path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return a.stdin, -1, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, -1, nil, usagef("%v", err)
	}
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// output is a destination file written next to its final name and renamed
// into place only on success, so a failed download leaves no partial file.
type output struct {
	w      io.Writer
	tmp    *os.File
	path   string
	stdout bool
}

func (a *app) createOutput(path string) (*output, error) {
	if path == "" {
		return nil, usagef("--out PATH is required")
	}
	if path == "-" {
		return &output{w: a.stdout, stdout: true}, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return nil, err
	}
	return &output{w: tmp, tmp: tmp, path: path}, nil
}

func (o *output) close(ok bool) error {
	if o.stdout {
		return nil
	}
	err := o.tmp.Close()
	if ok && err == nil {
		return os.Rename(o.tmp.Name(), o.path)
	}
	os.Remove(o.tmp.Name())
	return err
}

func (f *cmdFlags) uploadOpts(size int64, p *progressBar) []anaplan.CallOption {
	opts := []anaplan.CallOption{anaplan.OnProgress(p.bytes)}
	if size >= 0 {
		opts = append(opts, anaplan.ExpectedSize(size))
	}
	if f.chunkSize > 0 {
		opts = append(opts, anaplan.ChunkSize(f.chunkSize))
	}
	if f.parallelism > 0 {
		opts = append(opts, anaplan.Parallelism(f.parallelism))
	}
	if f.create {
		opts = append(opts, anaplan.AllowFileCreation())
	}
	return opts
}

func cmdUpload(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	if f.file == "" {
		return usagef("upload needs --file FILE (id or name of the Anaplan file)")
	}
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	r, size, done, err := a.openInput(args[0])
	if err != nil {
		return err
	}
	defer done()
	p := a.newProgress("upload " + f.file)
	resp, err := m.UploadFile(ctx, anaplan.ParseRef(f.file), r, f.uploadOpts(size, p)...)
	p.finish()
	if err != nil {
		return err
	}
	if a.json() {
		return a.printJSON(pj(resp))
	}
	fmt.Fprintf(a.stdout, "uploaded %d bytes to file %d in %d chunks (sha256 %s)\n",
		resp.GetBytesReceived(), resp.GetFileId(), resp.GetChunksUploaded(), resp.GetSha256())
	return nil
}

func cmdDownload(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	out, err := a.createOutput(f.out)
	if err != nil {
		return err
	}
	p := a.newProgress("download " + args[0])
	d, err := m.GetFile(ctx, anaplan.ParseRef(args[0]), out.w, anaplan.OnProgress(p.bytes))
	p.finish()
	if cerr := out.close(err == nil); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return a.reportDownload(nil, d, f.out)
}

func (a *app) reportDownload(task *anaplanv1.TaskStatus, d *anaplan.Download, path string) error {
	if a.json() {
		if path == "-" {
			return nil // stdout holds the data
		}
		v := map[string]any{"bytes": d.Written, "out": path}
		if d.File != nil {
			v["file"] = pj(d.File)
		}
		if task != nil {
			v["task"] = pj(task)
		}
		return a.printJSON(v)
	}
	w := a.stdout
	if path == "-" {
		w = a.stderr
	}
	if task != nil {
		fmt.Fprintf(w, "export task %s %s\n", task.GetTaskId(), stateName(task))
	}
	fmt.Fprintf(w, "wrote %d bytes to %s\n", d.Written, path)
	return nil
}

func cmdExport(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	out, err := a.createOutput(f.out)
	if err != nil {
		return err
	}
	p := a.newProgress("export " + args[0])
	opts := []anaplan.CallOption{anaplan.OnProgress(p.bytes)}
	if f.poll > 0 {
		opts = append(opts, anaplan.PollInterval(f.poll))
	}
	res, err := m.ExportAndDownload(ctx, anaplan.ParseRef(args[0]), out.w, opts...)
	p.finish()
	if cerr := out.close(err == nil); err == nil {
		err = cerr
	}
	if err != nil {
		return a.taskError(err)
	}
	return a.reportDownload(res.Task, &res.Download, f.out)
}

// ---------------------------------------------------------------- tasks

func (f *cmdFlags) taskOpts() []anaplan.CallOption {
	var opts []anaplan.CallOption
	if f.poll > 0 {
		opts = append(opts, anaplan.PollInterval(f.poll))
	}
	return opts
}

func cmdImport(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	if f.upload == "" {
		if f.file != "" {
			return usagef("--file only applies with --upload")
		}
		return cmdRun(a, ctx, args, f)
	}
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	imp := anaplan.ParseRef(args[0])
	file := anaplan.ParseRef(f.file)
	if file.IsZero() {
		// The import's own data source.
		imps, err := m.GetImports(ctx)
		if err != nil {
			return err
		}
		for _, i := range imps {
			if (imp.Proto().GetId() != 0 && i.GetId() == imp.Proto().GetId()) || (imp.Proto().GetId() == 0 && i.GetName() == args[0]) {
				file = anaplan.ID(i.GetImportDataSourceId())
			}
		}
		if file.IsZero() || file.Proto().GetId() == 0 {
			return usagef("cannot tell the source file of import %q; give --file", args[0])
		}
	}
	r, size, done, err := a.openInput(f.upload)
	if err != nil {
		return err
	}
	defer done()
	p := a.newProgress("upload " + file.String())
	opts := append(f.uploadOpts(size, p), f.taskOpts()...)
	if f.noWait {
		opts = append(opts, anaplan.NoWait())
	}
	resp, err := m.UploadAndImport(ctx, file, imp, r, opts...)
	p.finish()
	if err != nil {
		return a.taskError(err)
	}
	if !a.json() {
		u := resp.GetUpload()
		fmt.Fprintf(a.stdout, "uploaded %d bytes to file %d in %d chunks\n", u.GetBytesReceived(), u.GetFileId(), u.GetChunksUploaded())
	}
	return a.finishTask(ctx, m, imp, resp.GetTask(), f, map[string]any{"upload": pj(resp.GetUpload())})
}

// cmdRun runs any action; with progress shown it starts the task and
// follows it with WatchTask.
func cmdRun(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	ref := anaplan.ParseRef(args[0])
	opts := f.taskOpts()
	follow := !f.noWait && a.showProgress()
	if f.noWait || follow {
		opts = append(opts, anaplan.NoWait())
	}
	ts, err := m.RunAction(ctx, ref, opts...)
	if err != nil {
		return a.taskError(err)
	}
	if follow {
		if ts, err = a.follow(ctx, m, ref, ts.GetTaskId(), f); err != nil {
			return a.taskError(err)
		}
	}
	return a.finishTask(ctx, m, ref, ts, f, nil)
}

// follow watches a task with a progress bar and returns its last status.
func (a *app) follow(ctx context.Context, m *anaplan.ModelClient, ref anaplan.Ref, taskID string, f *cmdFlags) (*anaplanv1.TaskStatus, error) {
	p := a.newProgress("task " + taskID)
	defer p.finish()
	var last *anaplanv1.TaskStatus
	for st, err := range m.WatchTask(ctx, ref, taskID, f.taskOpts()...) {
		if err != nil {
			return last, err
		}
		last = st
		p.task(stateName(st), st.GetProgress(), anaplan.TaskDone(st))
	}
	if last == nil {
		return m.GetTaskStatus(ctx, ref, taskID)
	}
	return last, nil
}

// finishTask prints a task and turns an unsuccessful one into exit code 6.
func (a *app) finishTask(ctx context.Context, m *anaplan.ModelClient, ref anaplan.Ref, ts *anaplanv1.TaskStatus, f *cmdFlags, extra map[string]any) error {
	a.printTask(ts, extra)
	if anaplan.TaskFailed(ts) {
		return &anaplan.Error{Code: codes.Aborted, ChunkIndex: -1, Reason: anaplan.ReasonTaskFailed, TaskStatus: ts,
			Message: fmt.Sprintf("task %s ended unsuccessfully", ts.GetTaskId())}
	}
	return nil
}

// taskError prints the status a failed task carries before the error.
func (a *app) taskError(err error) error {
	var ae *anaplan.Error
	if errors.As(err, &ae) && ae.TaskStatus != nil {
		a.printTask(ae.TaskStatus, nil)
	}
	return err
}

func stateName(ts *anaplanv1.TaskStatus) string {
	if n := ts.GetTaskStateName(); n != "" {
		return n
	}
	return strings.TrimPrefix(ts.GetTaskState().String(), "TASK_STATE_")
}

func (a *app) printTask(ts *anaplanv1.TaskStatus, extra map[string]any) {
	if a.json() {
		if extra == nil {
			a.printJSON(pj(ts))
			return
		}
		extra["task"] = pj(ts)
		a.printJSON(extra)
		return
	}
	line := fmt.Sprintf("task %s %s", ts.GetTaskId(), stateName(ts))
	if r := ts.GetResult(); r != nil {
		line += fmt.Sprintf(" successful=%t", r.GetSuccessful())
	} else if ts.GetProgress() > 0 {
		line += fmt.Sprintf(" %.0f%%", ts.GetProgress()*100)
	}
	fmt.Fprintln(a.stdout, line)
	printResult(a.stdout, ts.GetResult(), "  ")
}

func printResult(w io.Writer, r *anaplanv1.TaskResult, indent string) {
	if r == nil {
		return
	}
	for _, d := range r.GetDetails() {
		text := d.GetLocalMessageText()
		if text == "" {
			text = strings.Join(d.GetValues(), " ")
		}
		fmt.Fprintf(w, "%s%s: %s\n", indent, d.GetType(), strings.TrimSpace(text))
	}
	if r.GetFailureDumpAvailable() {
		fmt.Fprintf(w, "%sfailure dump available (object %s)\n", indent, r.GetObjectId())
	}
	for _, n := range r.GetNestedResults() {
		fmt.Fprintf(w, "%s%s %s successful=%t\n", indent, n.GetObjectId(), n.GetObjectName(), n.GetSuccessful())
		printResult(w, n, indent+"  ")
	}
}

func cmdTasksList(a *app, ctx context.Context, args []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	tasks, err := m.GetTaskSummaries(ctx, anaplan.ParseRef(args[0]))
	if err != nil {
		return err
	}
	return table(a, tasks, "TASK_ID\tSTATE\tCREATED", func(t *anaplanv1.TaskSummary) []string {
		state := t.GetTaskStateName()
		if state == "" {
			state = strings.TrimPrefix(t.GetTaskState().String(), "TASK_STATE_")
		}
		created := ""
		if t.GetCreationTime() > 0 {
			created = time.UnixMilli(t.GetCreationTime()).UTC().Format(time.RFC3339)
		}
		return []string{t.GetTaskId(), state, created}
	})
}

func cmdTaskStatus(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	ts, err := m.GetTaskStatus(ctx, anaplan.ParseRef(args[0]), args[1])
	if err != nil {
		return err
	}
	return a.finishTask(ctx, m, anaplan.ParseRef(args[0]), ts, f, nil)
}

func cmdTaskCancel(a *app, ctx context.Context, args []string, _ *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	ts, err := m.CancelTask(ctx, anaplan.ParseRef(args[0]), args[1])
	if err != nil {
		return err
	}
	a.printTask(ts, nil)
	return nil
}

// cmdTasksWatch prints each state change (JSON: one object per line) or a
// progress bar, and exits 6 when the task ends unsuccessfully.
func cmdTasksWatch(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	ref := anaplan.ParseRef(args[0])
	p := a.newProgress("task " + args[1])
	var last *anaplanv1.TaskStatus
	for st, err := range m.WatchTask(ctx, ref, args[1], f.taskOpts()...) {
		if err != nil {
			p.finish()
			return err
		}
		last = st
		switch {
		case a.json():
			b, _ := pjson.Marshal(st)
			fmt.Fprintf(a.stdout, "%s\n", b)
		case p != nil:
			p.task(stateName(st), st.GetProgress(), anaplan.TaskDone(st))
		default:
			fmt.Fprintf(a.stdout, "%s %s %.0f%%\n", time.Now().Format("15:04:05"), stateName(st), st.GetProgress()*100)
		}
	}
	p.finish()
	if last == nil {
		if last, err = m.GetTaskStatus(ctx, ref, args[1]); err != nil {
			return err
		}
	}
	if !a.json() {
		a.printTask(last, nil)
	}
	if anaplan.TaskFailed(last) {
		return &anaplan.Error{Code: codes.Aborted, ChunkIndex: -1, Reason: anaplan.ReasonTaskFailed, TaskStatus: last,
			Message: fmt.Sprintf("task %s ended unsuccessfully", last.GetTaskId())}
	}
	return nil
}

func cmdDump(a *app, ctx context.Context, args []string, f *cmdFlags) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	out, err := a.createOutput(f.out)
	if err != nil {
		return err
	}
	ref := anaplan.ParseRef(args[0])
	var n int64
	if f.object != 0 {
		n, err = m.GetProcessDump(ctx, ref, args[1], f.object, out.w)
	} else {
		n, err = m.GetImportDump(ctx, ref, args[1], out.w)
	}
	if cerr := out.close(err == nil); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return a.reportDownload(nil, &anaplan.Download{Written: n}, f.out)
}
