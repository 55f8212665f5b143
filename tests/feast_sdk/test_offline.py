"""Feast's own SDK, its remote offline store (Arrow Flight), against `quiver serve`."""
import math

import numpy as np
import pandas as pd
import pytest

from test_online import DRIVER_FEATURES, raises_feast

ROWS = 100_000


def entity_rows(n, seed=7):
    """n entity rows over the demo's drivers and its last three weeks, some before any data."""
    rng = np.random.default_rng(seed)
    now = pd.Timestamp.now(tz="UTC").floor("s")
    return pd.DataFrame({
        "driver_id": rng.integers(990, 3010, n),  # a few drivers the demo does not have
        "event_timestamp": now - pd.to_timedelta(rng.integers(0, 22 * 24 * 3600, n), unit="s"),
        "row": np.arange(n),
    })


def cli_training_set(demo, tmp_path, entities, features, *extra):
    src, out = tmp_path / "entities.parquet", tmp_path / "training.parquet"
    entities.to_parquet(src)
    demo.cli("get-historical-features", "--entities", str(src), "--features", ",".join(features), "-o", str(out), *extra)
    return pd.read_parquet(out)


def same_column(got, want, name):
    assert len(got) == len(want), name
    for i, (g, w) in enumerate(zip(got, want)):
        g_null = g is None or (isinstance(g, float) and math.isnan(g))
        w_null = w is None or (isinstance(w, float) and math.isnan(w))
        if g_null or w_null:
            assert g_null and w_null, f"{name} row {i}: Feast SDK {g!r}, quiver CLI {w!r}"
        elif isinstance(g, float) or isinstance(w, float):
            assert math.isclose(g, w, rel_tol=1e-6), f"{name} row {i}: Feast SDK {g!r}, quiver CLI {w!r}"
        elif isinstance(g, np.ndarray) or isinstance(w, np.ndarray):
            assert list(g) == list(w), f"{name} row {i}: Feast SDK {g!r}, quiver CLI {w!r}"
        else:
            assert g == w, f"{name} row {i}: Feast SDK {g!r}, quiver CLI {w!r}"


def test_training_set_of_100k_rows_equals_the_cli(demo, offline_store, tmp_path):
    entities = entity_rows(ROWS)
    got = offline_store.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df()
    want = cli_training_set(demo, tmp_path, entities, DRIVER_FEATURES)
    assert len(got) == ROWS
    got, want = got.sort_values("row").reset_index(drop=True), want.sort_values("row").reset_index(drop=True)
    assert list(got["driver_id"]) == list(entities["driver_id"])
    assert (pd.to_datetime(got["event_timestamp"], utc=True) == entities["event_timestamp"]).all()
    for name in [f.split(":")[1] for f in DRIVER_FEATURES]:
        same_column(list(got[name]), list(want[name]), name)
    # Not everything is null: the join found values, and missed where it should.
    assert got["conv_rate"].notna().sum() > ROWS // 2
    assert got.loc[got["driver_id"] < 1001, "conv_rate"].isna().all()


def test_full_feature_names_and_a_filtered_dataframe(demo, offline_store, tmp_path):
    # A dataframe whose index is not a plain range: pyarrow uploads the index as a column,
    # which is not an entity column.
    entities = entity_rows(2_000, seed=11)
    entities = entities[entities["driver_id"] % 2 == 0]
    got = offline_store.get_historical_features(entity_df=entities, features=DRIVER_FEATURES[:3],
                                                full_feature_names=True).to_df()
    assert "__index_level_0__" not in got.columns
    want = cli_training_set(demo, tmp_path, entities.reset_index(drop=True), DRIVER_FEATURES[:3], "--full-feature-names")
    got, want = got.sort_values("row").reset_index(drop=True), want.sort_values("row").reset_index(drop=True)
    for name in ["driver_hourly_stats__conv_rate", "driver_hourly_stats__avg_daily_trips"]:
        same_column(list(got[name]), list(want[name]), name)


def test_a_caller_without_a_token_gets_feasts_permission_error_over_flight(locked_offline_store):
    raises_feast("FeastPermissionError", lambda: locked_offline_store.get_historical_features(
        entity_df=entity_rows(10), features=DRIVER_FEATURES[:1]).to_df())


def demo_stats(demo):
    return pd.read_parquet(demo.dir / "data" / "driver_stats.parquet")


def window(hours_back, hours):
    end = pd.Timestamp.now(tz="UTC").floor("h") - pd.Timedelta(hours=hours_back)
    return (end - pd.Timedelta(hours=hours)).to_pydatetime(), end.to_pydatetime()


def test_pull_latest_and_pull_all_equal_the_source_filtered_by_pandas(demo, offline_store):
    remote = offline_store._get_provider().offline_store
    source = offline_store.get_data_source("driver_hourly_stats_source")
    start, end = window(30, 6)
    features = ["conv_rate", "avg_daily_trips", "city"]
    rows = demo_stats(demo)
    in_range = rows[(rows["event_timestamp"] >= start) & (rows["event_timestamp"] < end)]
    assert len(in_range) > 1000, "the demo data moved: pick another window"

    got = remote.pull_all_from_table_or_query(offline_store.config, source, ["driver_id"], features, "event_timestamp",
                                              "created", start, end).to_df()
    assert len(got) == len(in_range)
    assert set(got.columns) >= {"driver_id", "event_timestamp", "created", *features}

    got = remote.pull_latest_from_table_or_query(offline_store.config, source, ["driver_id"], features, "event_timestamp",
                                                 "created", start, end).to_df()
    want = in_range.sort_values(["event_timestamp", "created"]).groupby("driver_id").tail(1).set_index("driver_id")
    assert len(got) == len(want)
    got = got.set_index("driver_id").loc[want.index]
    # The demo has a null in about one value of 1,500: a null must match a null.
    for col in ("avg_daily_trips", "city"):
        pd.testing.assert_series_equal(got[col], want[col], check_dtype=False, check_names=False)
    assert np.allclose(got["conv_rate"].to_numpy(dtype=float), want["conv_rate"].to_numpy(dtype=float), equal_nan=True)


def test_column_names_and_types_of_a_source(offline_store):
    from feast.infra.offline_stores.remote import RemoteOfflineStore

    source = offline_store.get_data_source("driver_hourly_stats_source")
    # Feast 0.67's provider calls this static method without its stray `self`: pass one.
    got = dict(RemoteOfflineStore.get_table_column_names_and_types_from_data_source(None, offline_store.config, source))
    assert got["driver_id"] == "int64" and got["conv_rate"] == "float" and got["city"] == "string"
    assert got["recent_trip_ids"] == "list<item: int64>" and got["event_timestamp"].startswith("timestamp[")
    # Feast maps the names back to its types.
    assert {k: source.source_datatype_to_feast_value_type()(v).name for k, v in got.items()}["conv_rate"] == "FLOAT"


def test_feast_materialize_through_quiver(demo, empty_online_store):
    """Feast's own materialize, which Feast 0.67 hands to the remote online store's server
    (POST /materialize): the online values are then the latest of the window."""
    start, end = window(0, 2)
    before = empty_online_store.get_online_features(features=DRIVER_FEATURES[:1], entity_rows=[{"driver_id": 1001}]).to_dict()
    assert before["conv_rate"] == [None], "the copy's online store is not empty"
    empty_online_store.materialize(start_date=start, end_date=end, feature_views=["driver_hourly_stats"])
    rows = demo_stats(demo)
    in_range = rows[(rows["event_timestamp"] >= start) & (rows["event_timestamp"] < end)]
    latest = in_range.sort_values(["event_timestamp", "created"]).groupby("driver_id").tail(1)
    sample = latest.head(5)
    got = empty_online_store.get_online_features(features=DRIVER_FEATURES[:3],
                                            entity_rows=[{"driver_id": int(d)} for d in sample["driver_id"]]).to_dict()
    assert got["avg_daily_trips"] == [int(x) for x in sample["avg_daily_trips"]]


def test_feast_apply_validates_sources_through_quiver(demo, tmp_path):
    """feast apply with the remote offline store asks the server to validate each data source."""
    from conftest import feast_store, remote_offline

    store = feast_store(demo, tmp_path, remote_offline(demo))
    assert {s.name for s in store.list_data_sources()} >= {"driver_hourly_stats_source", "docs_source"}


def test_write_to_offline_store_then_read_it_back(demo, offline_store):
    when = (pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=10)).floor("s")
    rows = pd.DataFrame({
        "driver_id": [5555, 5556], "event_timestamp": [when, when], "created": [when, when],
        "conv_rate": np.array([0.25, 0.75], dtype=np.float32), "acc_rate": np.array([0.5, 0.5], dtype=np.float32),
        "avg_daily_trips": [12, 13], "rating": [4.5, 3.0], "city": ["Lyon", "Porto"], "active": [True, False],
        "recent_trip_ids": [[1, 2, 3], []]})
    offline_store.write_to_offline_store("driver_hourly_stats", rows)
    entities = pd.DataFrame({"driver_id": [5555, 5556, 5555], "event_timestamp": [when, when + pd.Timedelta(hours=1),
                                                                                 when - pd.Timedelta(hours=1)]})
    got = offline_store.get_historical_features(entity_df=entities, features=DRIVER_FEATURES).to_df()
    got = got.set_index(["driver_id", "event_timestamp"]).loc[list(zip(entities["driver_id"], entities["event_timestamp"]))]
    assert list(got["avg_daily_trips"].iloc[:2]) == [12, 13]
    assert list(got["city"].iloc[:2]) == ["Lyon", "Porto"]
    assert [list(x) for x in got["recent_trip_ids"].iloc[:2]] == [[1, 2, 3], []]
    assert pd.isna(got["conv_rate"].iloc[2]), "a row before the write found a value"


def test_create_saved_dataset_saves_the_training_set_in_quiver(demo, offline_store, tmp_path):
    """persist over Flight: the training set becomes a Quiver saved dataset named after the storage file."""
    from feast.infra.offline_stores.file_source import SavedDatasetFileStorage

    job = offline_store.get_historical_features(entity_df=entity_rows(500, seed=3), features=DRIVER_FEATURES[:3])
    offline_store.create_saved_dataset(from_=job, name="sdk_training",
                                       storage=SavedDatasetFileStorage(path=str(tmp_path / "sdk_training.parquet")))
    saved = demo.cli_json("describe", "dataset", "sdk_training", "-o", "json")
    assert saved["rows"] == 500, saved
    assert {c["name"] for c in saved["columns"]} >= {"driver_id", "event_timestamp", "conv_rate", "avg_daily_trips"}
