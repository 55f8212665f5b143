package registryapi

import (
	"slices"

	"github.com/quiverfs/quiver/host/internal/authz"
	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
)

// Feast gives a view without entities the entity __dummy, whose join key
// __dummy_id no row carries; its client needs that entity listed.
const (
	dummyEntity  = "__dummy"
	dummyJoinKey = "__dummy_id"
)

// entityProto is a Quiver entity as Feast's. Feast's entities have one
// join key: an entity with several gives its first (the views that use it
// list every key in their entity columns).
func entityProto(e *model.Entity, project string, rec registry.Record) *feastcore.Entity {
	spec := &feastcore.EntitySpecV2{Name: e.Name, Project: project, ValueType: valueType(e.ValueType),
		Description: e.Description, Owner: e.Owner, Tags: tags(e.Tags)}
	if len(e.JoinKeys) > 0 {
		spec.JoinKey = e.JoinKeys[0]
	}
	return &feastcore.Entity{Spec: spec, Meta: &feastcore.EntityMeta{
		CreatedTimestamp: timestamp(rec.CreatedAt), LastUpdatedTimestamp: timestamp(rec.UpdatedAt)}}
}

// dummyEntityProto is the entity Feast gives views without entities.
func dummyEntityProto(project string) *feastcore.Entity {
	return &feastcore.Entity{Spec: &feastcore.EntitySpecV2{Name: dummyEntity, Project: project, JoinKey: dummyJoinKey}}
}

// Python classes of Feast's sources, which Feast writes with each source.
var sourceClasses = map[model.SourceKind]string{
	model.SourceFile:     "feast.infra.offline_stores.file_source.FileSource",
	model.SourceBigQuery: "feast.infra.offline_stores.bigquery_source.BigQuerySource",
	model.SourcePush:     "feast.data_source.PushSource",
	model.SourceRequest:  "feast.data_source.RequestSource",
}

// sourceProto is a Quiver data source as Feast's; rec is nil for a
// source nested in another object (its times are left out). A push
// source carries its batch source whole, as Feast's does.
func sourceProto(repo *model.Repo, src *model.DataSource, project string, rec *registry.Record) *feastcore.DataSource {
	ds := &feastcore.DataSource{Name: src.Name, Project: project, Description: src.Description, Owner: src.Owner,
		Tags: tags(src.Tags), TimestampField: src.TimestampField, CreatedTimestampColumn: src.CreatedTimestampColumn,
		FieldMapping: tags(src.FieldMapping), DataSourceClassType: sourceClasses[src.Kind]}
	switch src.Kind {
	case model.SourceFile:
		ds.Type = feastcore.DataSource_BATCH_FILE
		ds.Options = &feastcore.DataSource_FileOptions_{FileOptions: fileOptions(src.Path)}
	case model.SourceBigQuery:
		ds.Type = feastcore.DataSource_BATCH_BIGQUERY
		ds.Options = &feastcore.DataSource_BigqueryOptions{BigqueryOptions: &feastcore.DataSource_BigQueryOptions{Table: src.Table, Query: src.Query}}
	case model.SourcePush:
		ds.Type = feastcore.DataSource_PUSH_SOURCE
		if batch, ok := repo.DataSources[src.BatchSource]; ok && batch.Kind != model.SourcePush {
			ds.BatchSource = sourceProto(repo, batch, project, nil)
		}
	case model.SourceRequest:
		ds.Type = feastcore.DataSource_REQUEST_SOURCE
		ds.Options = &feastcore.DataSource_RequestDataOptions_{RequestDataOptions: &feastcore.DataSource_RequestDataOptions{Schema: fields(src.Schema)}}
	}
	if rec != nil {
		ds.Meta = &feastcore.DataSource_SourceMeta{CreatedTimestamp: timestamp(rec.CreatedAt), LastUpdatedTimestamp: timestamp(rec.UpdatedAt)}
	}
	return ds
}

// fileOptions locates Parquet data.
func fileOptions(uri string) *feastcore.DataSource_FileOptions {
	return &feastcore.DataSource_FileOptions{Uri: uri,
		FileFormat: &feastcore.FileFormat{Format: &feastcore.FileFormat_ParquetFormat_{ParquetFormat: &feastcore.FileFormat_ParquetFormat{}}}}
}

// permissionTypes maps Quiver's resource types onto Feast's.
var permissionTypes = map[string]feastcore.PermissionSpec_Type{
	authz.TypeProject:        feastcore.PermissionSpec_PROJECT,
	authz.TypeEntity:         feastcore.PermissionSpec_ENTITY,
	authz.TypeDataSource:     feastcore.PermissionSpec_DATA_SOURCE,
	authz.TypeFeatureView:    feastcore.PermissionSpec_FEATURE_VIEW,
	authz.TypeFeatureService: feastcore.PermissionSpec_FEATURE_SERVICE,
	authz.TypeSavedDataset:   feastcore.PermissionSpec_SAVED_DATASET,
	authz.TypePermission:     feastcore.PermissionSpec_PERMISSION,
}

// actionNumbers are Feast's numbers of the actions.
var actionNumbers = map[authz.Action]feastcore.PermissionSpec_AuthzedAction{
	authz.Create: feastcore.PermissionSpec_CREATE, authz.Describe: feastcore.PermissionSpec_DESCRIBE,
	authz.Update: feastcore.PermissionSpec_UPDATE, authz.Delete: feastcore.PermissionSpec_DELETE,
	authz.ReadOnline: feastcore.PermissionSpec_READ_ONLINE, authz.ReadOffline: feastcore.PermissionSpec_READ_OFFLINE,
	authz.WriteOnline: feastcore.PermissionSpec_WRITE_ONLINE, authz.WriteOffline: feastcore.PermissionSpec_WRITE_OFFLINE,
}

// permissionProto is a Quiver permission as Feast's: aliases (READ, ALL,
// ...) are spelled out as actions, and "every type" as Feast's full list.
func permissionProto(p *model.Permission, project string, rec registry.Record) *feastcore.Permission {
	spec := &feastcore.PermissionSpec{Name: p.Name, Project: project, NamePatterns: p.NamePatterns,
		RequiredTags: tags(p.RequiredTags), Tags: tags(p.Tags), Policy: policyProto(p.Policy)}
	if len(p.Types) == 0 {
		for t := range feastcore.PermissionSpec_Type_name {
			spec.Types = append(spec.Types, feastcore.PermissionSpec_Type(t))
		}
		slices.Sort(spec.Types)
	}
	for _, t := range p.Types {
		spec.Types = append(spec.Types, permissionTypes[t])
	}
	actions, _ := authz.ParseActions(p.Actions) // checked when applied
	for _, a := range actions {
		spec.Actions = append(spec.Actions, actionNumbers[a])
	}
	return &feastcore.Permission{Spec: spec, Meta: &feastcore.PermissionMeta{
		CreatedTimestamp: timestamp(rec.CreatedAt), LastUpdatedTimestamp: timestamp(rec.UpdatedAt)}}
}

// policyProto is a policy in Feast's form (authz.Policy has exactly one of
// Feast's forms).
func policyProto(p authz.Policy) *feastcore.Policy {
	switch {
	case len(p.Groups) > 0 && len(p.Namespaces) > 0:
		return &feastcore.Policy{PolicyType: &feastcore.Policy_CombinedGroupNamespacePolicy{
			CombinedGroupNamespacePolicy: &feastcore.CombinedGroupNamespacePolicy{Groups: p.Groups, Namespaces: p.Namespaces}}}
	case len(p.Groups) > 0:
		return &feastcore.Policy{PolicyType: &feastcore.Policy_GroupBasedPolicy{GroupBasedPolicy: &feastcore.GroupBasedPolicy{Groups: p.Groups}}}
	case len(p.Namespaces) > 0:
		return &feastcore.Policy{PolicyType: &feastcore.Policy_NamespaceBasedPolicy{NamespaceBasedPolicy: &feastcore.NamespaceBasedPolicy{Namespaces: p.Namespaces}}}
	}
	return &feastcore.Policy{PolicyType: &feastcore.Policy_RoleBasedPolicy{RoleBasedPolicy: &feastcore.RoleBasedPolicy{Roles: p.Roles}}}
}
