"""Online serving, writes and materialization through the client, checked
against the quiver CLI on the same repository."""
import datetime as dt
import math

import pandas as pd
import pyarrow as pa
import pytest

from quiver_client import Client, InvalidArgumentError, NotFoundError

FEATURES = ["driver_hourly_stats:conv_rate", "driver_hourly_stats:city", "driver_hourly_stats:recent_trip_ids"]


def cli_online(demo, *args):
    """The CLI's answer as {name: values}."""
    doc = demo.cli_json("get-online-features", "-o", "json", *args)
    names = doc["metadata"]["feature_names"]
    return {n: r["values"] for n, r in zip(names, doc["results"])}


def test_online_features_are_what_the_cli_reads(client, demo):
    got = client.get_online_features(FEATURES, {"driver_id": [1001, 1002, 9_999_999]})
    want = cli_online(demo, "--features", ",".join(FEATURES), "--entity", "driver_id=1001", "--entity", "driver_id=1002",
                      "--entity", "driver_id=9999999")
    assert got.to_dict().keys() == want.keys() == {"driver_id", "conv_rate", "city", "recent_trip_ids"}
    for name in want:
        for g, w in zip(got.to_dict()[name], want[name]):
            assert g == w or (isinstance(g, float) and math.isclose(g, w, rel_tol=1e-6)), (name, g, w)
    assert got.to_dict()["city"][0] is not None
    # The unknown driver: not found, null values.
    col = got.names.index("city")
    assert got.statuses[col][2] == "NOT_FOUND" and got.values[col][2] is None
    assert got.statuses[col][0] == "PRESENT"


def test_online_features_as_a_dataframe_and_from_one(client):
    entities = pd.DataFrame({"driver_id": [1003, 1004]})
    got = client.get_online_features(FEATURES, entities, full_feature_names=True)
    df = got.to_df()
    assert list(df.columns) == ["driver_id", "driver_hourly_stats__conv_rate", "driver_hourly_stats__city",
                                "driver_hourly_stats__recent_trip_ids"]
    assert df["driver_id"].tolist() == [1003, 1004]
    assert got.to_arrow().num_rows == 2


def test_a_feature_service_reads_its_features(client, demo):
    got = client.get_online_features(feature_service="driver_activity", entities={"driver_id": [1001]}).to_dict()
    want = cli_online(demo, "--feature-service", "driver_activity", "--entity", "driver_id=1001")
    assert set(got) == set(want) == {"driver_id", "conv_rate", "acc_rate", "avg_daily_trips"}
    assert got["avg_daily_trips"] == want["avg_daily_trips"]


def test_push_and_write_reach_the_online_store(client):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    row = {"driver_id": [7_000_001], "event_timestamp": [now], "conv_rate": [0.25], "acc_rate": [0.5],
           "avg_daily_trips": [17], "rating": [4.5], "city": ["Lyon"], "active": [True], "recent_trip_ids": [[1, 2, 3]]}
    client.push("driver_stats_push", pd.DataFrame(row), to="online")
    got = client.get_online_features(FEATURES, {"driver_id": [7_000_001]}).to_dict()
    assert got["city"] == ["Lyon"] and got["recent_trip_ids"] == [[1, 2, 3]] and got["conv_rate"] == [0.25]

    row.update(driver_id=[7_000_002], city=["Nantes"], event_timestamp=[now.isoformat()])
    client.write_to_online_store("driver_hourly_stats", pa.table(row))
    got = client.get_online_features(FEATURES, {"driver_id": [7_000_002]}).to_dict()
    assert got["city"] == ["Nantes"]


def test_materialize_fills_the_online_store(demo, tmp_path):
    # A copy of the demo with an empty online store, served apart.
    from quiver_demo import Demo
    import shutil

    d = Demo(tmp_path)
    shutil.copytree(demo.dir, d.dir, ignore=shutil.ignore_patterns("serve.log", "online.db*"))
    d.cli("apply")
    d.serve()
    try:
        with Client(d.url) as c:
            before = c.get_online_features(FEATURES, {"driver_id": [1001]})
            assert before.statuses[1] == ["NOT_FOUND"]
            runs = len(c.describe_feature_view("driver_hourly_stats")["materialized"])
            end = dt.datetime.now(dt.timezone.utc)
            c.materialize(end - dt.timedelta(days=3), end, ["driver_hourly_stats"])
            after = c.get_online_features(FEATURES, {"driver_id": [1001]})
            assert after.statuses[1] == ["PRESENT"]
            assert len(c.describe_feature_view("driver_hourly_stats")["materialized"]) == runs + 1
            runs = len(c.describe_feature_view("driver_hourly_stats")["materialized"])
            c.materialize_incremental(dt.datetime.now(dt.timezone.utc), ["driver_hourly_stats"])
            assert len(c.describe_feature_view("driver_hourly_stats")["materialized"]) == runs + 1
    finally:
        d.stop()


def test_documents_nearest_a_text_and_filtered(documents):
    with Client(documents.url) as c:
        hits = c.retrieve_documents(["docs:text", "docs:source"], query_text="materialize the online store", top_k=3)
        assert len(hits) == 3
        d = hits.to_dict()
        assert set(d) == {"chunk_id", "text", "source", "distance"}
        assert d["distance"] == sorted(d["distance"])
        source = d["source"][0]
        only = c.retrieve_documents(["docs:source"], query_text="feature", top_k=50,
                                    filter={"type": "ne", "key": "source", "value": source})
        assert source not in only.to_dict()["source"]


def test_server_errors_are_typed_and_carry_the_message(client):
    with pytest.raises(NotFoundError) as e:
        client.get_online_features(["driver_hourly_stats:no_such_feature"], {"driver_id": [1001]})
    assert e.value.status == 404 and "no_such_feature" in e.value.message
    with pytest.raises(InvalidArgumentError) as e:
        client.get_online_features(["driver_hourly_stats:city"], {"driver_id": ["not a number"]})
    assert e.value.status == 400 and "driver_id" in e.value.message
    with pytest.raises(ValueError):
        client.get_online_features(FEATURES)  # no entities: refused before any call
