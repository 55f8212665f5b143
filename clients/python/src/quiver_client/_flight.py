"""Training sets over the server's Arrow Flight endpoint (Feast's remote
offline store protocol): one DoExchange that uploads the entity rows and
reads the joined table back."""
from __future__ import annotations

import json
import uuid
from typing import Any, List, Optional

import pyarrow as pa
import pyarrow.flight as flight

from .errors import QuiverError, TransportError, error_for

# Rows per uploaded batch: the server bounds each gRPC message
# (feature_server.max_body_bytes), so a large entity table goes in pieces.
UPLOAD_BATCH_ROWS = 65_536

_FLIGHT_ERROR = "Flight error: "


def entity_table(entity_df: Any) -> pa.Table:
    """The entity rows as a pyarrow Table, from a DataFrame, a Table or a
    mapping of columns."""
    if isinstance(entity_df, pa.Table):
        return entity_df
    if isinstance(entity_df, pa.RecordBatch):
        return pa.Table.from_batches([entity_df])
    if hasattr(entity_df, "columns") and hasattr(entity_df, "dtypes"):  # pandas.DataFrame
        return pa.Table.from_pandas(entity_df, preserve_index=False)
    if isinstance(entity_df, dict):
        return pa.table(entity_df)
    raise TypeError(f"entity_df must be a pandas DataFrame, a pyarrow Table or a dict of columns, not {type(entity_df).__name__}")


def _placeholder() -> pa.Table:
    """The one-row table sent when there are no entity rows, as Feast's client does."""
    return pa.table({"key": pa.array(["mock_key"], pa.string())})


def historical(client, entity_df: Any, refs: List[str], *, full_feature_names: bool,
               start_date: Optional[str], end_date: Optional[str]) -> pa.Table:
    if entity_df is None:
        if start_date is None or end_date is None:
            raise ValueError("give entity_df, or start_date and end_date")
        table = _placeholder()
    else:
        if start_date is not None or end_date is not None:
            raise ValueError("give entity_df or start_date and end_date, not both")
        table = entity_table(entity_df)
    command = {
        "command_id": str(uuid.uuid4()),
        "api": "get_historical_features",
        "feature_view_names": sorted({r.split(":", 1)[0] for r in refs}),
        "feature_refs": refs,
        "project": client.project()["name"],
        "full_feature_names": full_feature_names,
        "name_aliases": [None] * len(refs),
        "entity_df_sql": None,
        "start_date": start_date,
        "end_date": end_date,
    }
    descriptor = flight.FlightDescriptor.for_command(json.dumps(command).encode())
    headers = [(b"authorization", f"Bearer {client.token}".encode())] if client.token else []
    options = flight.FlightCallOptions(headers=headers, timeout=client.timeout)
    location = client.flight_url()
    try:
        with flight.FlightClient(location) as conn:
            writer, reader = conn.do_exchange(descriptor, options=options)
            with writer:
                writer.begin(table.schema)
                for batch in table.to_batches(max_chunksize=UPLOAD_BATCH_ROWS):
                    writer.write_batch(batch)
                writer.done_writing()
                return reader.read_all()
    except flight.FlightError as e:
        raise _from_flight(e) from e
    except pa.ArrowException as e:
        raise _from_flight(e) from e


def _from_flight(e: Exception) -> QuiverError:
    """The QuiverError of a Flight failure: the server's code and message
    when it sent them (in Feast's "Flight error: {...}" form)."""
    text = str(e)
    at = text.find(_FLIGHT_ERROR)
    if at >= 0:
        try:  # the first JSON object after the marker; gRPC repeats the message after it
            doc, _ = json.JSONDecoder().raw_decode(text, at + len(_FLIGHT_ERROR))
        except ValueError:
            doc = None
        if isinstance(doc, dict):
            err = doc.get("error") if isinstance(doc.get("error"), dict) else {}
            code = err.get("code") or _code_of(e)
            return error_for(code, err.get("message") or doc.get("message") or text)
    if isinstance(e, flight.FlightUnavailableError):
        return TransportError(f"the Flight endpoint is not reachable: {text}", code="unavailable")
    return error_for(_code_of(e), text)


def _code_of(e: Exception) -> str:
    if isinstance(e, flight.FlightUnauthenticatedError):
        return "unauthenticated"
    if isinstance(e, flight.FlightUnauthorizedError):
        return "permission_denied"
    if isinstance(e, flight.FlightUnavailableError):
        return "unavailable"
    if isinstance(e, (flight.FlightInternalError, flight.FlightServerError)):
        return "internal"
    if isinstance(e, pa.ArrowInvalid):
        return "invalid_argument"
    if isinstance(e, pa.ArrowNotImplementedError):
        return "unimplemented"
    return "internal"
