package cli

import (
	"context"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/definitions"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/stores"
)

// storeProblems checks quiver.yaml's store blocks as apply would open them
// (settings, sqlite path, plugin binary and lock) without opening, creating
// or launching anything, and returns each problem at the key it is about.
func storeProblems(ctx context.Context, fs *featurestore.FeatureStore) definitions.Problems {
	online, offline := fs.CheckStores(ctx)
	var problems definitions.Problems
	for _, b := range []struct {
		name  string
		block config.Store
		err   error
	}{{"online_store", fs.Config.OnlineStore, online}, {"offline_store", fs.Config.OfflineStore, offline}} {
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
