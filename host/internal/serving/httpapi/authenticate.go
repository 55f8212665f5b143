package httpapi

import (
	"net/http"

	"github.com/quiverfs/quiver/host/internal/authn"
	"github.com/quiverfs/quiver/host/internal/serving/authgate"
)

// authenticate admits a request whose Authorization header carries a
// valid bearer token, with the caller's identity in its context; others
// get 401 before their body is read.
func (a *api) authenticate(gate *authgate.Gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := authn.HTTPToken(r.Header)
		ctx, err := gate.Admit(r.Context(), r.Method+" "+r.URL.Path, token, err)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
