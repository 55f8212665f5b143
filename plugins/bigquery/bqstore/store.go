package bqstore

import (
	"context"
	"sync"
	"time"

	"cloud.google.com/go/bigquery"
	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Store is the BigQuery offline store. The zero value is not usable; call
// New. Every method is safe for concurrent use.
type Store struct {
	logger hclog.Logger
	mu     sync.RWMutex
	cur    *conn // nil until Configure succeeds
}

var (
	_ offlinestore.Store                       = (*Store)(nil)
	_ offlinestore.StoreWithHistoricalFeatures = (*Store)(nil)
	_ offlinestore.StoreWithEntityFilter       = (*Store)(nil)
)

// New returns an unconfigured store logging to logger (nil: hclog's
// default logger).
func New(logger hclog.Logger) *Store {
	if logger == nil {
		logger = hclog.Default()
	}
	return &Store{logger: logger}
}

// conn is one configuration's client.
type conn struct {
	settings Settings
	client   *bigquery.Client
	logger   hclog.Logger

	mu       sync.Mutex
	datasets map[string]bool // datasets known to exist
}

// Configure implements offlinestore.Store. A bad block is InvalidArgument
// and leaves the store as it was. Nothing is contacted yet: datasets are
// created when a table is first written to them.
func (s *Store) Configure(ctx context.Context, req *offlinestore.ConfigureRequest) (*offlinestore.ConfigureResponse, error) {
	st, err := ParseSettings(req.Config)
	if err != nil {
		return nil, err
	}
	client, err := newClient(context.WithoutCancel(ctx), &st, req.RepoDir)
	if err != nil {
		return nil, storeerr.InvalidArgument("bigquery offline store: %v", err)
	}
	c := &conn{settings: st, client: client, logger: s.logger, datasets: map[string]bool{}}
	s.mu.Lock()
	old := s.cur
	s.cur = c
	s.mu.Unlock()
	if old != nil {
		_ = old.client.Close()
	}
	return &offlinestore.ConfigureResponse{}, nil
}

// Close releases the client.
func (s *Store) Close() error {
	s.mu.Lock()
	c := s.cur
	s.cur = nil
	s.mu.Unlock()
	if c != nil {
		return c.client.Close()
	}
	return nil
}

// FiltersEntities implements offlinestore.StoreWithEntityFilter: pulls
// join the listed keys, uploaded to a temporary table.
func (s *Store) FiltersEntities() bool { return true }

// conn returns the configured connection, or an error before Configure.
func (s *Store) conn() (*conn, error) {
	s.mu.RLock()
	c := s.cur
	s.mu.RUnlock()
	if c == nil {
		return nil, storeerr.Unavailable("bigquery offline store: Configure has not been called")
	}
	return c, nil
}

// withTimeout bounds a call by query_timeout.
func (c *conn) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, time.Duration(c.settings.QueryTimeout))
}

// query returns a query job with the store's settings: priority, labels,
// location and maximum bytes billed.
func (c *conn) query(sql string, params ...bigquery.QueryParameter) *bigquery.Query {
	q := c.client.Query(sql)
	q.Parameters = params
	q.Labels = c.settings.Labels
	q.Location = c.settings.Location
	q.MaxBytesBilled = c.settings.MaximumBytesBilled
	if c.settings.Priority == priorityBatch {
		q.Priority = bigquery.BatchPriority
	} else {
		q.Priority = bigquery.InteractivePriority
	}
	return q
}

// table returns a table handle.
func (c *conn) table(t tableRef) *bigquery.Table {
	return c.client.DatasetInProject(t.Project, t.Dataset).Table(t.Table)
}

// tempTable returns a new temporary table reference of a project.
func (c *conn) tempTable(project, what string) tableRef {
	return tableRef{Project: c.settings.ProjectID, Dataset: c.settings.TempDataset, Table: tempName(project, what)}
}

// ensureDataset creates a dataset of the settings' project if absent.
func (c *conn) ensureDataset(ctx context.Context, project, dataset string) error {
	key := project + "." + dataset
	c.mu.Lock()
	known := c.datasets[key]
	c.mu.Unlock()
	if known {
		return nil
	}
	ds := c.client.DatasetInProject(project, dataset)
	if _, err := ds.Metadata(ctx); err != nil {
		if !isNotFound(err) {
			return bqError("reading dataset "+key, err)
		}
		md := &bigquery.DatasetMetadata{Location: c.settings.Location,
			Labels: map[string]string{"created_by": "quiver"}}
		if err := ds.Create(ctx, md); err != nil && !isAlreadyExists(err) {
			return bqError("creating dataset "+key, err)
		}
	}
	c.mu.Lock()
	c.datasets[key] = true
	c.mu.Unlock()
	return nil
}

// dropTable deletes a table, ignoring one already gone; it runs even when
// ctx is done (cleanup after a failure or a cancel).
func (c *conn) dropTable(ctx context.Context, t tableRef) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := c.table(t).Delete(ctx); err != nil && !isNotFound(err) {
		c.logger.Warn("dropping a temporary table; it expires by itself", "table", t.String(), "error", bqError("dropping", err))
	}
}

// expiry is when a temporary table created now expires.
func (c *conn) expiry() time.Time {
	return time.Now().Add(time.Duration(c.settings.TempTableExpiration))
}
