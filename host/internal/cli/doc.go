// Package cli is the quiver command line: one file per command group,
// built on urfave/cli. Start with Run, which cmd/quiver calls; it owns the
// plugin processes of the run and stops them on exit and on SIGINT or
// SIGTERM. Errors print as "quiver: <message>" with exit code 1.
package cli
