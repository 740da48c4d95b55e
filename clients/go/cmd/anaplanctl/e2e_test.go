package main

// End-to-end tests of anaplanctl's main logic against a real
// anaplan-grpc-server + emulator (see internal/testenv); they fail, never
// skip, when the binaries are missing. Flag/config tests need no service.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m, false) }

type result struct {
	stdout, stderr string
	code           int
}

// cli runs anaplanctl with args and the given environment (nothing else of
// the process environment leaks in).
func cli(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// e2e returns the environment variables that point anaplanctl at the shared
// service and demo model (by name, to exercise name resolution).
func e2e(t *testing.T) (*testenv.Env, map[string]string) {
	t.Helper()
	env := testenv.Shared(t)
	if err := env.Reset(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(env.Logs())
		}
	})
	return env, map[string]string{
		"ANAPLANCTL_ADDRESS":   env.Addr,
		"ANAPLANCTL_WORKSPACE": "Demo Workspace",
		"ANAPLANCTL_MODEL":     testenv.ModelName,
		"ANAPLANCTL_TIMEOUT":   "2m",
	}
}

func expect(t *testing.T, r result, code int, contains ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
		return
	}
	for _, s := range contains {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s\nstderr: %s", s, r.stdout, r.stderr)
		}
	}
}

func TestCLIListings(t *testing.T) {
	_, env := e2e(t)
	expect(t, cli(t, env, "", "workspaces"), 0, testenv.WorkspaceID, "Demo Workspace")
	expect(t, cli(t, env, "", "models"), 0, testenv.ModelID, "Demo Model")
	expect(t, cli(t, env, "", "files"), 0, "113000000000", "Employees.csv", "Sales.csv")
	expect(t, cli(t, env, "", "imports"), 0, "112000000000", "Employees from Employees.csv", "HIERARCHY_DATA")
	expect(t, cli(t, env, "", "exports"), 0, "116000000001", "Sales.csv")
	expect(t, cli(t, env, "", "actions"), 0, "117000000000", "Delete Inactive Employees")
	expect(t, cli(t, env, "", "processes"), 0, "118000000000", "Load Employees and Sales")

	r := cli(t, env, "", "files", "--output", "json")
	expect(t, r, 0)
	var files []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil || len(files) < 2 {
		t.Fatalf("json files %v: %s", err, r.stdout)
	}
	if files[0]["name"] == nil || files[0]["id"] == nil {
		t.Errorf("json file %v", files[0])
	}
}

func TestCLIUploadImportExportDump(t *testing.T) {
	env, vars := e2e(t)
	dir := t.TempDir()

	// upload with a progress bar (forced: stderr is no TTY here).
	data := strings.Repeat("Region 1,Jan 24,100,1\n", 50_000)
	src := filepath.Join(dir, "sales.csv")
	os.WriteFile(src, []byte(data), 0o644)
	r := cli(t, vars, "", "upload", src, "--file", "Sales.csv", "--progress", "--chunk-size", "300000")
	expect(t, r, 0, "uploaded 1100000 bytes to file 113000000001 in 4 chunks")
	if !strings.Contains(r.stderr, "100%") {
		t.Errorf("no progress on stderr: %q", r.stderr)
	}
	if fi, err := env.File(testenv.SalesFile); err != nil || fi.Size != int64(len(data)) || fi.CompleteCalls != 1 {
		t.Errorf("emulator file %+v %v", fi, err)
	}

	// upload from stdin, json output.
	r = cli(t, vars, "a,b\n1,2\n", "upload", "-", "--file", "113000000001", "--output", "json")
	expect(t, r, 0, `"bytes_received": "8"`)

	// import with upload of its own source (found through the import).
	good := filepath.Join(dir, "employees.csv")
	os.WriteFile(good, []byte("Name,Code,Parent,Department,Salary,Active\nCli User,E800,All Employees,Sales,5000,true\n"), 0o644)
	expect(t, cli(t, vars, "", "import", "Employees from Employees.csv", "--upload", good), 0, "successful=true")
	items, _ := env.List("Employees")
	found := false
	for _, it := range items {
		found = found || it.Name == "Cli User"
	}
	if !found {
		t.Errorf("Cli User not imported: %v", items)
	}

	// a failing import: exit 6, task JSON on stdout, then its dump.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Name,Code,Parent,Department,Salary,Active\nBad Cli,E801,All Employees,Sales,lots,true\n"), 0o644)
	r = cli(t, vars, "", "import", "112000000000", "--upload", bad, "--file", "Employees.csv", "--output", "json")
	expect(t, r, 6)
	var task struct {
		TaskID string `json:"task_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &task); err != nil || task.TaskID == "" {
		t.Fatalf("task json %v: %q (stderr %q)", err, r.stdout, r.stderr)
	}
	dumpPath := filepath.Join(dir, "dump.csv")
	expect(t, cli(t, vars, "", "dump", "Employees from Employees.csv", task.TaskID, "--out", dumpPath), 0, "wrote")
	if b, _ := os.ReadFile(dumpPath); !strings.Contains(string(b), "Bad Cli") {
		t.Errorf("dump %q", b)
	}

	// export to a file and to stdout.
	out := filepath.Join(dir, "employees-export.csv")
	expect(t, cli(t, vars, "", "export", "Employees.csv", "--out", out), 0, "wrote")
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Alice Smith") {
		t.Errorf("export file %q", b)
	}
	r = cli(t, vars, "", "export", "116000000000", "--out", "-")
	expect(t, r, 0, "Alice Smith")

	// download a file.
	// The export's output file shares the name "Employees.csv" with the data
	// file now: by name that is ambiguous (exit 4), by id it works.
	dl := filepath.Join(dir, "dl.csv")
	expect(t, cli(t, vars, "", "download", "Employees.csv", "--out", dl), 4)
	if _, err := os.Stat(dl); err == nil {
		t.Error("a failed download left its output file")
	}
	expect(t, cli(t, vars, "", "download", "113000000000", "--out", dl), 0, "wrote")
	if b, _ := os.ReadFile(dl); !strings.Contains(string(b), "Bad Cli") {
		t.Errorf("downloaded %q, want the last upload", b)
	}
}

func TestCLIRunWatchProcess(t *testing.T) {
	_, vars := e2e(t)
	// The process imports both files: give them content first.
	expect(t, cli(t, vars, "Name,Code,Parent,Department,Salary,Active\nProc User,E700,All Employees,Sales,1,true\n",
		"upload", "-", "--file", "113000000000"), 0, "uploaded")
	expect(t, cli(t, vars, "Region,Month,Revenue,Units\nNorth,Jan 24,100,1\nSouth,Feb 24,200,2\n",
		"upload", "-", "--file", "113000000001"), 0, "uploaded")
	expect(t, cli(t, vars, "", "run", "Delete Inactive Employees"), 0, "successful=true")
	expect(t, cli(t, vars, "", "run", "117000000000", "--progress"), 0, "successful=true")
	expect(t, cli(t, vars, "", "process", "Load Employees and Sales"), 0, "successful=true",
		"112000000000 Employees from Employees.csv successful=true", "112000000001 Sales from Sales.csv successful=true")

	r := cli(t, vars, "", "run", "116000000000", "--no-wait", "--output", "json")
	expect(t, r, 0)
	var task struct {
		TaskID string `json:"task_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &task); err != nil || task.TaskID == "" {
		t.Fatalf("task json %v: %q", err, r.stdout)
	}
	r = cli(t, vars, "", "tasks", "watch", "Employees.csv", task.TaskID, "--output", "json", "--poll", "20ms")
	expect(t, r, 0, task.TaskID)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.Contains(lines[len(lines)-1], "COMPLETE") {
		t.Errorf("last watch line %q", lines[len(lines)-1])
	}
	expect(t, cli(t, vars, "", "tasks", "watch", "116000000000", task.TaskID), 0, "COMPLETE")
	expect(t, cli(t, vars, "", "tasks", "list", "116000000000"), 0, task.TaskID)
	expect(t, cli(t, vars, "", "tasks", "status", "116000000000", task.TaskID), 0, "successful=true")
}

func TestCLIExitCodes(t *testing.T) {
	env, vars := e2e(t)
	// not found: unknown action id, unknown name, unknown model
	expect(t, cli(t, vars, "", "run", "117999999999"), 3)
	expect(t, cli(t, vars, "", "run", "No Such Action"), 3)
	expect(t, cli(t, vars, "", "files", "--model", "No Such Model"), 3)
	// invalid argument: an empty task id
	expect(t, cli(t, vars, "", "tasks", "status", "116000000000", ""), 4)
	// failed task: the process's imports have no data
	expect(t, cli(t, vars, "", "process", "118000000000"), 6, "successful=false")
	// unavailable: nothing listens there
	expect(t, cli(t, map[string]string{"ANAPLANCTL_ADDRESS": "127.0.0.1:1", "ANAPLANCTL_TIMEOUT": "5s"}, "", "workspaces"), 7)
	// usage
	expect(t, cli(t, vars, "", "upload", "x.csv"), 2)
	expect(t, cli(t, vars, "", "frobnicate"), 2)
	expect(t, cli(t, vars, "", "files", "--bogus-flag"), 2)
	expect(t, cli(t, vars, "", "files", "--output", "yaml"), 2)

	// auth: the service's session expires and Anaplan refuses it again
	if _, err := env.Do("POST", "/__emulator/faults", map[string]any{"path": "^/token/", "status": 401, "count": -1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Do("POST", "/__emulator/tokens/expire", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	expect(t, cli(t, vars, "", "files", "--workspace", testenv.WorkspaceID, "--model", testenv.ModelID), 5)
	env.Reset()
}

// --- no service needed below

func TestCLIConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	os.WriteFile(cfg, []byte(`{"address":"top:1","output":"json","default_profile":"dev",
	  "profiles":{"dev":{"workspace":"ws-dev","model":"m-dev"},"prod":{"address":"prod:443","tls":true,"workspace":"ws-prod"}}}`), 0o644)

	resolve := func(env map[string]string, args ...string) *settings {
		t.Helper()
		g := newGlobalFlags()
		fs := newTestFlagSet(g)
		if _, err := parseInterspersed(fs, args); err != nil {
			t.Fatal(err)
		}
		g.noteSet(fs)
		s, err := g.resolve(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := resolve(nil, "--config", cfg)
	if s.address != "top:1" || s.workspace != "ws-dev" || s.model != "m-dev" || s.output != "json" || s.tls {
		t.Errorf("default profile: %+v", s)
	}
	s = resolve(map[string]string{"ANAPLANCTL_PROFILE": "prod", "ANAPLANCTL_CONFIG": cfg})
	if s.address != "prod:443" || !s.tls || s.workspace != "ws-prod" || s.model != "" {
		t.Errorf("prod profile: %+v", s)
	}
	s = resolve(map[string]string{"ANAPLANCTL_CONFIG": cfg, "ANAPLANCTL_WORKSPACE": "ws-env", "ANAPLANCTL_MODEL": "m-env"}, "x", "--model", "m-flag")
	if s.workspace != "ws-env" || s.model != "m-flag" {
		t.Errorf("env/flag precedence: %+v", s)
	}
	s = resolve(map[string]string{"HOME": dir})
	if s.address != defaultAddress || s.output != "text" {
		t.Errorf("defaults: %+v", s)
	}
	g := newGlobalFlags()
	g.config = filepath.Join(dir, "missing.json")
	g.set["config"] = true
	if _, err := g.resolve(func(string) string { return "" }); exitCode(err) != exitUsage {
		t.Errorf("missing explicit config: %v", err)
	}
}

func newTestFlagSet(g *globalFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	return fs
}

func TestCLIUsageWithoutService(t *testing.T) {
	if r := cli(t, nil, "", "help"); r.code != 0 || !strings.Contains(r.stdout, "Exit codes") {
		t.Errorf("help: %+v", r)
	}
	if r := cli(t, nil, ""); r.code != 2 {
		t.Errorf("no command: %+v", r)
	}
	if r := cli(t, nil, "", "version"); r.code != 0 || !strings.Contains(r.stdout, version) {
		t.Errorf("version: %+v", r)
	}
	if r := cli(t, map[string]string{"ANAPLANCTL_ADDRESS": "127.0.0.1:1"}, "", "files"); r.code != 2 || !strings.Contains(r.stderr, "--workspace") {
		t.Errorf("files without model: %+v", r)
	}
	if r := cli(t, nil, "", "tasks"); r.code != 2 {
		t.Errorf("tasks alone: %+v", r)
	}
}

func TestCLIFamilies(t *testing.T) {
	_, env := e2e(t)
	expect(t, cli(t, env, "", "lists"), 0, "101000000000", "Employees", "Region", "Month")
	r := cli(t, env, "", "list-items", "101000000001")
	expect(t, r, 0, "North", "South", "East", "West")
	if n := strings.Count(r.stdout, "\n"); n != 5 {
		t.Errorf("list-items printed %d lines, want a header and 4 items:\n%s", n, r.stdout)
	}
	r = cli(t, env, "", "list-items", "101000000000", "--output", "json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) != 10 || items[0]["name"] != "Alice Smith" {
		t.Errorf("list-items --output json: %v, %d items\n%s", err, len(items), r.stdout)
	}
	expect(t, cli(t, env, "", "audit", "events", "--type", "user_activity"), 0, "USR-8")
	expect(t, cli(t, env, "", "audit", "events", "--days", "31"), exitInvalid)
	expect(t, cli(t, env, "", "scim", "users"), 0, testenv.UserEmail, "viewer@example.com")
	expect(t, cli(t, env, "", "list-items", "101999000000"), exitNotFound)
}
