package fileoffline

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// ownedMarker is the file WriteBatch leaves in a directory it created; it
// holds the project's name.
const ownedMarker = "_quiver_owned"

// WriteBatch implements offlinestore.Store: it writes the records as one
// new Parquet file in the destination directory, creating the directory.
func (s *Store) WriteBatch(ctx context.Context, req *offlinestore.WriteBatchRequest) (*offlinestore.WriteBatchResponse, error) {
	if req.Records == nil {
		return nil, storeerr.InvalidArgument("file offline store: WriteBatch has no records")
	}
	loc, err := locate(s.settings(), req.Destination)
	if err != nil {
		return nil, err
	}
	dir, err := loc.dir()
	if err != nil {
		return nil, err
	}
	if err := ensureDir(dir, req.Project); err != nil {
		return nil, err
	}
	name, err := partName(time.Now(), req.Project)
	if err != nil {
		return nil, storeerr.Internal("file offline store: %v", err)
	}
	final := filepath.Join(dir, name)
	tmp := filepath.Join(dir, "."+name+".tmp") // never matched by *.parquet
	n, err := writeParquet(ctx, tmp, req.Records)
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		_ = os.Remove(tmp)
		var se *storeerr.Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, storeerr.Unavailable("file offline store: writing %s: %v", final, err).Downstream()
	}
	return &offlinestore.WriteBatchResponse{RowsWritten: n}, nil
}

// ensureDir creates dir if it does not exist, with the ownership marker of
// project.
func ensureDir(dir, project string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return storeerr.Unavailable("file offline store: %v", err).Downstream()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return storeerr.Unavailable("file offline store: creating %s: %v", dir, err).Downstream()
	}
	if err := os.WriteFile(filepath.Join(dir, ownedMarker), []byte(project), 0o644); err != nil {
		return storeerr.Unavailable("file offline store: marking %s: %v", dir, err).Downstream()
	}
	return nil
}

// partName returns a new file name part-<UTC time>-<random>-<project
// tag>.parquet: Teardown removes only the files of its project.
func partName(now time.Time, project string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "part-" + now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:]) + "-" +
		projectTag(project) + ".parquet", nil
}

// projectTag is the 16 hex digits of a project's SHA-256 that name its
// part files.
func projectTag(project string) string {
	sum := sha256.Sum256([]byte(project))
	return hex.EncodeToString(sum[:8])
}

// partProject returns the project tag of a part file's name; "" for a
// part file written before part files had one, or any other file.
func partProject(name string) string {
	fields := strings.Split(strings.TrimSuffix(name, ".parquet"), "-")
	if len(fields) != 4 || fields[0] != "part" || !strings.HasSuffix(name, ".parquet") {
		return ""
	}
	return fields[3]
}

// writeParquet writes every record of rd to a new Parquet file at path
// and returns the number of rows written.
func writeParquet(ctx context.Context, path string, rd array.RecordReader) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	w, err := pqarrow.NewFileWriter(rd.Schema(), f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		f.Close()
		return 0, storeerr.InvalidArgument("file offline store: records cannot be written as Parquet: %v", err)
	}
	var n int64
	for rd.Next() {
		if err := ctx.Err(); err != nil {
			w.Close()
			return 0, storeerr.Unavailable("file offline store: WriteBatch: %w", err)
		}
		rec := rd.RecordBatch()
		if err := w.WriteBuffered(rec); err != nil {
			w.Close()
			return 0, err
		}
		n += rec.NumRows()
	}
	if err := rd.Err(); err != nil {
		w.Close()
		return 0, storeerr.InvalidArgument("file offline store: reading the records to write: %v", err)
	}
	// Close closes f too.
	if err := w.Close(); err != nil {
		return 0, err
	}
	return n, nil
}
