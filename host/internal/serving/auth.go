package serving

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
)

// newGate builds the authenticator quiver.yaml's auth block selects and
// says at startup what is enforced: with authentication on and no
// permission defined, every authenticated caller may do everything; with
// authentication off, permissions in the registry are not enforced.
func newGate(ctx context.Context, cfg *config.Config, svc *service.Service, log hclog.Logger) (*authgate.Gate, error) {
	perms := len(svc.Repo().Names(model.KindPermission))
	if !authn.Enabled(cfg.Auth) {
		if perms > 0 {
			log.Warn("permissions are defined but auth is no_auth: they are not enforced and every caller may do everything; set auth.type in quiver.yaml",
				"permissions", perms)
		}
		return &authgate.Gate{}, nil
	}
	a, err := authn.New(ctx, cfg.Auth)
	if err != nil {
		return nil, fmt.Errorf("auth (%s): %w", cfg.Auth.Type, err)
	}
	if perms == 0 {
		log.Warn("authentication is on but no permission is defined: every authenticated caller may do everything; define permissions to restrict them",
			"auth", cfg.Auth.Type)
	} else {
		log.Info("authentication and permissions enforced", "auth", cfg.Auth.Type, "permissions", perms)
	}
	if cfg.Auth.Type == config.AuthOIDC {
		return authgate.NewCaching(a), nil
	}
	return &authgate.Gate{Authn: a}, nil
}
