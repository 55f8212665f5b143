package registry

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestDatasets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, err := Open(ctx, filepath.Join(t.TempDir(), "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d := Dataset{Name: "train", Features: []string{"v:f"}, Entities: "e.parquet", Storage: map[string]string{"path": "/x"},
		Columns: []DatasetColumn{{Name: "f", Type: "int64"}}, Rows: 3}
	if err := r.SaveDataset(ctx, "p", d); err != nil {
		t.Fatal(err)
	}
	if err := r.SaveDataset(ctx, "p", d); !errors.Is(err, ErrExists) {
		t.Errorf("saving twice: %v, want ErrExists", err)
	}
	got, err := r.GetDataset(ctx, "p", "train")
	if err != nil || got.Rows != 3 || got.Storage["path"] != "/x" || got.CreatedAt.IsZero() {
		t.Errorf("GetDataset = %+v, %v", got, err)
	}
	if _, err := r.GetDataset(ctx, "other", "train"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetDataset in another project: %v, want ErrNotFound", err)
	}
	list, err := r.Datasets(ctx, "p")
	if err != nil || len(list) != 1 || list[0].Name != "train" {
		t.Errorf("Datasets = %+v, %v", list, err)
	}
}
