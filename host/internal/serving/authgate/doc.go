// Package authgate is the feature server's front door: it turns the
// bearer token of an HTTP request or gRPC call into the caller's identity
// (package authn) and puts it in the request's context, where the service
// layer's authorizer finds it. A request without valid credentials is
// refused before any work with an Unauthenticated error (HTTP 401 with
// WWW-Authenticate, gRPC Unauthenticated) whose message gives a reason and
// never the token. With authentication off (auth: no_auth) it admits
// everyone as anonymous.
package authgate
