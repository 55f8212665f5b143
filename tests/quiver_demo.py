"""The demo repository served by `quiver serve` on free loopback ports: the
fixture of the Feast SDK suite (tests/feast_sdk) and of the Python client's
tests (clients/python/tests). QUIVER_BIN names the quiver binary (default
bin/quiver of this checkout)."""
import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

QUIVER = os.environ.get("QUIVER_BIN", str(Path(__file__).resolve().parents[1] / "bin" / "quiver"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Demo:
    """The demo repository and its running feature server."""

    def __init__(self, root: Path):
        self.dir = root / "demo"
        self.server = None
        self.url = ""

    def cli(self, *args):
        out = subprocess.run([QUIVER, "--repo", str(self.dir), *args], capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise AssertionError(f"quiver {' '.join(args)}: exit {out.returncode}\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def cli_json(self, *args):
        return json.loads(self.cli(*args))

    def start(self):
        self.setup()
        self.serve()

    def setup(self):
        """Creates the demo repository, applied and materialized, not served."""
        subprocess.run([QUIVER, "init", str(self.dir)], check=True, capture_output=True, timeout=300)
        self.cli("apply")
        self.cli("materialize-incremental", "now", "--views", "driver_hourly_stats")

    def serve(self):
        http, grpc = free_port(), free_port()
        self.log = open(self.dir / "serve.log", "w")
        self.server = subprocess.Popen([QUIVER, "--repo", str(self.dir), "serve", "--http-addr", f"127.0.0.1:{http}",
                                        "--grpc-addr", f"127.0.0.1:{grpc}", "--refresh-interval", "200ms"],
                                       stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{http}"
        self.grpc_port = grpc
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.server.poll() is not None or time.time() > deadline:
                raise AssertionError("quiver serve did not answer /health:\n" + (self.dir / "serve.log").read_text())
            time.sleep(0.1)

    def locked_copy(self, root: Path, token: str) -> "Demo":
        """A copy of this demo, served with static_tokens authentication
        that admits only token: a caller without it is refused (401)."""
        d = Demo(root)
        shutil.copytree(self.dir, d.dir, ignore=shutil.ignore_patterns("serve.log"))
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        config = d.dir / "quiver.yaml"
        text = config.read_text()
        assert "auth:\n  type: no_auth\n" in text, "the demo's quiver.yaml changed its auth block"
        config.write_text(text.replace("auth:\n  type: no_auth\n",
                                       f"auth:\n  type: static_tokens\n  tokens:\n    - {{name: suite, sha256: {token_hash}}}\n"))
        d.serve()
        return d

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.log.close()

    @property
    def project(self):
        for line in (self.dir / "quiver.yaml").read_text().splitlines():
            if line.startswith("project:"):
                return line.split(":", 1)[1].strip()
        raise AssertionError("quiver.yaml has no project")




def random_entities(rows, seed=7):
    """rows entity rows of the demo: drivers 1001-3000 at times over the
    last 20 days (a pandas DataFrame; the benchmarks' training sets)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    now = pd.Timestamp.now(tz="UTC").floor("s")
    return pd.DataFrame({"driver_id": rng.integers(1001, 3001, rows),
                         "event_timestamp": now - pd.to_timedelta(rng.integers(0, 20 * 86400, rows), unit="s")})


def timed_runs(runs, f, rows):
    """Runs f runs times, each returning how many rows it got (which must be
    rows), and returns the (median, min, max) of the times in seconds."""
    import statistics

    times = []
    for _ in range(runs):
        began = time.perf_counter()
        n = f()
        times.append(time.perf_counter() - began)
        assert n == rows, f"{n} rows out, want {rows}"
    return statistics.median(times), min(times), max(times)
