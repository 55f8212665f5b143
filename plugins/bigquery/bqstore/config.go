package bqstore

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/quiverfs/quiver/sdk/storeconfig"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Settings are the keys of the offline_store block of quiver.yaml (type:
// bigquery). Feast's BigQuery offline store keys (project_id, dataset,
// location, billing_project_id) mean the same here.
type Settings struct {
	// ProjectID is the Google Cloud project that holds Dataset and is the
	// default project of table references. Required.
	ProjectID string `json:"project_id"`
	// Dataset is the dataset of table references without one and of the
	// tables WriteBatch creates. Default "feast" (as in Feast).
	Dataset string `json:"dataset"`
	// Location is the location of datasets the store creates and of its
	// jobs, e.g. "US" or "europe-west1". Optional.
	Location string `json:"location"`
	// BillingProjectID runs the jobs (and pays for them) in another
	// project than ProjectID. Optional.
	BillingProjectID string `json:"billing_project_id"`
	// CredentialsPath is a service-account key file (relative to the
	// feature repository). Empty: Application Default Credentials.
	CredentialsPath string `json:"credentials_path"`
	// Endpoint overrides the REST endpoint, e.g. an emulator's
	// "http://127.0.0.1:9050/bigquery/v2/". Optional.
	Endpoint string `json:"endpoint"`
	// StorageEndpoint overrides the Storage Read API's gRPC address
	// ("host:port"). Optional.
	StorageEndpoint string `json:"storage_endpoint"`
	// WithoutAuthentication sends no credentials and, to StorageEndpoint,
	// plaintext gRPC: for an emulator on loopback only. Default false.
	WithoutAuthentication bool `json:"without_authentication"`
	// Priority of query jobs: "interactive" (default) or "batch".
	Priority string `json:"priority"`
	// Labels are put on every job the store runs. Optional.
	Labels map[string]string `json:"labels"`
	// TempDataset holds the temporary tables of pulls and joins (created
	// if absent). Default Dataset.
	TempDataset string `json:"temp_dataset"`
	// TempTableExpiration is how long a temporary table lives if the store
	// cannot drop it itself. Default 1h, at least 1m.
	TempTableExpiration storeconfig.Duration `json:"temp_table_expiration"`
	// MaximumBytesBilled fails a query that would bill more bytes (real
	// BigQuery enforces it; the store also checks its dry-run estimate).
	// 0: no limit.
	MaximumBytesBilled int64 `json:"maximum_bytes_billed"`
	// DryRun estimates the bytes of each pull and join query with a dry
	// run first and logs them. Default true; emulators may not support it.
	DryRun *bool `json:"dry_run"`
	// QueryTimeout bounds one query or load job. Default 30m.
	QueryTimeout storeconfig.Duration `json:"query_timeout"`
	// UploadChunkBytes is the chunk size of resumable uploads of load
	// jobs' files (rounded up to 256 KiB). 0 sends each file in one
	// request, which emulators need (they do not take resumable uploads).
	// Default 16777216 (16 MiB).
	UploadChunkBytes *int `json:"upload_chunk_bytes"`
	// TableCreateDisposition is Feast's key: CREATE_IF_NEEDED (default)
	// lets WriteBatch create a missing table; CREATE_NEVER makes it an
	// error.
	TableCreateDisposition string `json:"table_create_disposition"`
	// GCSStagingLocation is Feast's key for exporting results through
	// Cloud Storage. Accepted so a Feast block works unchanged, and unused:
	// results are read through the Storage Read API.
	GCSStagingLocation string `json:"gcs_staging_location"`
}

// Defaults.
const (
	defaultDataset        = "feast"
	defaultTempExpiration = time.Hour
	minTempExpiration     = time.Minute
	defaultQueryTimeout   = 30 * time.Minute
	defaultUploadChunk    = 16 << 20
	maxLabels             = 64
	priorityInteractive   = "interactive"
	priorityBatch         = "batch"
)

// BigQuery's naming rules: project ids, dataset ids and label keys/values.
var (
	projectRE = regexp.MustCompile(`^([a-z0-9.\-]{1,63}:)?[a-z][a-z0-9\-]{4,28}[a-z0-9]$`)
	datasetRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	labelKey  = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`)
	labelVal  = regexp.MustCompile(`^[a-z0-9_-]{0,63}$`)
)

// ParseSettings decodes and checks a store block; a bad one is
// InvalidArgument naming the key.
func ParseSettings(raw json.RawMessage) (Settings, error) {
	var s Settings
	if err := storeconfig.Decode(raw, &s); err != nil {
		return s, storeerr.InvalidArgument("bigquery offline store: %v", err)
	}
	if err := s.check(); err != nil {
		return s, storeerr.InvalidArgument("bigquery offline store: %v", err)
	}
	return s, nil
}

func (s *Settings) check() error {
	if s.ProjectID == "" {
		return fmt.Errorf("project_id is required")
	}
	if !projectRE.MatchString(s.ProjectID) {
		return fmt.Errorf("project_id %q is not a Google Cloud project id", clip(s.ProjectID))
	}
	if s.BillingProjectID != "" && !projectRE.MatchString(s.BillingProjectID) {
		return fmt.Errorf("billing_project_id %q is not a Google Cloud project id", clip(s.BillingProjectID))
	}
	if s.Dataset == "" {
		s.Dataset = defaultDataset
	}
	if !datasetRE.MatchString(s.Dataset) || len(s.Dataset) > 1024 {
		return fmt.Errorf("dataset %q: use letters, digits and underscores", clip(s.Dataset))
	}
	if s.TempDataset == "" {
		s.TempDataset = s.Dataset
	}
	if !datasetRE.MatchString(s.TempDataset) || len(s.TempDataset) > 1024 {
		return fmt.Errorf("temp_dataset %q: use letters, digits and underscores", clip(s.TempDataset))
	}
	switch strings.ToLower(s.Priority) {
	case "", priorityInteractive:
		s.Priority = priorityInteractive
	case priorityBatch:
		s.Priority = priorityBatch
	default:
		return fmt.Errorf("priority %q: use interactive or batch", clip(s.Priority))
	}
	if len(s.Labels) > maxLabels {
		return fmt.Errorf("labels: %d labels, at most %d", len(s.Labels), maxLabels)
	}
	for k, v := range s.Labels {
		if !labelKey.MatchString(k) {
			return fmt.Errorf("labels: key %q: lowercase letters, digits, _ and -, starting with a letter, at most 63", clip(k))
		}
		if !labelVal.MatchString(v) {
			return fmt.Errorf("labels: value of %s: lowercase letters, digits, _ and -, at most 63", k)
		}
	}
	switch exp := time.Duration(s.TempTableExpiration); {
	case exp == 0:
		s.TempTableExpiration = storeconfig.Duration(defaultTempExpiration)
	case exp < minTempExpiration:
		return fmt.Errorf("temp_table_expiration %s: at least %s", exp, minTempExpiration)
	}
	switch t := time.Duration(s.QueryTimeout); {
	case t == 0:
		s.QueryTimeout = storeconfig.Duration(defaultQueryTimeout)
	case t < 0:
		return fmt.Errorf("query_timeout %s is negative", t)
	}
	if s.MaximumBytesBilled < 0 {
		return fmt.Errorf("maximum_bytes_billed %d is negative", s.MaximumBytesBilled)
	}
	switch {
	case s.UploadChunkBytes == nil:
		n := defaultUploadChunk
		s.UploadChunkBytes = &n
	case *s.UploadChunkBytes < 0:
		return fmt.Errorf("upload_chunk_bytes %d is negative", *s.UploadChunkBytes)
	}
	switch strings.ToUpper(s.TableCreateDisposition) {
	case "", "CREATE_IF_NEEDED":
		s.TableCreateDisposition = "CREATE_IF_NEEDED"
	case "CREATE_NEVER":
		s.TableCreateDisposition = "CREATE_NEVER"
	default:
		return fmt.Errorf("table_create_disposition %q: use CREATE_IF_NEEDED or CREATE_NEVER", clip(s.TableCreateDisposition))
	}
	if s.DryRun == nil {
		t := true
		s.DryRun = &t
	}
	if s.Endpoint != "" && !strings.HasPrefix(s.Endpoint, "http://") && !strings.HasPrefix(s.Endpoint, "https://") {
		return fmt.Errorf("endpoint %q: want an http:// or https:// URL", clip(s.Endpoint))
	}
	return nil
}

// credentialsFile resolves CredentialsPath against the repository.
func (s *Settings) credentialsFile(repoDir string) string {
	p := s.CredentialsPath
	if p == "" || filepath.IsAbs(p) || repoDir == "" {
		return p
	}
	return filepath.Join(repoDir, p)
}

// billingProject is the project jobs run in.
func (s *Settings) billingProject() string {
	if s.BillingProjectID != "" {
		return s.BillingProjectID
	}
	return s.ProjectID
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
