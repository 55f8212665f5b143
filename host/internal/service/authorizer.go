package service

import (
	"github.com/quiverfs/quiver/host/internal/authz"
	"github.com/quiverfs/quiver/host/internal/model"
)

// compiledPermissions are the permissions of one repository snapshot,
// compiled once.
type compiledPermissions struct {
	repo *model.Repo
	set  *authz.Set
}

// permissions returns the permissions of the current snapshot, compiling
// them when the snapshot changed. A permission the registry holds but
// that does not compile (it was checked at apply, so only a damaged
// registry has one) grants nothing, yet still counts: with it present,
// what no other permission grants stays denied.
func (s *Service) permissions() *authz.Set {
	repo := s.opts.Repos.Repo()
	if c := s.perms.Load(); c != nil && c.repo == repo {
		return c.set
	}
	set := CompilePermissions(repo, func(name string, err error) {
		s.fs.Logger.Error("permission in the registry does not compile; it grants nothing", "permission", name, "error", err)
	})
	s.perms.Store(&compiledPermissions{repo: repo, set: set})
	return set
}

// CompilePermissions compiles the permissions of repo by name; broken is
// told about each that does not compile, which then grants nothing.
func CompilePermissions(repo *model.Repo, broken func(name string, err error)) *authz.Set {
	names := repo.Names(model.KindPermission)
	perms := make([]*authz.Permission, 0, len(names))
	for _, name := range names {
		p, err := authz.Compile(repo.Permissions[name].Spec())
		if err != nil {
			broken(name, err)
			p = &authz.Permission{Name: name}
		}
		perms = append(perms, p)
	}
	return authz.NewSet(perms...)
}
