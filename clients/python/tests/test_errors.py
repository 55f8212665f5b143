"""The mapping of server answers to exceptions (pure logic, no server)."""
import pyarrow.flight as flight

from quiver_client import InvalidArgumentError, NotFoundError, PayloadTooLargeError, ServerError, UnauthenticatedError
from quiver_client._flight import _from_flight
from quiver_client.errors import from_http

BODY = '{"module":"feast.errors","class":"FeastError","message":"m","error":{"code":"payload_too_large","message":"too big"}}'


def test_a_flight_error_takes_the_code_of_its_first_json_object():
    # gRPC repeats the message in its debug context, after the first object.
    e = _from_flight(flight.FlightServerError(f"gRPC error: Flight error: {BODY}. context: Flight error: {BODY}. end"))
    assert isinstance(e, PayloadTooLargeError) and e.message == "too big"


def test_a_flight_error_without_json_keeps_its_kind():
    assert isinstance(_from_flight(flight.FlightUnauthenticatedError("no token")), UnauthenticatedError)
    assert isinstance(_from_flight(flight.FlightServerError("Flight error: {not json")), ServerError)


def test_http_errors_in_quivers_and_feasts_forms():
    e = from_http(404, {}, b'{"error":{"code":"not_found","message":"no view v"}}')
    assert isinstance(e, NotFoundError) and e.message == "no view v" and e.status == 404
    feast_form = ('"' + BODY.replace('"', '\\"') + '"').encode()
    assert isinstance(from_http(413, {}, feast_form), PayloadTooLargeError)
    e = from_http(400, {}, b"plain text")
    assert isinstance(e, InvalidArgumentError) and e.message == "plain text"
    assert isinstance(from_http(502, {}, b""), ServerError)
