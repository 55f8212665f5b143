package flightapi

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow/flight"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// DoPut serves Feast's write methods: it reads the whole upload, runs the
// command and answers nothing but its status, as Feast's server does.
func (s *server) DoPut(stream flight.FlightService_DoPutServer) error {
	ctx := stream.Context()
	up, err := s.receive(ctx, stream)
	if err != nil {
		return s.fail(ctx, "DoPut", err)
	}
	defer up.table.Release()
	cmd, err := parseCommand(up.cmd)
	if err != nil {
		return s.fail(ctx, "DoPut", err)
	}
	switch cmd.API {
	case apiWriteBatch:
		err = s.writeBatch(ctx, cmd, up)
	case apiValidate:
		err = s.validate(ctx, cmd)
	case apiPersist:
		err = s.persist(ctx, cmd, up)
	case apiWriteLogged:
		err = apierr.Invalid("write_logged_features (feature logging) is not served yet")
	case apiHistorical, apiPullLatest, apiPullAll, apiColumnTypes:
		err = apierr.Invalid("%s through DoPut, GetFlightInfo and DoGet is the flow of Feast clients before 0.67, which Quiver does not serve: upgrade the client (0.67 reads with one DoExchange)", cmd.API)
	default:
		err = unknownAPI(cmd.API, "DoPut")
	}
	if err != nil {
		return s.fail(ctx, cmd.API, err)
	}
	return nil
}

// writeBatch answers offline_write_batch: the rows are checked whole
// against the view and appended to its batch source.
func (s *server) writeBatch(ctx context.Context, cmd *command, up *upload) error {
	if len(cmd.FeatureViewNames) != 1 {
		return apierr.Invalid("offline_write_batch names one feature view, not %d", len(cmd.FeatureViewNames))
	}
	for _, alias := range cmd.NameAliases {
		if alias != nil {
			return apierr.Invalid("feature view aliases (name_alias %q) are not served over Flight yet", textclip.Clip(*alias, 80))
		}
	}
	f, err := toFrame(up.table)
	if err != nil {
		return err
	}
	res, err := s.svc.WriteToOfflineStore(ctx, &service.OfflineWriteRequest{FeatureView: cmd.FeatureViewNames[0], Frame: f})
	if err != nil {
		return err
	}
	s.log.Debug("offline write", "view", cmd.FeatureViewNames[0], "rows", res.Rows)
	return nil
}

// validate answers validate_data_source: the source must be registered
// here and its columns readable.
func (s *server) validate(ctx context.Context, cmd *command) error {
	src, err := cmd.dataSource()
	if err != nil {
		return err
	}
	_, err = s.svc.SourceColumns(ctx, src.Name)
	return err
}
