package objectjson

import (
	"strings"

	"github.com/quiverfs/quiver/host/internal/model"
)

// kindAliases maps what users type (CLI arguments, URL segments) to kinds.
var kindAliases = map[string]model.Kind{
	"entity": model.KindEntity, "entities": model.KindEntity,
	"data-source": model.KindDataSource, "data-sources": model.KindDataSource, "data_source": model.KindDataSource,
	"feature-view": model.KindFeatureView, "feature-views": model.KindFeatureView, "feature_view": model.KindFeatureView,
	"feature-service": model.KindFeatureService, "feature-services": model.KindFeatureService, "feature_service": model.KindFeatureService,
	"permission": model.KindPermission, "permissions": model.KindPermission,
}

// KindNames lists the kinds as users name them.
const KindNames = "entity, data-source, feature-view, feature-service or permission"

// ParseKind reads a kind name, in any of its spellings.
func ParseKind(s string) (model.Kind, bool) {
	k, ok := kindAliases[strings.ToLower(s)]
	return k, ok
}
