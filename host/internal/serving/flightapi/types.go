package flightapi

import (
	flightpb "github.com/apache/arrow-go/v18/arrow/flight/gen/flight"
)

type (
	flightData       = flightpb.FlightData
	flightDescriptor = flightpb.FlightDescriptor
)

// descriptorCmd is the type of a descriptor that carries a command.
const descriptorCmd = flightpb.FlightDescriptor_CMD
