"""Fixtures of the Python client's tests: the demo repository served by a
real `quiver serve` on free loopback ports (tests/quiver_demo.py of the
Quiver repository, shared with the Feast SDK suite), with a few documents
ingested, and a copy of it that admits only a token.

Run by scripts/test-python-client.sh (part of `make test`) with QUIVER_BIN set.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests"))
from quiver_demo import Demo  # noqa: E402

from quiver_client import Client  # noqa: E402

TOKEN = "python-client-suite-token-0123456789"


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    d = Demo(tmp_path_factory.mktemp("quiver"))
    d.start()
    yield d
    d.stop()


DOCUMENTS = {
    "serving.md": "# Serving\n\nThe feature server answers online feature reads over HTTP and gRPC.\n",
    "materialize.md": "# Materialization\n\nMaterialize copies the latest values from the offline store into the online store.\n",
    "training.md": "# Training sets\n\nA point-in-time join builds training data from entity rows and feature views.\n",
    "vectors.md": "# Vectors\n\nDocuments are split into chunks, embedded and searched by distance.\n",
}


@pytest.fixture(scope="session")
def documents(demo, tmp_path_factory):
    """The demo with four small documents ingested into the docs view."""
    folder = tmp_path_factory.mktemp("documents")
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text)
    demo.cli("ingest-documents", "--feature-view", "docs", str(folder))
    return demo


@pytest.fixture()
def client(demo):
    with Client(demo.url) as c:
        yield c


@pytest.fixture(scope="session")
def locked(demo, tmp_path_factory):
    d = demo.locked_copy(tmp_path_factory.mktemp("quiver_locked"), TOKEN)
    yield d
    d.stop()
