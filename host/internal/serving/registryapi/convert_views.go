package registryapi

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feasttypes "github.com/quiverfs/quiver/host/internal/gen/feast/types"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// viewProto is a Quiver feature view as Feast's. A view fed by a push
// source carries it as its stream source and the push source's batch
// source as its batch source, as Feast's do; the view's field mapping is
// merged into its batch source's. Its state is left unspecified, so that
// Feast's client neither checks it nor moves it when it materializes.
func viewProto(repo *model.Repo, v *model.FeatureView, project string, rec registry.Record, done []registry.Interval) *feastcore.FeatureView {
	spec := &feastcore.FeatureViewSpec{Name: v.Name, Project: project, Entities: v.Entities,
		Features: fields(repo.Features(v)), Tags: tags(v.Tags), Ttl: durationpb.New(v.TTL.Duration),
		Online: v.Online, Description: v.Description, Owner: v.Owner, Version: "latest"}
	keys, _ := repo.JoinKeys(v) // the registry holds only valid views
	for _, k := range keys {
		spec.EntityColumns = append(spec.EntityColumns, &feastcore.FeatureSpecV2{Name: k.Name, ValueType: valueType(k.Type)})
	}
	if len(v.Entities) == 0 {
		spec.Entities = []string{dummyEntity}
		spec.EntityColumns = []*feastcore.FeatureSpecV2{{Name: dummyJoinKey, ValueType: feasttypes.ValueType_STRING}}
	}
	if src, ok := repo.DataSources[v.Source]; ok {
		if src.Kind == model.SourcePush {
			spec.StreamSource = sourceProto(repo, src, project, nil)
			spec.BatchSource = spec.StreamSource.BatchSource
		} else {
			spec.BatchSource = sourceProto(repo, src, project, nil)
		}
	}
	if spec.BatchSource != nil && len(v.FieldMapping) > 0 {
		merged := tags(spec.BatchSource.FieldMapping)
		if merged == nil {
			merged = make(map[string]string, len(v.FieldMapping))
		}
		for k, val := range v.FieldMapping {
			merged[k] = val
		}
		spec.BatchSource.FieldMapping = merged
	}
	meta := &feastcore.FeatureViewMeta{CreatedTimestamp: timestamp(rec.CreatedAt), LastUpdatedTimestamp: timestamp(rec.UpdatedAt)}
	for _, iv := range done {
		meta.MaterializationIntervals = append(meta.MaterializationIntervals,
			&feastcore.MaterializationInterval{StartTime: timestamp(iv.Start), EndTime: timestamp(iv.End)})
	}
	return &feastcore.FeatureView{Spec: spec, Meta: meta}
}

// serviceProto is a Quiver feature service as Feast's: one projection per
// view, in the order the service first names each view.
func serviceProto(repo *model.Repo, fs *model.FeatureService, project string, rec registry.Record) *feastcore.FeatureService {
	spec := &feastcore.FeatureServiceSpec{Name: fs.Name, Project: project, Tags: tags(fs.Tags),
		Description: fs.Description, Owner: fs.Owner}
	refs, _ := repo.ResolveService(fs.Name) // the registry holds only valid services
	byView := map[string]*feastcore.FeatureViewProjection{}
	for _, ref := range refs {
		p, ok := byView[ref.View]
		if !ok {
			p = &feastcore.FeatureViewProjection{FeatureViewName: ref.View, ViewType: "featureView"}
			byView[ref.View] = p
			spec.Features = append(spec.Features, p)
		}
		if f, ok := repo.Feature(repo.FeatureViews[ref.View], ref.Feature); ok {
			p.FeatureColumns = append(p.FeatureColumns, field(f))
		}
	}
	return &feastcore.FeatureService{Spec: spec, Meta: &feastcore.FeatureServiceMeta{
		CreatedTimestamp: timestamp(rec.CreatedAt), LastUpdatedTimestamp: timestamp(rec.UpdatedAt)}}
}

// The event time range given for a dataset saved before Quiver recorded
// it: wide enough for any row (Feast's client adds a second to the end).
var (
	unknownMinEventTime = time.Unix(0, 0).UTC()
	unknownMaxEventTime = time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC)
)

// datasetProto is a saved dataset as Feast's. Features are given as
// "view:feature" when the registry still resolves them (as written
// otherwise); join keys are those of the views they come from. A file
// store's path is given relative to the repository when it lies in it.
func datasetProto(repo *model.Repo, d registry.Dataset, project, repoDir string) *feastcore.SavedDataset {
	minTime, maxTime := unknownMinEventTime, unknownMaxEventTime
	if d.MinEventTime != nil && d.MaxEventTime != nil {
		minTime, maxTime = *d.MinEventTime, *d.MaxEventTime
	}
	out := &feastcore.SavedDataset{Spec: &feastcore.SavedDatasetSpec{Name: d.Name, Project: project,
		Features: d.Features, FullFeatureNames: d.FullFeatureNames, FeatureServiceName: d.FeatureService},
		Meta: &feastcore.SavedDatasetMeta{CreatedTimestamp: timestamp(d.CreatedAt), LastUpdatedTimestamp: timestamp(d.CreatedAt),
			MinEventTimestamp: timestamp(minTime), MaxEventTimestamp: timestamp(maxTime)}}
	var refs []model.FeatureRef
	var err error
	if d.FeatureService != "" {
		refs, err = repo.ResolveService(d.FeatureService)
	} else {
		refs, err = repo.ResolveFeatures(d.Features)
	}
	if err == nil {
		out.Spec.Features = nil
		views := map[string]bool{}
		for _, ref := range refs {
			out.Spec.Features = append(out.Spec.Features, ref.View+":"+ref.Feature)
			if views[ref.View] {
				continue
			}
			views[ref.View] = true
			for _, k := range repo.JoinKeyNames(repo.FeatureViews[ref.View]) {
				if !slices.Contains(out.Spec.JoinKeys, k) {
					out.Spec.JoinKeys = append(out.Spec.JoinKeys, k)
				}
			}
		}
	}
	storage := &feastcore.SavedDatasetStorage{}
	if table, ok := d.Storage["table"]; ok {
		storage.Kind = &feastcore.SavedDatasetStorage_BigqueryStorage{BigqueryStorage: &feastcore.DataSource_BigQueryOptions{Table: table}}
	} else {
		storage.Kind = &feastcore.SavedDatasetStorage_FileStorage{FileStorage: fileOptions(repoRelative(d.Storage["path"], repoDir))}
	}
	out.Spec.Storage = storage
	return out
}

// repoRelative is path relative to dir when it lies inside it, so that
// the server's own folders are not shown; path otherwise.
func repoRelative(path, dir string) string {
	if dir == "" || !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return filepath.ToSlash(rel)
}
