// Package testenv starts a real anaplan-grpc-server backed by the Anaplan
// emulator on ephemeral loopback ports, for the Go client's end-to-end
// tests. The binaries are found under $ANAPLAN_BUILD_DIR (default: the
// repository's build/ directory); when they are missing, Start fails with a
// message saying how to build them.
package testenv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Seeded objects of the emulator's demo fixture.
const (
	WorkspaceID    = "8a868cd985f53e7701860542f59e276e"
	ModelID        = "75A40874E6B64FA3AE0743278996850F"
	ModelName      = "Demo Model"
	EmployeesFile  = int64(113000000000)
	SalesFile      = int64(113000000001)
	EmployeesImp   = int64(112000000000)
	SalesImp       = int64(112000000001)
	EmployeesExp   = int64(116000000000)
	SalesExp       = int64(116000000001)
	DeleteAction   = int64(117000000000)
	OptimizeAction = int64(117000000001)
	LoadProcess    = int64(118000000000)
	UserEmail      = "demo@example.com"
	UserPassword   = "demo-password"
)

// Env is a running emulator + service pair.
type Env struct {
	// Addr is the service's gRPC address (host:port).
	Addr string
	// EmulatorURL is the emulator's base URL (http://127.0.0.1:PORT).
	EmulatorURL string

	dir   string
	procs []*exec.Cmd
}

// BuildDir returns $ANAPLAN_BUILD_DIR or the repository's build/.
func BuildDir() string {
	if d := os.Getenv("ANAPLAN_BUILD_DIR"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "build")
}

// Start launches the emulator and the service. Call Stop when done.
func Start() (*Env, error) {
	build := BuildDir()
	emuBin := filepath.Join(build, "emulator", "anaplan-emulator")
	srvBin := filepath.Join(build, "service", "anaplan-grpc-server")
	var missing []string
	for _, b := range []string{emuBin, srvBin} {
		if st, err := os.Stat(b); err != nil || st.IsDir() {
			missing = append(missing, b)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("testenv: missing binaries %s: build the C++ tree first (cmake -S . -B build && cmake --build build) or set ANAPLAN_BUILD_DIR to a build directory that has emulator/anaplan-emulator and service/anaplan-grpc-server",
			strings.Join(missing, ", "))
	}
	dir, err := os.MkdirTemp("", "anaplan-go-e2e-")
	if err != nil {
		return nil, err
	}
	e := &Env{dir: dir}
	emuPort, err := e.launch("emulator", emuBin, "--host", "127.0.0.1", "--port", "0")
	if err != nil {
		e.Stop()
		return nil, err
	}
	e.EmulatorURL = "http://127.0.0.1:" + emuPort
	srvPort, err := e.launch("service", srvBin,
		"--listen", "127.0.0.1:0",
		"--auth_url", e.EmulatorURL,
		"--api_url", e.EmulatorURL+"/2/0",
		"--audit_url", e.EmulatorURL+"/audit/api/1",
		"--scim_url", e.EmulatorURL+"/scim/1/0/v2",
		"--cloudworks_url", e.EmulatorURL+"/2/0",
		"--user_email", UserEmail,
		"--password", UserPassword,
		"--poll_delay_seconds", "0.05",
		"--backoff_seconds", "0.05")
	if err != nil {
		e.Stop()
		return nil, err
	}
	e.Addr = "127.0.0.1:" + srvPort
	return e, nil
}

// launch starts one binary with --port_file and waits for the port.
func (e *Env) launch(name, bin string, args ...string) (string, error) {
	portFile := filepath.Join(e.dir, name+".port")
	logPath := filepath.Join(e.dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer logFile.Close()
	cmd := exec.Command(bin, append(args, "--port_file", portFile)...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("testenv: starting %s: %w", bin, err)
	}
	e.procs = append(e.procs, cmd)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(portFile); err == nil {
			if p := strings.TrimSpace(string(b)); p != "" {
				if _, err := strconv.Atoi(p); err == nil {
					// Hand the waiter back so Stop can reap the process.
					go func() { <-exited }()
					return p, nil
				}
			}
		}
		select {
		case err := <-exited:
			return "", fmt.Errorf("testenv: %s exited before listening (%v):\n%s", name, err, tail(logPath))
		case <-time.After(20 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("testenv: %s did not write %s within 60s:\n%s", name, portFile, tail(logPath))
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Logs returns the tail of the service's and the emulator's logs.
func (e *Env) Logs() string {
	return "--- service log:\n" + tail(filepath.Join(e.dir, "service.log")) +
		"\n--- emulator log:\n" + tail(filepath.Join(e.dir, "emulator.log"))
}

// Stop terminates the processes (service first) and removes the temp dir.
func (e *Env) Stop() {
	for i := len(e.procs) - 1; i >= 0; i-- {
		p := e.procs[i].Process
		if p == nil {
			continue
		}
		_ = p.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() {
			for {
				if err := p.Signal(syscall.Signal(0)); err != nil {
					close(done)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = p.Kill()
		}
	}
	e.procs = nil
	if e.dir != "" {
		os.RemoveAll(e.dir)
	}
}

// Reset restores the emulator's fixture state, faults and request log.
func (e *Env) Reset() error {
	_, err := e.Do("POST", "/__emulator/reset", nil, nil)
	return err
}

// Do calls an emulator control endpoint with an optional JSON body and
// decodes the JSON answer into out (when non-nil).
func (e *Env) Do(method, path string, body any, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.EmulatorURL+path, r)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("testenv: %s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("testenv: decoding %s: %w (%s)", path, err, data)
		}
	}
	return resp.StatusCode, nil
}

// FileInfo is the emulator's bookkeeping of one file.
type FileInfo struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	Size             int64   `json:"size"`
	SHA256           string  `json:"sha256"`
	ChunkCount       int64   `json:"chunkCount"`
	CompleteCalls    int64   `json:"complete_calls"`
	ChunkPutAttempts int64   `json:"chunk_put_attempts"`
	ChunksPresent    []int64 `json:"chunks_present"`
}

// File returns the emulator's view of a file of the demo model.
func (e *Env) File(fileID int64) (*FileInfo, error) {
	var fi FileInfo
	_, err := e.Do("GET", fmt.Sprintf("/__emulator/files/%s/%s/%d", WorkspaceID, ModelID, fileID), nil, &fi)
	return &fi, err
}

// ListItem is one item of an emulator list.
type ListItem struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Code       string            `json:"code"`
	Parent     string            `json:"parent"`
	Properties map[string]string `json:"properties"`
}

// List returns the items of a list of the demo model.
func (e *Env) List(name string) ([]ListItem, error) {
	var l struct {
		Items []ListItem `json:"items"`
	}
	_, err := e.Do("GET", "/__emulator/model/"+ModelID+"/lists/"+name, nil, &l)
	return l.Items, err
}

var (
	shared     *Env
	sharedErr  error
	sharedOnce sync.Once
)

// Shared returns the package's shared Env, starting it on first use; it
// fails the test (never skips) when it cannot start.
func Shared(t testing.TB) *Env {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start() })
	if sharedErr != nil {
		t.Fatalf("%v", sharedErr)
	}
	return shared
}

// Main runs the tests and stops the shared Env afterwards. Use it as
// TestMain: func TestMain(m *testing.M) { testenv.Main(m, false) }.
// With eager set, it starts the Env before any test and exits 1 with a
// clear message when that fails.
func Main(m *testing.M, eager bool) {
	if eager {
		sharedOnce.Do(func() { shared, sharedErr = Start() })
		if sharedErr != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n", sharedErr)
			os.Exit(1)
		}
	}
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	os.Exit(code)
}
