"""Feast's own SDK (remote online store) against `quiver serve`: values equal the CLI's."""
import logging
import math
from datetime import datetime, timezone

import pandas as pd

DRIVER_FEATURES = ["driver_hourly_stats:conv_rate", "driver_hourly_stats:acc_rate", "driver_hourly_stats:avg_daily_trips",
                   "driver_hourly_stats:rating", "driver_hourly_stats:city", "driver_hourly_stats:active",
                   "driver_hourly_stats:recent_trip_ids"]


def cli_values(demo, features, drivers):
    """`quiver get-online-features -o json` as {name: [values]}."""
    args = ["get-online-features", "-o", "json", "--features", ",".join(features)]
    for d in drivers:
        args += ["--entity", f"driver_id={d}"]
    answer = demo.cli_json(*args)
    names = answer["metadata"]["feature_names"]
    return {n: [v if s == "PRESENT" else None for v, s in zip(r["values"], r["statuses"])]
            for n, r in zip(names, answer["results"])}


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6)
    return a == b


def test_get_online_features_equals_cli(demo, store):
    drivers = [1001, 1500, 99999]
    got = store.get_online_features(features=DRIVER_FEATURES, entity_rows=[{"driver_id": d} for d in drivers]).to_dict()
    want = cli_values(demo, DRIVER_FEATURES, drivers)
    assert got["driver_id"] == drivers
    for name in [f.split(":")[1] for f in DRIVER_FEATURES]:
        assert len(got[name]) == 3, name
        for g, w in zip(got[name], want[name]):
            assert same(g, w), f"{name}: Feast SDK {got[name]}, quiver CLI {want[name]}"
    assert got["conv_rate"][0] is not None and got["conv_rate"][2] is None


def test_feature_service_and_full_names(demo, store):
    service = store.get_feature_service("driver_activity")
    got = store.get_online_features(features=service, entity_rows=[{"driver_id": 1001}], full_feature_names=True).to_dict()
    want = cli_values(demo, DRIVER_FEATURES[:3], [1001])
    assert same(got["driver_hourly_stats__conv_rate"][0], want["conv_rate"][0])
    assert got["driver_hourly_stats__avg_daily_trips"] == want["avg_daily_trips"]


def test_whole_floats_read_back_as_floats(demo, store):
    """A float of 1.0 is written 1.0, so Feast's client types it DOUBLE, not INT64."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    store.write_to_online_store("driver_hourly_stats", pd.DataFrame({
        "driver_id": [7001], "conv_rate": [1.0], "acc_rate": [0.5], "avg_daily_trips": [3], "rating": [4.0],
        "city": ["Oslo"], "active": [True], "recent_trip_ids": [[1, 2]], "event_timestamp": [now], "created": [now]}))
    got = store.get_online_features(features=DRIVER_FEATURES, entity_rows=[{"driver_id": 7001}]).to_dict()
    assert got["conv_rate"] == [1.0] and isinstance(got["conv_rate"][0], float)
    assert got["rating"] == [4.0] and isinstance(got["rating"][0], float)
    assert got["avg_daily_trips"] == [3] and isinstance(got["avg_daily_trips"][0], int)


def embedding(i):
    v = [0.0] * 256
    v[i] = 1.0
    v[i + 1] = 0.5
    return v


def test_write_docs_and_search_without_fallback(demo, store, caplog):
    """write_to_online_store adds event_timestamp and created columns to a view with no created
    column (ignored, not an error); search goes to /search at once (no fallback warning)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    store.write_to_online_store("docs", pd.DataFrame({
        "chunk_id": ["sdk#0", "sdk#1"], "source": ["sdk", "sdk"], "chunk_index": [0, 1],
        "text": ["about feature stores", "about vectors"], "embedding": [embedding(0), embedding(10)],
        "event_timestamp": [now, now]}))
    got = store.get_online_features(features=["docs:text", "docs:embedding"], entity_rows=[{"chunk_id": "sdk#1"}]).to_dict()
    assert got["text"] == ["about vectors"]
    assert got["embedding"][0][10] == 1.0 and got["embedding"][0][11] == 0.5
    with caplog.at_level(logging.WARNING):
        found = store.retrieve_online_documents_v2(features=["docs:text", "docs:source"], query=embedding(10), top_k=1,
                                                   distance_metric="COSINE").to_dict()
    assert found["text"] == ["about vectors"], found
    assert not [r for r in caplog.records if "Invalid error detail" in r.getMessage()], \
        "the client fell back from /search: " + "; ".join(r.getMessage() for r in caplog.records)


def raises_feast(cls_name, call):
    """call() raises feast.errors.<cls_name> (not a bare RuntimeError), and returns it."""
    from feast import errors

    cls = getattr(errors, cls_name)
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the type is what is checked
        assert type(e) is cls, f"raised {type(e).__module__}.{type(e).__name__}: {e}; want feast.errors.{cls_name}"
        return e
    raise AssertionError(f"no exception; want feast.errors.{cls_name}")


def test_errors_are_feasts_exception_classes(store):
    e = raises_feast("FeatureViewNotFoundException", lambda: store._get_provider().online_store.online_read(
        store.config, _view_named(store, "driver_hourly_stats", rename="no_such_view"), [_key(1001)], ["conv_rate"]))
    assert "no_such_view" in str(e)
    e = raises_feast("FeastObjectNotFoundException", lambda: store._get_provider().online_store.online_read(
        store.config, _view_named(store, "driver_hourly_stats"), [_key(1001)], ["no_such_feature"]))
    assert "no_such_feature" in str(e)
    # A string where the entity's join key is INT64: a 400, which Feast's client raises as FeastError.
    e = raises_feast("FeastError", lambda: store._get_provider().online_store.online_read(
        store.config, _view_named(store, "driver_hourly_stats"), [_key("not-a-number")], ["conv_rate"]))
    assert "driver_id" in str(e), str(e)


def test_a_caller_without_a_token_gets_feasts_permission_error(locked_store):
    e = raises_feast("FeastPermissionError", lambda: locked_store.get_online_features(
        features=DRIVER_FEATURES[:1], entity_rows=[{"driver_id": 1001}]))
    assert "credentials" in str(e) or "token" in str(e), str(e)


def _view_named(store, name, rename=None):
    view = store.get_feature_view(name)
    if rename:
        view = view.__copy__()
        view.name = rename
    return view


def _key(driver_id):
    from feast.protos.feast.types.EntityKey_pb2 import EntityKey
    from feast.protos.feast.types.Value_pb2 import Value

    value = Value(string_val=driver_id) if isinstance(driver_id, str) else Value(int64_val=driver_id)
    return EntityKey(join_keys=["driver_id"], entity_values=[value])
