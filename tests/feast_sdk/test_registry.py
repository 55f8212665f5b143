"""A Feast user's notebook whose feature_store.yaml only names Feast's three remote
blocks (registry, online store, offline store), all pointed at `quiver serve`: no local
registry and no Python definitions. Everything is read from Quiver and compared with
the quiver CLI."""
from datetime import timedelta

import numpy as np
import pandas as pd

from test_offline import ROWS, cli_training_set, demo_stats, entity_rows, same_column, window
from test_online import DRIVER_FEATURES, cli_values, embedding, raises_feast, same

DTYPES = {"float32": "Float32", "float64": "Float64", "int64": "Int64", "string": "String", "bool": "Bool",
          "list<int64>": "Array(Int64)", "list<float32>": "Array(Float32)"}


def test_the_notebook_lists_what_quiver_lists(demo, notebook):
    for kind, listed in [("entities", notebook.list_entities()), ("data-sources", notebook.list_data_sources()),
                         ("feature-views", notebook.list_feature_views()),
                         ("feature-services", notebook.list_feature_services())]:
        want = sorted(o["name"] for o in demo.cli_json("list", kind, "-o", "json"))
        assert sorted(o.name for o in listed) == want, kind
    for view in demo.cli_json("list", "feature-views", "-o", "json"):
        got = notebook.get_feature_view(view["name"])
        assert got.entities == view["entities"]
        assert [c.name for c in got.entity_columns] == view["join_keys"]
        keys = set(view["join_keys"])
        assert [(f.name, str(f.dtype)) for f in got.features] == \
            [(f["name"], DTYPES[f["dtype"]]) for f in view["schema"] if f["name"] not in keys]
    stats = notebook.get_feature_view("driver_hourly_stats")
    assert stats.ttl == timedelta(days=2) and stats.online
    assert stats.tags == {"team": "driver_performance"} and stats.owner == "ml-platform@example.com"
    assert stats.batch_source.name == "driver_hourly_stats_source"
    assert stats.batch_source.path.endswith("driver_stats.parquet")
    assert stats.stream_source.name == "driver_stats_push"
    assert stats.materialization_intervals, "the demo materialized this view: its interval is missing"
    docs = notebook.get_feature_view("docs")
    embedding_field = {f.name: f for f in docs.features}["embedding"]
    assert embedding_field.vector_index and embedding_field.vector_length == 256
    service = notebook.get_feature_service("driver_activity")
    assert [(p.name, [f.name for f in p.features]) for p in service.feature_view_projections] == \
        [("driver_hourly_stats", ["conv_rate", "acc_rate", "avg_daily_trips"])]
    assert [p.name for p in notebook.list_projects()] == [demo.project]


def test_the_notebook_reads_online_features_equal_to_the_cli(demo, notebook):
    drivers = [1001, 1777, 99999]
    got = notebook.get_online_features(features=DRIVER_FEATURES, entity_rows=[{"driver_id": d} for d in drivers]).to_dict()
    want = cli_values(demo, DRIVER_FEATURES, drivers)
    for name in [f.split(":")[1] for f in DRIVER_FEATURES]:
        assert all(same(g, w) for g, w in zip(got[name], want[name])), f"{name}: {got[name]} vs {want[name]}"
    service = notebook.get_feature_service("driver_activity")
    by_service = notebook.get_online_features(features=service, entity_rows=[{"driver_id": 1001}]).to_dict()
    assert same(by_service["conv_rate"][0], want["conv_rate"][0])


def test_the_notebook_builds_a_100k_training_set_equal_to_the_cli(demo, notebook, tmp_path):
    entities = entity_rows(ROWS, seed=11)
    got = notebook.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df()
    want = cli_training_set(demo, tmp_path, entities, DRIVER_FEATURES)
    assert len(got) == ROWS
    got, want = got.sort_values("row").reset_index(drop=True), want.sort_values("row").reset_index(drop=True)
    assert list(got["driver_id"]) == list(entities["driver_id"])
    for name in [f.split(":")[1] for f in DRIVER_FEATURES]:
        same_column(list(got[name]), list(want[name]), name)
    assert got["conv_rate"].notna().sum() > ROWS // 2


def test_the_notebook_builds_a_training_set_from_a_feature_service(demo, notebook, tmp_path):
    entities = entity_rows(2_000, seed=12)
    got = notebook.get_historical_features(entity_df=entities, features=notebook.get_feature_service("driver_activity")).to_df()
    want = cli_training_set(demo, tmp_path, entities, DRIVER_FEATURES[:3])
    got, want = got.sort_values("row").reset_index(drop=True), want.sort_values("row").reset_index(drop=True)
    for name in ["conv_rate", "acc_rate", "avg_daily_trips"]:
        same_column(list(got[name]), list(want[name]), name)


def test_the_notebook_pushes_online(demo, notebook):
    from feast.data_source import PushMode

    now = pd.Timestamp.now(tz="UTC").floor("s")
    notebook.push("driver_stats_push", pd.DataFrame({
        "driver_id": [7001], "event_timestamp": [now], "created": [now],
        "conv_rate": np.array([0.125], dtype=np.float32), "acc_rate": np.array([0.5], dtype=np.float32),
        "avg_daily_trips": [41], "rating": [4.0], "city": ["Oslo"], "active": [True], "recent_trip_ids": [[9, 8]]}),
        to=PushMode.ONLINE)
    want = cli_values(demo, DRIVER_FEATURES, [7001])
    assert want["avg_daily_trips"] == [41] and want["city"] == ["Oslo"]
    got = notebook.get_online_features(features=DRIVER_FEATURES, entity_rows=[{"driver_id": 7001}]).to_dict()
    assert got["avg_daily_trips"] == [41] and got["recent_trip_ids"] == [[9, 8]]


def test_the_notebook_writes_offline_and_online(demo, notebook):
    when = (pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=9)).floor("s")
    rows = pd.DataFrame({
        "driver_id": [5601, 5602], "event_timestamp": [when, when], "created": [when, when],
        "conv_rate": np.array([0.25, 0.75], dtype=np.float32), "acc_rate": np.array([0.5, 0.5], dtype=np.float32),
        "avg_daily_trips": [21, 22], "rating": [4.5, 3.0], "city": ["Riga", "Kyiv"], "active": [True, False],
        "recent_trip_ids": [[4], []]})
    notebook.write_to_offline_store("driver_hourly_stats", rows)
    entities = pd.DataFrame({"driver_id": [5601, 5602], "event_timestamp": [when + pd.Timedelta(hours=1)] * 2})
    got = notebook.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df().sort_values("driver_id")
    assert list(got["avg_daily_trips"]) == [21, 22] and list(got["city"]) == ["Riga", "Kyiv"]
    fresh = rows.assign(event_timestamp=[pd.Timestamp.now(tz="UTC").floor("s")] * 2, avg_daily_trips=[31, 32])
    notebook.write_to_online_store("driver_hourly_stats", fresh)
    assert cli_values(demo, DRIVER_FEATURES, [5601, 5602])["avg_daily_trips"] == [31, 32]


def test_the_notebook_writes_documents_and_searches_them(notebook):
    now = pd.Timestamp.now(tz="UTC").floor("s")
    notebook.write_to_online_store("docs", pd.DataFrame({
        "chunk_id": ["nb#0", "nb#1"], "source": ["nb", "nb"], "chunk_index": [0, 1],
        "text": ["notebook chunk zero", "notebook chunk one"], "embedding": [embedding(40), embedding(60)],
        "event_timestamp": [now, now]}))
    found = notebook.retrieve_online_documents_v2(features=["docs:text", "docs:source"], query=embedding(60), top_k=1,
                                                  distance_metric="COSINE").to_dict()
    assert found["text"] == ["notebook chunk one"], found


def test_the_notebook_materializes_and_quiver_records_the_interval(demo, empty_online_demo, empty_notebook):
    """Feast's materialize runs through Quiver and reports its interval through the registry
    (ApplyMaterialization); materialize_incremental then starts where it ended."""
    start, end = window(30, 6)
    empty_notebook.materialize(start_date=start, end_date=end, feature_views=["driver_hourly_stats"])
    intervals = empty_notebook.get_feature_view("driver_hourly_stats").materialization_intervals
    assert (start, end) in [(s, e) for s, e in intervals], intervals
    rows = demo_stats(demo)
    in_range = rows[(rows["event_timestamp"] >= start) & (rows["event_timestamp"] < end)]
    sample = in_range.sort_values(["event_timestamp", "created"]).groupby("driver_id").tail(1).head(5)
    latest_end = max(e for _, e in intervals)
    empty_notebook.materialize_incremental(end_date=latest_end + timedelta(hours=1), feature_views=["driver_hourly_stats"])
    after = empty_notebook.get_feature_view("driver_hourly_stats").materialization_intervals
    assert (latest_end, latest_end + timedelta(hours=1)) in [(s, e) for s, e in after], after
    got = empty_notebook.get_online_features(features=DRIVER_FEATURES[:3],
                                             entity_rows=[{"driver_id": int(d)} for d in sample["driver_id"]]).to_dict()
    assert len(got["avg_daily_trips"]) == 5 and all(v is not None for v in got["avg_daily_trips"])


def test_the_notebook_saves_a_dataset_and_reads_it_back(demo, notebook, tmp_path):
    from feast.infra.offline_stores.file_source import SavedDatasetFileStorage

    job = notebook.get_historical_features(entity_df=entity_rows(300, seed=5), features=DRIVER_FEATURES[:2])
    notebook.create_saved_dataset(from_=job, name="notebook_set",
                                  storage=SavedDatasetFileStorage(path=str(tmp_path / "notebook_set.parquet")))
    saved = notebook.get_saved_dataset("notebook_set")
    assert saved.features == DRIVER_FEATURES[:2] and saved.join_keys == ["driver_id"]
    assert "notebook_set" in [d.name for d in notebook.list_saved_datasets()]
    assert demo.cli_json("describe", "dataset", "notebook_set", "-o", "json")["rows"] == 300
    # Read back through the remote offline store: the rows of the training set.
    want = job.to_df().sort_values(["driver_id", "event_timestamp"]).reset_index(drop=True)
    got = saved.to_df().sort_values(["driver_id", "event_timestamp"]).reset_index(drop=True)
    assert len(got) == 300
    assert list(got["driver_id"]) == list(want["driver_id"])
    for name in ["conv_rate", "acc_rate"]:
        same_column(list(got[name]), list(want[name]), name)


def test_registry_errors_are_feasts_classes(notebook):
    from feast import Entity, ValueType

    assert "no_such_view" in str(raises_feast("FeatureViewNotFoundException", lambda: notebook.get_feature_view("no_such_view")))
    raises_feast("EntityNotFoundException", lambda: notebook.get_entity("no_such_entity"))
    raises_feast("DataSourceObjectNotFoundException", lambda: notebook.get_data_source("no_such_source"))
    raises_feast("FeatureServiceNotFoundException", lambda: notebook.get_feature_service("no_such_service"))
    raises_feast("SavedDatasetNotFound", lambda: notebook.get_saved_dataset("no_such_dataset"))
    e = raises_feast("FeastError", lambda: notebook.apply([Entity(name="new_entity", join_keys=["k"], value_type=ValueType.INT64)]))
    assert "quiver apply" in str(e), str(e)


def test_a_notebook_without_a_token_gets_feasts_permission_error(locked_notebook):
    raises_feast("FeastPermissionError", lambda: locked_notebook.list_feature_views())
    raises_feast("FeastPermissionError", lambda: locked_notebook.get_feature_view("driver_hourly_stats"))


def test_feasts_cli_reads_the_registry(demo, notebook):
    """`feast registry-dump` (which lists every kind, project metadata and infra) and
    `feast feature-views list` work against the remote registry."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    feast_cli = str(Path(sys.executable).parent / "feast")
    repo = notebook.repo_path
    out = subprocess.run([feast_cli, "--chdir", str(repo), "registry-dump"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    dump = json.loads(out.stdout)
    assert sorted(v["spec"]["name"] for v in dump["featureViews"]) == \
        sorted(o["name"] for o in demo.cli_json("list", "feature-views", "-o", "json"))
    assert {e["spec"]["name"] for e in dump["entities"]} == {"driver", "doc_chunk"}
    out = subprocess.run([feast_cli, "--chdir", str(repo), "feature-views", "list"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "driver_hourly_stats" in out.stdout, out.stdout + out.stderr
