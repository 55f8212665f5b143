package service

import (
	"context"
	"errors"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/definitions"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/plan"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// Plan checks quiver.yaml's store blocks, loads and checks the definition
// files, including each view's schema against its source as the offline
// store sees it, and plans the move from the registry to them; prune
// plans to delete what the files no longer define. Problems come back as
// definitions.Problems, one "file:line:col: message" per line.
func (s *Service) Plan(ctx context.Context, prune bool) (*plan.Plan, error) {
	if err := s.check(ctx, describeProjectAccess(s.Project())); err != nil {
		return nil, err
	}
	storeProbs := s.storeProblems(ctx)
	defs, err := definitions.Load(s.fs.Config.Dir, s.Project())
	var problems definitions.Problems
	switch {
	case errors.As(err, &problems):
		return nil, append(storeProbs, problems...)
	case err != nil:
		return nil, err
	case len(storeProbs) > 0:
		return nil, storeProbs
	}
	offline, err := s.offlineStore(ctx)
	if err != nil {
		return nil, err
	}
	lookup := func(ctx context.Context, src *model.DataSource) ([]types.Field, error) {
		resp, err := offline.GetSourceSchema(ctx, &offlinestore.GetSourceSchemaRequest{Source: s.fs.SourceSpec(src)})
		if err != nil {
			return nil, err
		}
		return resp.Columns, nil
	}
	if problems := defs.CheckSources(ctx, lookup); len(problems) > 0 {
		return nil, problems
	}
	current, err := s.fs.Repo(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Compute(defs.Repo, current, prune)
}

// storeProblems checks quiver.yaml's store blocks as apply would open them
// (settings, sqlite path, plugin binary and lock) without opening, creating
// or launching anything, and returns each problem at the key it is about.
func (s *Service) storeProblems(ctx context.Context) definitions.Problems {
	online, offline := s.fs.CheckStores(ctx)
	var problems definitions.Problems
	for _, b := range []struct {
		name  string
		block config.Store
		err   error
	}{{"online_store", s.fs.Config.OnlineStore, online}, {"offline_store", s.fs.Config.OfflineStore, offline}} {
		if b.err != nil {
			problems = append(problems, definitions.Problem{
				Pos:     storePos(b.block, stores.KeyOf(b.err)),
				Message: b.name + ": " + b.err.Error(),
			})
		}
	}
	return problems
}

// storePos is where key is in block: the type's value for "type", the key
// for a setting, else the block; line 1 when quiver.yaml has no block.
func storePos(block config.Store, key string) model.Position {
	p := block.Pos
	if key == "type" && block.TypePos.Known() {
		p = block.TypePos
	} else if kp, ok := block.Keys[key]; ok {
		p = kp
	}
	if !p.Known() {
		p = config.Position{Line: 1, Column: 1}
	}
	return model.Position{File: config.FileName, Line: p.Line, Column: p.Column}
}
