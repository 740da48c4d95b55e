package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is what a command needs to reach the service. Each field comes from
// (highest first) a flag, an ANAPLANCTL_* variable, the selected profile of
// the config file, the file's top level, or the default.
type config struct {
	Address   string `json:"address,omitempty"`
	Workspace string `json:"workspace,omitempty"`
	Model     string `json:"model,omitempty"`
	Token     string `json:"token,omitempty"`
	Email     string `json:"email,omitempty"`
	Password  string `json:"password,omitempty"`
	TLS       *bool  `json:"tls,omitempty"`
	CAFile    string `json:"ca_file,omitempty"`
	CertFile  string `json:"cert_file,omitempty"`
	KeyFile   string `json:"key_file,omitempty"`
	Authority string `json:"authority,omitempty"`
	Timeout   string `json:"timeout,omitempty"`
	Output    string `json:"output,omitempty"`
}

// configFile is ~/.config/anaplanctl/config.json: top-level defaults plus
// named profiles.
type configFile struct {
	config
	DefaultProfile string            `json:"default_profile,omitempty"`
	Profiles       map[string]config `json:"profiles,omitempty"`
}

// settings are the resolved values.
type settings struct {
	address, workspace, model            string
	token, email, password               string
	tls                                  bool
	caFile, certFile, keyFile, authority string
	timeout                              time.Duration
	output                               string
	progress, noProgress                 bool
}

const defaultAddress = "127.0.0.1:50051"

// globalFlags holds the flags every command accepts.
type globalFlags struct {
	values  map[string]*string
	bools   map[string]*bool
	set     map[string]bool
	config  string
	profile string
}

var stringFlags = []struct{ name, env, help string }{
	{"address", "ANAPLANCTL_ADDRESS", "service address host:port (default " + defaultAddress + ")"},
	{"workspace", "ANAPLANCTL_WORKSPACE", "workspace id or name"},
	{"model", "ANAPLANCTL_MODEL", "model id or name"},
	{"token", "ANAPLANCTL_TOKEN", "Anaplan auth token sent per call (else the service's own credentials)"},
	{"email", "ANAPLANCTL_EMAIL", "Anaplan user for per-call basic credentials"},
	{"password", "ANAPLANCTL_PASSWORD", "password for --email"},
	{"ca-file", "ANAPLANCTL_CA_FILE", "PEM CA bundle to verify the service (implies --tls)"},
	{"cert-file", "ANAPLANCTL_CERT_FILE", "client certificate for mTLS (implies --tls)"},
	{"key-file", "ANAPLANCTL_KEY_FILE", "client key for mTLS"},
	{"authority", "ANAPLANCTL_AUTHORITY", "override :authority / TLS server name"},
	{"timeout", "ANAPLANCTL_TIMEOUT", "deadline of the whole command, e.g. 10m (default none)"},
	{"output", "ANAPLANCTL_OUTPUT", "output format: text or json"},
}

var boolFlags = []struct{ name, env, help string }{
	{"tls", "ANAPLANCTL_TLS", "connect with TLS (system roots unless --ca-file)"},
	{"progress", "ANAPLANCTL_PROGRESS", "show progress on stderr even when it is not a terminal"},
	{"no-progress", "", "never show progress"},
}

func newGlobalFlags() *globalFlags {
	return &globalFlags{values: map[string]*string{}, bools: map[string]*bool{}, set: map[string]bool{}}
}

// register adds the global flags to fs, bound to g's variables.
func (g *globalFlags) register(fs *flag.FlagSet) {
	for _, f := range stringFlags {
		if g.values[f.name] == nil {
			g.values[f.name] = new(string)
		}
		fs.StringVar(g.values[f.name], f.name, *g.values[f.name], f.help+envHint(f.env))
	}
	for _, f := range boolFlags {
		if g.bools[f.name] == nil {
			g.bools[f.name] = new(bool)
		}
		fs.BoolVar(g.bools[f.name], f.name, *g.bools[f.name], f.help+envHint(f.env))
	}
	fs.StringVar(&g.config, "config", g.config, "config file (default ~/.config/anaplanctl/config.json) [$ANAPLANCTL_CONFIG]")
	fs.StringVar(&g.profile, "profile", g.profile, "profile of the config file [$ANAPLANCTL_PROFILE]")
}

func envHint(env string) string {
	if env == "" {
		return ""
	}
	return " [$" + env + "]"
}

// noteSet records which flags the user gave on fs.
func (g *globalFlags) noteSet(fs *flag.FlagSet) {
	fs.Visit(func(f *flag.Flag) { g.set[f.Name] = true })
}

// parseInterspersed parses flags anywhere among the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// fs.Parse consumed a "--" terminator if rest follows it.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// resolve merges flags, environment, config file and defaults.
func (g *globalFlags) resolve(getenv func(string) string) (*settings, error) {
	cfgPath := g.config
	explicit := g.set["config"]
	if cfgPath == "" {
		if v := getenv("ANAPLANCTL_CONFIG"); v != "" {
			cfgPath, explicit = v, true
		}
	}
	if cfgPath == "" {
		dir := getenv("XDG_CONFIG_HOME")
		if dir == "" && getenv("HOME") != "" {
			dir = filepath.Join(getenv("HOME"), ".config")
		}
		if dir != "" {
			cfgPath = filepath.Join(dir, "anaplanctl", "config.json")
		}
	}
	var file configFile
	if cfgPath != "" {
		data, err := os.ReadFile(cfgPath)
		switch {
		case err == nil:
			if err := json.Unmarshal(data, &file); err != nil {
				return nil, usagef("config file %s: %v", cfgPath, err)
			}
		case errors.Is(err, fs.ErrNotExist) && !explicit:
		default:
			return nil, usagef("config file: %v", err)
		}
	}
	profile := g.profile
	if !g.set["profile"] {
		if v := getenv("ANAPLANCTL_PROFILE"); v != "" {
			profile = v
		} else {
			profile = file.DefaultProfile
		}
	}
	layers := []config{file.config}
	if profile != "" {
		p, ok := file.Profiles[profile]
		if !ok {
			return nil, usagef("profile %q not found in %s", profile, cfgPath)
		}
		layers = append(layers, p)
	}
	pick := func(name, env string, fromFile func(config) string) string {
		if g.set[name] {
			return *g.values[name]
		}
		if env != "" {
			if v := getenv(env); v != "" {
				return v
			}
		}
		v := ""
		for _, l := range layers {
			if s := fromFile(l); s != "" {
				v = s
			}
		}
		return v
	}
	s := &settings{
		address:   pick("address", "ANAPLANCTL_ADDRESS", func(c config) string { return c.Address }),
		workspace: pick("workspace", "ANAPLANCTL_WORKSPACE", func(c config) string { return c.Workspace }),
		model:     pick("model", "ANAPLANCTL_MODEL", func(c config) string { return c.Model }),
		token:     pick("token", "ANAPLANCTL_TOKEN", func(c config) string { return c.Token }),
		email:     pick("email", "ANAPLANCTL_EMAIL", func(c config) string { return c.Email }),
		password:  pick("password", "ANAPLANCTL_PASSWORD", func(c config) string { return c.Password }),
		caFile:    pick("ca-file", "ANAPLANCTL_CA_FILE", func(c config) string { return c.CAFile }),
		certFile:  pick("cert-file", "ANAPLANCTL_CERT_FILE", func(c config) string { return c.CertFile }),
		keyFile:   pick("key-file", "ANAPLANCTL_KEY_FILE", func(c config) string { return c.KeyFile }),
		authority: pick("authority", "ANAPLANCTL_AUTHORITY", func(c config) string { return c.Authority }),
		output:    pick("output", "ANAPLANCTL_OUTPUT", func(c config) string { return c.Output }),
	}
	if s.address == "" {
		s.address = defaultAddress
	}
	switch s.output {
	case "":
		s.output = "text"
	case "text", "json":
	default:
		return nil, usagef("--output must be text or json, not %q", s.output)
	}
	if t := pick("timeout", "ANAPLANCTL_TIMEOUT", func(c config) string { return c.Timeout }); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < 0 {
			return nil, usagef("bad --timeout %q", t)
		}
		s.timeout = d
	}
	tls, err := g.pickBool("tls", "ANAPLANCTL_TLS", getenv, layers)
	if err != nil {
		return nil, err
	}
	s.tls = tls || s.caFile != "" || s.certFile != ""
	if s.progress, err = g.pickBool("progress", "ANAPLANCTL_PROGRESS", getenv, nil); err != nil {
		return nil, err
	}
	s.noProgress = *g.bools["no-progress"]
	if s.email != "" && s.password == "" {
		return nil, usagef("--email needs --password (or ANAPLANCTL_PASSWORD)")
	}
	return s, nil
}

func (g *globalFlags) pickBool(name, env string, getenv func(string) string, layers []config) (bool, error) {
	if g.set[name] {
		return *g.bools[name], nil
	}
	if v := getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, usagef("bad $%s %q", env, v)
		}
		return b, nil
	}
	b := false
	for _, l := range layers {
		if l.TLS != nil {
			b = *l.TLS
		}
	}
	return b, nil
}

// usageError is a mistake in the command line or configuration (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{strings.TrimSpace(fmt.Sprintf(format, args...))}
}
