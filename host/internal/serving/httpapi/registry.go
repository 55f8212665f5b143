package httpapi

import (
	"net/http"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/objectjson"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// The registry API: read-only JSON of the registry, in objectjson's form
// (what `quiver list`/`describe -o json` print), for the Python client and
// the web UI. Every object passes the same DESCRIBE check as the CLI.

// savedDatasets is the URL segment of saved datasets, which are not a
// registry kind of their own.
const savedDatasets = "saved-datasets"

// maxTagFilters bounds the ?tag=KEY=VALUE filters of a list.
const maxTagFilters = 32

// projectInfo is GET /api/v1/project.
type projectInfo struct {
	Name          string `json:"name"`
	QuiverVersion string `json:"quiver_version"`
	// GRPCPort is the port of the gRPC server (and its Arrow Flight
	// offline server) on the same host, 0 when not known.
	GRPCPort int32 `json:"grpc_port,omitempty"`
}

func (a *api) project(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.DescribeProject(r.Context()); err != nil {
		a.writeError(w, r, err)
		return
	}
	info := projectInfo{Name: a.svc.Project(), QuiverVersion: a.version}
	if a.grpcPort != nil {
		info.GRPCPort = a.grpcPort.Load()
	}
	writeJSON(w, http.StatusOK, info)
}

// objectList is the answer of a list.
type objectList struct {
	Kind  string `json:"kind"`
	Items any    `json:"items"`
}

// listObjects is GET /api/v1/registry/{kind}: the current objects of a kind, those
// carrying every ?tag=KEY=VALUE.
func (a *api) listObjects(w http.ResponseWriter, r *http.Request) {
	segment := r.PathValue("kind")
	if segment == savedDatasets {
		list, err := a.svc.Datasets(r.Context())
		if list == nil {
			list = []registry.Dataset{}
		}
		a.answer(w, r, objectList{Kind: "saved_dataset", Items: list}, err)
		return
	}
	kind, err := kindOf(segment)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	tags, err := tagFilters(r.URL.Query()["tag"])
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.svc.List(r.Context(), kind, tags)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items, err := objectjson.DecodeAll(a.svc.Repo(), list)
	a.answer(w, r, objectList{Kind: string(kind), Items: items}, err)
}

// describeObject is GET /api/v1/registry/{kind}/{name}: one object with its version
// history (each version with its spec); a feature view also lists the
// intervals materialized into its online table.
func (a *api) describeObject(w http.ResponseWriter, r *http.Request) {
	segment, name := r.PathValue("kind"), r.PathValue("name")
	if segment == savedDatasets {
		d, err := a.svc.Dataset(r.Context(), name)
		a.answer(w, r, d, err)
		return
	}
	kind, err := kindOf(segment)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	obj, history, err := a.svc.Describe(r.Context(), kind, name)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out, err := objectjson.Decode(a.svc.Repo(), *obj)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out["versions"] = objectjson.Versions(history, true)
	if kind == model.KindFeatureView {
		intervals, err := a.svc.Materialized(r.Context(), obj)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		if intervals == nil {
			intervals = []registry.Interval{}
		}
		out["materialized"] = intervals
	}
	writeJSON(w, http.StatusOK, out)
}

// kindOf reads the kind segment of a registry URL.
func kindOf(segment string) (model.Kind, error) {
	if k, ok := objectjson.ParseKind(segment); ok {
		return k, nil
	}
	return "", apierr.NotFound("no registry objects of kind %q; use entities, data-sources, feature-views, feature-services, permissions or %s",
		textclip.Clip(segment, 80), savedDatasets)
}

// tagFilters reads ?tag=KEY=VALUE filters.
func tagFilters(values []string) (map[string]string, error) {
	if len(values) > maxTagFilters {
		return nil, apierr.Invalid("%d tag filters; at most %d", len(values), maxTagFilters)
	}
	tags, bad, ok := objectjson.ParseTags(values)
	if !ok {
		return nil, apierr.Invalid("tag filter %q: use tag=KEY=VALUE", textclip.Clip(bad, 80))
	}
	return tags, nil
}
