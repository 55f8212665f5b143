"""Fixtures of the Feast SDK suite: the demo repository served by `quiver serve`,
Feast repositories whose online (and offline) store is Feast's remote client
pointed at it, and "notebooks": a feature_store.yaml with nothing but Feast's three
remote blocks (registry, online store, offline store), all pointed at it.

Run by scripts/test-feast-sdk.sh (part of `make test`) with QUIVER_BIN set.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quiver_demo import Demo  # noqa: E402  (tests/quiver_demo.py, shared with the Python client's tests)

DOCS_DIMENSION = 256  # the demo's hashing embedder


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    d = Demo(tmp_path_factory.mktemp("quiver"))
    d.start()
    yield d
    d.stop()


@pytest.fixture(scope="session")
def locked_demo(demo, tmp_path_factory):
    """A copy of the demo served with static_tokens authentication: a caller
    without a token is refused (401)."""
    d = demo.locked_copy(tmp_path_factory.mktemp("quiver_locked"), "feast-sdk-suite-token-0123456789abcdef")
    yield d
    d.stop()


FEAST_DEFINITIONS = '''
from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource, ValueType
from feast.types import Array, Bool, Float32, Float64, Int64, String

driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
doc_chunk = Entity(name="doc_chunk", join_keys=["chunk_id"], value_type=ValueType.STRING)

driver_source = FileSource(name="driver_hourly_stats_source", path="{stats}",
                           timestamp_field="event_timestamp", created_timestamp_column="created")
docs_source = FileSource(name="docs_source", path="{docs}", timestamp_field="event_timestamp")

driver_hourly_stats = FeatureView(
    name="driver_hourly_stats", entities=[driver], ttl=timedelta(days=2), source=driver_source, online=True,
    schema=[Field(name="conv_rate", dtype=Float32), Field(name="acc_rate", dtype=Float32),
            Field(name="avg_daily_trips", dtype=Int64), Field(name="rating", dtype=Float64),
            Field(name="city", dtype=String), Field(name="active", dtype=Bool),
            Field(name="recent_trip_ids", dtype=Array(Int64))])

docs = FeatureView(
    name="docs", entities=[doc_chunk], source=docs_source, online=True,
    schema=[Field(name="source", dtype=String), Field(name="chunk_index", dtype=Int64), Field(name="text", dtype=String),
            Field(name="embedding", dtype=Array(Float32), vector_index=True, vector_length={dim},
                  vector_search_metric="COSINE")])

driver_activity = FeatureService(name="driver_activity", features=[
    driver_hourly_stats[["conv_rate", "acc_rate", "avg_daily_trips"]]])
'''


@pytest.fixture(scope="session")
def empty_online_demo(demo, tmp_path_factory):
    """A copy of the demo with nothing materialized: its online store is empty."""
    d = Demo(tmp_path_factory.mktemp("quiver_unmaterialized"))
    shutil.copytree(demo.dir, d.dir, ignore=shutil.ignore_patterns("serve.log", "online.db*"))
    d.cli("apply")  # creates the online tables
    d.serve()
    yield d
    d.stop()


def feast_store(demo, repo, offline="offline_store:\n  type: file\n"):
    """Feast's FeatureStore: a local registry of the demo's definitions, written with
    `feast apply`, and Feast's remote online store client pointed at demo's server."""
    from feast import FeatureStore

    (repo / "feature_store.yaml").write_text(feast_config(demo, repo / "registry.db", offline))
    (repo / "definitions.py").write_text(FEAST_DEFINITIONS.format(
        stats=demo.dir / "data" / "driver_stats.parquet", docs=demo.dir / "data" / "docs.parquet", dim=DOCS_DIMENSION))
    feast_cli = Path(sys.executable).parent / "feast"
    out = subprocess.run([str(feast_cli), "--chdir", str(repo), "apply"], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise AssertionError(f"feast apply: exit {out.returncode}\n{out.stdout}\n{out.stderr}")
    return FeatureStore(repo_path=str(repo))


def feast_config(demo, registry, offline):
    return (f"project: {demo.project}\nprovider: local\nregistry: {registry}\n"
            f"online_store:\n  type: remote\n  path: {demo.url}\n{offline}entity_key_serialization_version: 3\n")


def remote_offline(demo):
    return f"offline_store:\n  type: remote\n  host: 127.0.0.1\n  port: {demo.grpc_port}\n"


def remote_offline_store(demo, registry, repo):
    """Feast's FeatureStore whose offline store is Feast's remote (Arrow Flight) client
    pointed at demo's gRPC port, over an existing registry."""
    from feast import FeatureStore

    (repo / "feature_store.yaml").write_text(feast_config(demo, registry, remote_offline(demo)))
    return FeatureStore(repo_path=str(repo))


@pytest.fixture(scope="session")
def offline_store(demo, store, tmp_path_factory):
    return remote_offline_store(demo, Path(store.config.registry.path), tmp_path_factory.mktemp("feast_offline"))


@pytest.fixture(scope="session")
def empty_online_store(empty_online_demo, store, tmp_path_factory):
    return remote_offline_store(empty_online_demo, Path(store.config.registry.path), tmp_path_factory.mktemp("feast_empty"))


@pytest.fixture(scope="session")
def locked_offline_store(locked_demo, locked_store, tmp_path_factory):
    return remote_offline_store(locked_demo, Path(locked_store.config.registry.path),
                                tmp_path_factory.mktemp("feast_offline_locked"))


@pytest.fixture(scope="session")
def store(demo, tmp_path_factory):
    return feast_store(demo, tmp_path_factory.mktemp("feast_repo"))


@pytest.fixture(scope="session")
def locked_store(locked_demo, tmp_path_factory):
    """Feast's client, without credentials, against the server that wants a token."""
    return feast_store(locked_demo, tmp_path_factory.mktemp("feast_repo_locked"))


def notebook_config(demo):
    """A feature_store.yaml of only Feast's three remote blocks, all pointed at demo."""
    return (f"project: {demo.project}\nprovider: local\n"
            f"registry:\n  registry_type: remote\n  path: 127.0.0.1:{demo.grpc_port}\n"
            f"online_store:\n  type: remote\n  path: {demo.url}\n"
            f"{remote_offline(demo)}entity_key_serialization_version: 3\n")


def notebook_store(demo, repo):
    from feast import FeatureStore

    (repo / "feature_store.yaml").write_text(notebook_config(demo))
    return FeatureStore(repo_path=str(repo))


@pytest.fixture(scope="session")
def notebook(demo, tmp_path_factory):
    """Feast's FeatureStore with no local registry and no definitions: everything from quiver serve."""
    return notebook_store(demo, tmp_path_factory.mktemp("notebook"))


@pytest.fixture(scope="session")
def empty_notebook(empty_online_demo, tmp_path_factory):
    return notebook_store(empty_online_demo, tmp_path_factory.mktemp("notebook_empty"))


@pytest.fixture(scope="session")
def locked_notebook(locked_demo, tmp_path_factory):
    return notebook_store(locked_demo, tmp_path_factory.mktemp("notebook_locked"))
