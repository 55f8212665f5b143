package registryapi

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/quiverfs/quiver/host/internal/apierr"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/feasterr"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// readOnly is the answer to a call that would change definitions: they
// change through `quiver apply`, which plans, checks and versions them.
func readOnly(call string) error {
	msg := fmt.Sprintf("%s: Quiver's definitions change through `quiver apply` on its definition files, "+
		"not through Feast's registry API, which Quiver serves read-only (docs/feast.md)", call)
	return status.Error(codes.Unimplemented, string(feasterr.New(service.CodeUnimplemented, msg, "").JSON()))
}

func (s *server) ApplyEntity(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyEntity")
}

func (s *server) DeleteEntity(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteEntity")
}

func (s *server) ApplyDataSource(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyDataSource")
}

func (s *server) DeleteDataSource(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteDataSource")
}

func (s *server) ApplyFeatureView(context.Context, *feastregistry.ApplyFeatureViewRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyFeatureView")
}

func (s *server) DeleteFeatureView(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteFeatureView")
}

func (s *server) ApplyFeatureService(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyFeatureService")
}

func (s *server) DeleteFeatureService(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteFeatureService")
}

// ApplySavedDataset accepts a saved dataset that Quiver already holds
// under its name: Feast's create_saved_dataset first persists the rows
// through the remote offline store, which registers them in Quiver as a
// dataset named after the storage file, then applies the dataset here.
// Quiver keeps its own record of it; any other dataset is refused.
func (s *server) ApplySavedDataset(ctx context.Context, req *feastregistry.ApplySavedDatasetRequest) (*emptypb.Empty, error) {
	name := req.GetSavedDataset().GetSpec().GetName()
	if !s.served(req.Project) {
		return nil, fail(s.notFound(apierr.SavedDataset, "saved dataset", name, req.Project))
	}
	_, err := s.svc.Dataset(ctx, name)
	if hasCode(err, service.CodeNotFound) {
		return nil, fail(apierr.Conflict("Quiver holds no saved dataset named %q: save it with create_saved_dataset through "+
			"the remote offline store, with a storage file named %s.parquet (Quiver names the dataset after the file)",
			textclip.Clip(name, 80), textclip.Clip(name, 80)))
	}
	if err != nil {
		return nil, fail(err)
	}
	return &emptypb.Empty{}, nil
}

func (s *server) DeleteSavedDataset(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteSavedDataset")
}

func (s *server) ApplyValidationReference(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyValidationReference")
}

func (s *server) DeleteValidationReference(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteValidationReference")
}

func (s *server) ApplyPermission(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyPermission")
}

func (s *server) DeletePermission(context.Context, *feastregistry.DeleteRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeletePermission")
}

func (s *server) ApplyProject(context.Context, *feastregistry.ApplyProjectRequest) (*emptypb.Empty, error) {
	return nil, readOnly("ApplyProject")
}

func (s *server) DeleteProject(context.Context, *feastregistry.DeleteProjectRequest) (*emptypb.Empty, error) {
	return nil, readOnly("DeleteProject")
}

func (s *server) UpdateInfra(context.Context, *feastregistry.ApplyRequest) (*emptypb.Empty, error) {
	return nil, readOnly("UpdateInfra")
}

// ApplyMaterialization records the interval Feast's SDK materialized into
// a view (it calls this after writing the rows), so that incremental
// runs, Feast's or Quiver's, start after it.
func (s *server) ApplyMaterialization(ctx context.Context, req *feastregistry.ApplyMaterializationRequest) (*emptypb.Empty, error) {
	name := req.GetFeatureView().GetSpec().GetName()
	if !s.served(req.Project) {
		return nil, fail(s.notFound(apierr.FeatureView, "feature view", name, req.Project))
	}
	start, err := timeOf("start_date", req.StartDate)
	if err != nil {
		return nil, fail(err)
	}
	end, err := timeOf("end_date", req.EndDate)
	if err != nil {
		return nil, fail(err)
	}
	if err := s.svc.RecordMaterialized(ctx, name, start, end); err != nil {
		return nil, fail(err)
	}
	return &emptypb.Empty{}, nil
}

// timeOf checks a client's timestamp: present, and within years 1 to
// 9999.
func timeOf(field string, ts *timestamppb.Timestamp) (t time.Time, err error) {
	if ts == nil {
		return t, apierr.Invalid("%s is required", field)
	}
	if err := ts.CheckValid(); err != nil {
		return t, apierr.Invalid("%s is not a valid time: %v", field, err)
	}
	return ts.AsTime(), nil
}
