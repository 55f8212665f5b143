package bqstore

import (
	"context"
	"fmt"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// estimate dry-runs a query and logs the bytes it would process; over
// maximum_bytes_billed it is an InvalidArgument error before any cost.
func (c *conn) estimate(ctx context.Context, what, sql string, params []bigquery.QueryParameter) error {
	if !*c.settings.DryRun {
		return nil
	}
	q := c.query(sql, params...)
	q.DryRun = true
	job, err := q.Run(ctx)
	if err != nil {
		return bqError(what+": dry run", err)
	}
	st := job.LastStatus()
	if st == nil || st.Statistics == nil {
		return nil
	}
	bytes := st.Statistics.TotalBytesProcessed
	c.logger.Info("bigquery query estimate", "what", what, "bytes_processed", bytes)
	if max := c.settings.MaximumBytesBilled; max > 0 && bytes > max {
		return storeerr.InvalidArgument("bigquery offline store: %s would process %d bytes, over maximum_bytes_billed (%d)", what, bytes, max)
	}
	return nil
}

// runJob runs a job to its end.
func runJob(ctx context.Context, what string, run func(context.Context) (*bigquery.Job, error)) error {
	job, err := run(ctx)
	if err != nil {
		return bqError(what, err)
	}
	st, err := job.Wait(ctx)
	if err != nil {
		return bqError(what, err)
	}
	if err := st.Err(); err != nil {
		return bqError(what, err)
	}
	return nil
}

// queryToTable runs a SELECT into a new temporary table of project (CREATE
// TABLE AS SELECT, which real BigQuery and emulators both support; the
// table expires by itself after temp_table_expiration) and returns it.
func (c *conn) queryToTable(ctx context.Context, project, kind, what, sql string, params []bigquery.QueryParameter) (tableRef, error) {
	dst := c.tempTable(project, kind)
	if err := c.ensureDataset(ctx, dst.Project, dst.Dataset); err != nil {
		return dst, err
	}
	if err := c.estimate(ctx, what, sql, params); err != nil {
		return dst, err
	}
	exp := int64(time.Duration(c.settings.TempTableExpiration) / time.Second)
	ctas := fmt.Sprintf("CREATE TABLE %s OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL %d SECOND)) AS\n%s", dst.sql(), exp, sql)
	c.logger.Debug("bigquery query", "what", what, "sql", redact.String(ctas))
	start := time.Now()
	if err := runJob(ctx, what, c.query(ctas, params...).Run); err != nil {
		c.dropTable(ctx, dst)
		return dst, err
	}
	c.logger.Debug("bigquery query done", "what", what, "seconds", time.Since(start).Seconds())
	return dst, nil
}
