package anaplan

import (
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/anaplan-grpc/anaplan-grpc/clients/go/anaplanv1"
)

// Ref refers to a model object (file, import, export, action, process) by
// its numeric id or by its exact name. The zero Ref refers to nothing.
type Ref struct {
	id     int64
	name   string
	byName bool
	set    bool
}

// ID refers to an object by its Anaplan id, e.g. ID(113000000000).
func ID(id int64) Ref { return Ref{id: id, set: true} }

// Name refers to an object by its exact name, e.g. Name("Employees.csv").
func Name(name string) Ref { return Ref{name: name, byName: true, set: true} }

// ParseRef reads what a user typed: all digits is an id, anything else a
// name. The empty string gives the zero Ref.
func ParseRef(s string) Ref {
	if s == "" {
		return Ref{}
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 && s[0] != '+' {
		return ID(id)
	}
	return Name(s)
}

// IsZero reports whether r refers to nothing.
func (r Ref) IsZero() bool { return !r.set }

// String returns the id in decimal or the name.
func (r Ref) String() string {
	if r.byName {
		return r.name
	}
	if !r.set {
		return ""
	}
	return strconv.FormatInt(r.id, 10)
}

// Proto returns the anaplan.v1.ObjectRef (nil for the zero Ref).
func (r Ref) Proto() *anaplanv1.ObjectRef {
	switch {
	case !r.set:
		return nil
	case r.byName:
		return &anaplanv1.ObjectRef{Ref: &anaplanv1.ObjectRef_Name{Name: r.name}}
	default:
		return &anaplanv1.ObjectRef{Ref: &anaplanv1.ObjectRef_Id{Id: r.id}}
	}
}

// CallOption tunes one call. Each method documents the options it reads;
// the others are ignored.
type CallOption func(*callOptions)

type callOptions struct {
	// listings
	sortBy      string
	descending  bool
	search      string
	workspaceID string
	mineOnly    bool
	// tasks
	noWait       bool
	statusOnly   bool
	pollInterval time.Duration
	// transfers
	chunkSize        int64
	parallelism      int32
	allowCreation    bool
	compressionLevel int32
	expectedSize     *int64
	expectedSHA256   string
	batchSize        int32
	progress         func(done, total int64)
	skipVerify       bool
	// transactional reads
	noSubsidiaryViews      bool
	noSelectiveAccessItems bool
	maxRows                int64
	rowsPerMessage         int32
}

func collect(opts []CallOption) callOptions {
	var o callOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// SortBy sorts a listing by a field (e.g. "name"; listing-specific).
func SortBy(field string) CallOption { return func(o *callOptions) { o.sortBy = field } }

// Descending sorts a listing in descending order.
func Descending() CallOption { return func(o *callOptions) { o.descending = true } }

// SearchPattern filters workspaces or models by a case-insensitive
// contains-match (% and _ are wildcards).
func SearchPattern(p string) CallOption { return func(o *callOptions) { o.search = p } }

// InWorkspace limits GetModels to one workspace (only_in_workspace).
func InWorkspace(workspaceID string) CallOption {
	return func(o *callOptions) { o.workspaceID = workspaceID }
}

// CurrentUserOnly limits GetIntegrations or GetFlows to the caller's own
// (myIntegrations=1).
func CurrentUserOnly() CallOption { return func(o *callOptions) { o.mineOnly = true } }

// NoWait starts a task and returns at once with its first status.
func NoWait() CallOption { return func(o *callOptions) { o.noWait = true } }

// StatusOnly returns an unsuccessful task's status instead of failing with
// ErrTaskFailed.
func StatusOnly() CallOption { return func(o *callOptions) { o.statusOnly = true } }

// PollInterval sets the delay between the service's task status polls.
func PollInterval(d time.Duration) CallOption {
	return func(o *callOptions) { o.pollInterval = d }
}

// ChunkSize sets the bytes per Anaplan chunk of an upload (service default
// 25,000,000).
func ChunkSize(n int64) CallOption { return func(o *callOptions) { o.chunkSize = n } }

// Parallelism sets how many chunks the service uploads at once.
func Parallelism(n int) CallOption { return func(o *callOptions) { o.parallelism = int32(n) } }

// AllowFileCreation lets Anaplan create a new file when the id is unknown.
func AllowFileCreation() CallOption { return func(o *callOptions) { o.allowCreation = true } }

// CompressionLevel sets the gzip level (1-9) of uploaded chunks.
func CompressionLevel(n int) CallOption {
	return func(o *callOptions) { o.compressionLevel = int32(n) }
}

// ExpectedSize makes the service refuse (DATA_LOSS, before completing the
// file) an upload whose size differs. Progress callbacks get it as total.
func ExpectedSize(n int64) CallOption { return func(o *callOptions) { o.expectedSize = &n } }

// ExpectedSHA256 makes the service refuse (DATA_LOSS, before completing the
// file) an upload whose SHA-256 (lower-case hex) differs.
func ExpectedSHA256(hex string) CallOption {
	return func(o *callOptions) { o.expectedSHA256 = hex }
}

// SkipChecksum turns off the client-side comparison of the SHA-256 of the
// bytes read with the one the service reports after an upload.
func SkipChecksum() CallOption { return func(o *callOptions) { o.skipVerify = true } }

// BatchSize sets how many chunks the service fetches ahead on downloads.
func BatchSize(n int) CallOption { return func(o *callOptions) { o.batchSize = int32(n) } }

// OnProgress calls fn after each message of a transfer with the bytes done
// so far and the total (-1 when unknown). fn runs on the calling goroutine.
func OnProgress(fn func(done, total int64)) CallOption {
	return func(o *callOptions) { o.progress = fn }
}

// WithoutSubsidiaryViews makes GetViews list only the saved views, not also
// the modules' default views (include_subsidiary_views=false). Without it
// GetViews sends include_subsidiary_views=true, the default of anaplan-sdk's
// get_views and of the Python client.
func WithoutSubsidiaryViews() CallOption {
	return func(o *callOptions) { o.noSubsidiaryViews = true }
}

// WithoutSelectiveAccessFields makes GetListItems and ListItems leave out
// the selective-access fields (include_all=false, no includeAll=true on the
// Anaplan call). Without it they send include_all=true, the default of
// anaplan-sdk's get_list_items and of the Python client.
func WithoutSelectiveAccessFields() CallOption {
	return func(o *callOptions) { o.noSelectiveAccessItems = true }
}

// MaxRows caps the data rows GetCells returns or CellRows yields (max_rows;
// 0, the default, is no cap). GetCellsCsv takes CsvExport.MaxRows.
func MaxRows(n int64) CallOption { return func(o *callOptions) { o.maxRows = n } }

// RowsPerMessage sets how many rows each StreamCells message carries for
// CellRows (rows_per_message; service default 1,000, at most 100,000).
func RowsPerMessage(n int) CallOption {
	return func(o *callOptions) { o.rowsPerMessage = int32(n) }
}

func (o *callOptions) poll() *durationpb.Duration {
	if o.pollInterval <= 0 {
		return nil
	}
	return durationpb.New(o.pollInterval)
}

func (o *callOptions) wait() *bool {
	if !o.noWait {
		return nil
	}
	f := false
	return &f
}
