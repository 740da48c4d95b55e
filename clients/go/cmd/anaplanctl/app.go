package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"google.golang.org/grpc/codes"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplan"
)

// Exit codes by failure class.
const (
	exitOK           = 0
	exitOther        = 1
	exitUsage        = 2
	exitNotFound     = 3
	exitInvalid      = 4
	exitAuth         = 5
	exitTaskFailed   = 6
	exitUnavailable  = 7
	commandsOverview = `Usage: anaplanctl [global flags] COMMAND [ARGS] [flags]

Listing (model-scoped ones need --workspace and --model, by id or name):
  workspaces                         workspaces the user can see
  models [--all]                     models of --workspace (all with --all or no workspace)
  files | imports | exports | actions | processes

Transfers and tasks (ACTION, FILE refs are an id or an exact name):
  upload PATH --file FILE            upload PATH ("-" = stdin) as the content of FILE
  download FILE --out PATH           download FILE ("-" = stdout)
  import ACTION [--upload PATH [--file FILE]]   run an import, optionally uploading its source first
  export ACTION --out PATH           run an export and download its output
  run ACTION                         run any action (import, export, action, process)
  process ACTION                     run a process and show each action's result
  tasks list ACTION                  the action's tasks
  tasks status ACTION TASK_ID        one task's status
  tasks watch ACTION TASK_ID         follow a task until it ends
  tasks cancel ACTION TASK_ID        cancel a running task
  dump IMPORT TASK_ID --out PATH [--object ID]   failure dump of an import (of a process with --object)
  version

Other families (streams print as they arrive):
  lists                              the model's lists
  list-items LIST_ID                 a list's items, streamed
  audit events [--type T] [--days N] audit events, streamed (window at most 30 days)
  scim users                         the tenant's users over SCIM, streamed

Task commands take --no-wait (print the started task and return) and
--poll DURATION. Global flags may come before or after the command:
  --address, --workspace, --model, --token, --email, --password, --tls,
  --ca-file, --cert-file, --key-file, --authority, --timeout, --output text|json,
  --progress, --no-progress, --config, --profile
Each has an ANAPLANCTL_* environment variable (ANAPLANCTL_ADDRESS, ...) and a
field of the config file (~/.config/anaplanctl/config.json or --config):
  {"address": "host:443", "tls": true, "profiles": {"prod": {"workspace": "...", "model": "..."}},
   "default_profile": "prod"}
Precedence: flag, environment, profile, file top level, default.

Exit codes: 0 ok, 1 other, 2 usage, 3 not found, 4 invalid argument,
5 authentication/permission, 6 task failed, 7 unavailable/timeout.
`
)

const version = "0.1.0"

// app is one invocation of anaplanctl.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	g              *globalFlags
	s              *settings
	client         *anaplan.Client
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, g: newGlobalFlags()}
	err := a.main(ctx, args)
	if a.client != nil {
		a.client.Close()
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	code := exitCode(err)
	fmt.Fprintf(stderr, "anaplanctl: %v\n", err)
	if code == exitUsage {
		fmt.Fprintln(stderr, "Run 'anaplanctl help' for usage.")
	}
	return code
}

// exitCode maps an error to its failure class.
func exitCode(err error) int {
	var ue *usageError
	var ae *anaplan.Error
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, anaplan.ErrTaskFailed):
		return exitTaskFailed
	case errors.As(err, &ae):
		switch ae.Code {
		case codes.NotFound:
			return exitNotFound
		case codes.InvalidArgument, codes.OutOfRange:
			return exitInvalid
		case codes.Unauthenticated, codes.PermissionDenied:
			return exitAuth
		case codes.Unavailable, codes.DeadlineExceeded:
			return exitUnavailable
		}
	}
	return exitOther
}

func (a *app) main(ctx context.Context, args []string) error {
	gfs := flag.NewFlagSet("anaplanctl", flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	a.g.register(gfs)
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(a.stdout, commandsOverview)
			return err
		}
		return usagef("%v", err)
	}
	a.g.noteSet(gfs)
	rest := gfs.Args()
	if len(rest) == 0 {
		fmt.Fprint(a.stderr, commandsOverview)
		return usagef("no command given")
	}
	name, rest := rest[0], rest[1:]
	if name == "tasks" {
		if len(rest) == 0 {
			return usagef("tasks needs a subcommand: list, status, watch or cancel")
		}
		name, rest = "tasks "+rest[0], rest[1:]
	}
	if (name == "audit" || name == "scim") && len(rest) > 0 {
		name, rest = name+" "+rest[0], rest[1:]
	}
	cmd, ok := commands[name]
	if !ok {
		if name == "help" || name == "-h" {
			fmt.Fprint(a.stdout, commandsOverview)
			return nil
		}
		if name == "version" {
			fmt.Fprintln(a.stdout, "anaplanctl", version)
			return nil
		}
		return usagef("unknown command %q", name)
	}
	fs := flag.NewFlagSet("anaplanctl "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	a.g.register(fs)
	var cf cmdFlags
	cf.register(fs, cmd.flags)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: anaplanctl %s %s\n", name, cmd.args)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	a.g.noteSet(fs)
	if len(pos) < cmd.minArgs || len(pos) > cmd.maxArgs {
		return usagef("usage: anaplanctl %s %s", name, cmd.args)
	}
	if a.s, err = a.g.resolve(a.getenv); err != nil {
		return err
	}
	if a.s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.s.timeout)
		defer cancel()
	}
	if err := a.connect(); err != nil {
		return err
	}
	return cmd.run(a, ctx, pos, &cf)
}

func (a *app) connect() error {
	var opts []anaplan.Option
	if a.s.tls {
		opts = append(opts, anaplan.WithTLSFiles(a.s.caFile, a.s.certFile, a.s.keyFile))
	}
	if a.s.authority != "" {
		opts = append(opts, anaplan.WithAuthority(a.s.authority))
	}
	switch {
	case a.s.token != "":
		opts = append(opts, anaplan.WithAnaplanToken(a.s.token))
	case a.s.email != "":
		opts = append(opts, anaplan.WithAnaplanBasicAuth(a.s.email, a.s.password))
	}
	c, err := anaplan.New(a.s.address, opts...)
	if err != nil {
		return usagef("%v", err)
	}
	a.client = c
	return nil
}

var hexID = regexp.MustCompile(`^[0-9A-Fa-f]{32}$`)

// model resolves --workspace and --model (ids or names) to a ModelClient.
func (a *app) model(ctx context.Context) (*anaplan.ModelClient, error) {
	ws, model := a.s.workspace, a.s.model
	if ws == "" || model == "" {
		return nil, usagef("this command needs --workspace and --model (or ANAPLANCTL_WORKSPACE / ANAPLANCTL_MODEL)")
	}
	var err error
	if ws, err = a.workspaceID(ctx, ws); err != nil {
		return nil, err
	}
	if !hexID.MatchString(model) {
		models, err := a.client.GetModels(ctx, anaplan.InWorkspace(ws))
		if err != nil {
			return nil, err
		}
		var found []string
		for _, m := range models {
			if m.GetName() == model {
				found = append(found, m.GetId())
			}
		}
		if model, err = pickOne("model", model, found); err != nil {
			return nil, err
		}
	}
	return a.client.WithModel(ws, model), nil
}

func (a *app) workspaceID(ctx context.Context, ws string) (string, error) {
	if hexID.MatchString(ws) {
		return ws, nil
	}
	all, err := a.client.GetWorkspaces(ctx)
	if err != nil {
		return "", err
	}
	var found []string
	for _, w := range all {
		if w.GetName() == ws {
			found = append(found, w.GetId())
		}
	}
	return pickOne("workspace", ws, found)
}

func pickOne(kind, name string, ids []string) (string, error) {
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", &anaplan.Error{Code: codes.NotFound, ChunkIndex: -1, Message: fmt.Sprintf("no %s named %q", kind, name)}
	}
	return "", &anaplan.Error{Code: codes.InvalidArgument, ChunkIndex: -1,
		Message: fmt.Sprintf("%d %ss named %q: %s; use the id", len(ids), kind, name, strings.Join(ids, ", "))}
}

func (a *app) json() bool { return a.s.output == "json" }

// printJSON writes v as indented JSON.
func (a *app) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s\n", b)
	return err
}
