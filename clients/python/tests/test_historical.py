"""Training sets over Arrow Flight, checked against the CLI's Parquet."""
import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quiver_client import Client, InvalidArgumentError, UnauthenticatedError

from conftest import TOKEN

FEATURES = ["driver_hourly_stats:conv_rate", "driver_hourly_stats:avg_daily_trips", "driver_hourly_stats:city"]


def entity_rows(demo, n):
    """n entity rows: drivers of the demo at times within its data."""
    stats = pq.read_table(demo.dir / "data" / "driver_stats.parquet", columns=["driver_id", "event_timestamp"]).to_pandas()
    rows = stats.sample(n=n, replace=n > len(stats), random_state=7).reset_index(drop=True)
    rows["event_timestamp"] = rows["event_timestamp"] + pd.Timedelta(minutes=30)
    return rows


def test_a_training_set_is_what_the_cli_writes(client, demo, tmp_path):
    entities = entity_rows(demo, 500)
    got = client.get_historical_features(entities, FEATURES)
    entities_file = tmp_path / "entities.parquet"
    entities.to_parquet(entities_file)
    out = tmp_path / "training.parquet"
    demo.cli("get-historical-features", "--entities", str(entities_file), "--features", ",".join(FEATURES), "-o", str(out))
    want = pd.read_parquet(out)
    assert list(got.columns) == list(want.columns)
    key = ["driver_id", "event_timestamp"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got["city"].notna().sum() > 0


def test_a_training_set_as_arrow_from_a_feature_service(client, demo):
    entities = pa.Table.from_pandas(entity_rows(demo, 50), preserve_index=False)
    table = client.get_historical_features(entities, feature_service="driver_activity", output="arrow")
    assert isinstance(table, pa.Table) and table.num_rows == 50
    assert {"conv_rate", "acc_rate", "avg_daily_trips"} <= set(table.column_names)


def test_a_time_window_without_entities(client):
    end = dt.datetime.now(dt.timezone.utc)
    df = client.get_historical_features(features=FEATURES[:1], start_date=end - dt.timedelta(hours=6), end_date=end)
    assert len(df) > 0 and "conv_rate" in df.columns


def test_flight_errors_are_typed(client, demo, locked):
    with pytest.raises(InvalidArgumentError) as e:
        client.get_historical_features(entity_rows(demo, 3), ["driver_hourly_stats:nope"])
    assert "nope" in e.value.message
    with pytest.raises(UnauthenticatedError):
        Client(locked.url).get_historical_features(entity_rows(demo, 3), FEATURES)
    got = Client(locked.url, token=TOKEN).get_historical_features(entity_rows(demo, 3), FEATURES)
    assert len(got) == 3


def test_entity_rows_over_the_servers_limit_are_payload_too_large(client, demo):
    # 800,000 rows of int64 + timestamp: about 13 MB, over the demo's
    # feature_server.max_body_bytes of 10 MiB.
    from quiver_client import PayloadTooLargeError

    with pytest.raises(PayloadTooLargeError) as e:
        client.get_historical_features(entity_rows(demo, 800_000), FEATURES)
    assert "max_body_bytes" in e.value.message
