"""Starts PyPI's bqemulator (a DuckDB-backed BigQuery emulator) with two fixes
applied in process, for scripts/backends/bigquery.sh:

1. bqemulator loads DuckDB's spatial extension at start-up, downloading it,
   and gives up offline. This launcher skips that load: GEOGRAPHY is then
   unsupported, which Quiver does not use.
2. The Arrow schema of a Storage Read session is serialized as a whole IPC
   stream, end-of-stream marker included, so the Go client decodes zero
   rows. This launcher serializes the bare schema message instead.

Arguments are those of `bqemulator start`.
"""

import sys

import pyarrow as pa

from bqemulator import cli
from bqemulator.storage import engine
from bqemulator.streaming import read_session


def _skip_spatial(self) -> None:
    """GEOGRAPHY needs the spatial extension, which cannot be downloaded here."""


def _schema_message(schema: pa.Schema) -> bytes:
    """The Arrow IPC schema message alone, without an end-of-stream marker."""
    return schema.serialize().to_pybytes()


engine.DuckDBEngine._load_spatial = _skip_spatial
read_session._serialise_arrow_schema = _schema_message

if __name__ == "__main__":
    sys.argv = ["bqemulator", "start", *sys.argv[1:]]
    cli.main()
