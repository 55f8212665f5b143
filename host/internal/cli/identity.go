package cli

import (
	"errors"
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/config"
)

// identify makes the command run as the configured caller when quiver.yaml
// turns authentication on: the token of QUIVER_TOKEN (or the OIDC
// client-credentials flow, or the service account's) is checked exactly
// as the server checks it, and the identity goes into c.Context, where
// the service layer's permissions find it. Without a token the command
// runs anonymous, and what needs permission is refused with a message
// saying to set QUIVER_TOKEN.
func identify(c *ucli.Context, cfg config.Auth) error {
	if !authn.Enabled(cfg) {
		return nil
	}
	token, err := authn.ClientToken(c.Context, cfg)
	if errors.Is(err, authn.ErrNoCredentials) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("getting a token (auth: %s): %w", cfg.Type, err)
	}
	a, err := authn.New(c.Context, cfg)
	if err != nil {
		return fmt.Errorf("auth (%s): %w", cfg.Type, err)
	}
	id, err := a.Authenticate(c.Context, token)
	if err != nil {
		return fmt.Errorf("the CLI's token is refused: %w", err)
	}
	c.Context = authz.WithIdentity(c.Context, id)
	return nil
}
