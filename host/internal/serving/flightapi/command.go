package flightapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// Limits of a command: its bytes and the lengths of its lists.
const (
	maxCommandBytes = 1 << 20
	maxListLen      = 10_000
)

// The Feast methods a command may name.
const (
	apiHistorical  = "get_historical_features"
	apiPullLatest  = "pull_latest_from_table_or_query"
	apiPullAll     = "pull_all_from_table_or_query"
	apiColumnTypes = "get_table_column_names_and_types_from_data_source"
	apiWriteBatch  = "offline_write_batch"
	apiValidate    = "validate_data_source"
	apiPersist     = "persist"
	apiWriteLogged = "write_logged_features"
)

// command is the JSON of a descriptor: the Feast method and the
// parameters of every method served (each method reads its own).
type command struct {
	CommandID string `json:"command_id"`
	API       string `json:"api"`

	// get_historical_features
	FeatureViewNames []string  `json:"feature_view_names"`
	FeatureRefs      []string  `json:"feature_refs"`
	Project          *string   `json:"project"`
	FullFeatureNames bool      `json:"full_feature_names"`
	NameAliases      []*string `json:"name_aliases"`
	EntityDFSQL      *string   `json:"entity_df_sql"`

	// get_historical_features, pull_*
	StartDate *string `json:"start_date"`
	EndDate   *string `json:"end_date"`

	// pull_*
	DataSourceName         string   `json:"data_source_name"`
	JoinKeyColumns         []string `json:"join_key_columns"`
	FeatureNameColumns     []string `json:"feature_name_columns"`
	TimestampField         string   `json:"timestamp_field"`
	CreatedTimestampColumn *string  `json:"created_timestamp_column"`

	// persist
	RetrieveFunc   string `json:"retrieve_func"`
	AllowOverwrite bool   `json:"allow_overwrite"`

	// get_table_column_names_and_types_from_data_source: the DataSource
	// proto as proto3 JSON, in a string.
	DataSourceProto string `json:"data_source_proto"`
}

// parseCommand decodes and bounds a descriptor's command.
func parseCommand(b []byte) (*command, error) {
	if len(b) == 0 {
		return nil, apierr.Invalid("the FlightDescriptor's command is empty; Feast's client sends a JSON object with \"api\"")
	}
	if len(b) > maxCommandBytes {
		return nil, apierr.TooLarge("the FlightDescriptor's command is %d bytes; at most %d", len(b), maxCommandBytes)
	}
	var c command
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&c); err != nil {
		return nil, apierr.Invalid("the FlightDescriptor's command is not a JSON object of Feast's: %s", textclip.Clip(err.Error(), 200))
	}
	if dec.More() {
		return nil, apierr.Invalid("the FlightDescriptor's command has data after its JSON object")
	}
	if c.API == "" {
		return nil, apierr.Invalid("the FlightDescriptor's command names no \"api\"")
	}
	for name, n := range map[string]int{"feature_view_names": len(c.FeatureViewNames), "feature_refs": len(c.FeatureRefs),
		"name_aliases": len(c.NameAliases), "join_key_columns": len(c.JoinKeyColumns), "feature_name_columns": len(c.FeatureNameColumns)} {
		if n > maxListLen {
			return nil, apierr.Invalid("%s has %d entries; at most %d", name, n, maxListLen)
		}
	}
	return &c, nil
}

// timeParam parses an optional date parameter, Python's isoformat(); a
// time without an offset is UTC, as Feast's server takes it.
func timeParam(name string, v *string) (time.Time, bool, error) {
	if v == nil {
		return time.Time{}, false, nil
	}
	t, err := service.ParseTime(name, *v)
	return t, true, err
}

// unknownAPI is the error for a method this server does not serve.
func unknownAPI(api, call string) error {
	return apierr.Invalid("%s is not a Feast offline store method served through %s (served: %s)",
		fmt.Sprintf("%q", textclip.Clip(api, 80)), call, servedList(call))
}

// servedList names the methods served through call.
func servedList(call string) string {
	if call == "DoPut" {
		return strings.Join([]string{apiWriteBatch, apiValidate, apiPersist}, ", ")
	}
	return strings.Join([]string{apiHistorical, apiPullLatest, apiPullAll, apiColumnTypes}, ", ")
}

// protoSource is what Quiver reads of a DataSource proto: its name (it is
// looked up in the registry) and its type.
type protoSource struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// dataSource decodes data_source_proto, a DataSource in proto3 JSON.
func (c *command) dataSource() (*protoSource, error) {
	var src protoSource
	if err := json.Unmarshal([]byte(c.DataSourceProto), &src); err != nil || src.Name == "" {
		return nil, apierr.Invalid("data_source_proto is not a DataSource with a name in proto3 JSON")
	}
	return &src, nil
}
