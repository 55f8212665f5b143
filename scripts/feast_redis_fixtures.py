"""Builds a small Feast repository in the current folder, materializes it into
the Redis at $REDIS_ADDR with Feast, and dumps what Feast wrote and read back
into $OUT (JSON). Run by scripts/feast-redis-fixtures.sh, inside the throwaway
Feast virtualenv; nothing here is imported by Quiver."""

import json
import os
from datetime import datetime, timedelta, timezone

import pandas as pd
import redis
from feast import Entity, FeatureStore, FeatureView, Field, FileSource, ValueType
from feast.types import (Array, Bool, Bytes, Float32, Float64, Int32, Int64,
                         String, UnixTimestamp)

ADDR = os.environ["REDIS_ADDR"]
PROJECT = "quiver_fixture"
T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

# Each feature: name, Feast type, Quiver type name.
DRIVER_FEATURES = [
    ("f_int64", Int64, "int64"), ("f_int32", Int32, "int32"), ("f_float", Float32, "float32"),
    ("f_double", Float64, "float64"), ("f_string", String, "string"), ("f_bool", Bool, "bool"),
    ("f_bytes", Bytes, "bytes"), ("f_ts", UnixTimestamp, "timestamp"),
    ("l_int64", Array(Int64), "list<int64>"), ("l_int32", Array(Int32), "list<int32>"),
    ("l_float", Array(Float32), "list<float32>"), ("l_double", Array(Float64), "list<float64>"),
    ("l_string", Array(String), "list<string>"), ("l_bool", Array(Bool), "list<bool>"),
    ("l_bytes", Array(Bytes), "list<bytes>"), ("l_ts", Array(UnixTimestamp), "list<timestamp>"),
]


def ts(sec):
    return T0 + timedelta(seconds=sec)


def driver_rows():
    """Three drivers: full values, empties and extremes, nulls."""
    return [
        dict(driver_id=1001, event_timestamp=ts(0) + timedelta(microseconds=250000), created=ts(5),
             f_int64=9007199254740993, f_int32=-7, f_float=0.5, f_double=0.1, f_string="héllo, 世界",
             f_bool=True, f_bytes=b"\x00\x01\xfe\xff", f_ts=ts(-86400),
             l_int64=[1, -2, 3], l_int32=[4, -5], l_float=[1.25, -2.5], l_double=[0.1, 1e300],
             l_string=["a", "", "ü"], l_bool=[True, False], l_bytes=[b"x", b""],
             l_ts=[ts(1), ts(-1)]),
        dict(driver_id=1002, event_timestamp=ts(60), created=ts(61),
             f_int64=0, f_int32=0, f_float=0.0, f_double=-0.0, f_string="", f_bool=False,
             f_bytes=b"", f_ts=ts(0), l_int64=[], l_int32=[], l_float=[], l_double=[],
             l_string=[], l_bool=[], l_bytes=[], l_ts=[]),
        dict(driver_id=1003, event_timestamp=ts(120), created=ts(121),
             f_int64=-9223372036854775808, f_int32=2147483647, f_float=-3.0, f_double=2.5,
             f_string=None, f_bool=True, f_bytes=None, f_ts=None,
             l_int64=None, l_int32=[7], l_float=[0.75], l_double=None,
             l_string=None, l_bool=None, l_bytes=None, l_ts=None),
    ]


def pair_rows():
    return [
        dict(customer_id="c1", merchant_id=7, event_timestamp=ts(10), created=ts(10), amount=12.5, n=3),
        dict(customer_id="c2", merchant_id=-8, event_timestamp=ts(20), created=ts(20), amount=-1.0, n=0),
    ]


def write_repo(drivers, pairs):
    os.makedirs("data", exist_ok=True)
    with open("feature_store.yaml", "w") as f:
        f.write(f"""project: {PROJECT}
registry: data/registry.db
provider: local
online_store:
  type: redis
  connection_string: "{ADDR}"
offline_store:
  type: file
entity_key_serialization_version: 3
""")
    df = pd.DataFrame(drivers)
    df["f_int32"] = df["f_int32"].astype("int32")
    df["f_float"] = df["f_float"].astype("float32")
    df["f_ts"] = pd.to_datetime(df["f_ts"], utc=True)
    df.to_parquet("data/drivers.parquet")
    pd.DataFrame(pairs).to_parquet("data/pairs.parquet")
    pd.DataFrame([dict(event_timestamp=ts(30), created=ts(30), total=42)]).to_parquet("data/global.parquet")


def definitions():
    driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
    customer = Entity(name="customer", join_keys=["customer_id"], value_type=ValueType.STRING)
    merchant = Entity(name="merchant", join_keys=["merchant_id"], value_type=ValueType.INT64)
    src = lambda name: FileSource(name=name, path=f"data/{name}.parquet", timestamp_field="event_timestamp",
                                  created_timestamp_column="created")
    views = [
        FeatureView(name="driver_stats", entities=[driver], ttl=timedelta(0), source=src("drivers"),
                    schema=[Field(name=n, dtype=t) for n, t, _ in DRIVER_FEATURES]),
        FeatureView(name="customer_merchant", entities=[customer, merchant], ttl=timedelta(0), source=src("pairs"),
                    schema=[Field(name="customer_id", dtype=String), Field(name="merchant_id", dtype=Int64),
                            Field(name="amount", dtype=Float64), Field(name="n", dtype=Int64)]),
        FeatureView(name="global_stats", entities=[], ttl=timedelta(0), source=src("global"),
                    schema=[Field(name="total", dtype=Int64)]),
    ]
    return [driver, customer, merchant] + views


def typed(qtype, v):
    """A value in the fixture's neutral JSON form."""
    if v is None:
        return None
    if qtype == "timestamp":
        return int(v.timestamp())
    if qtype == "bytes":
        return v.hex()
    if qtype == "list<timestamp>":
        return [int(x.timestamp()) for x in v]
    if qtype == "list<bytes>":
        return [x.hex() for x in v]
    return v


def iso(t):
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def source_rows(drivers, pairs):
    out = []
    for r in drivers:
        out.append(dict(view="driver_stats", entity=[["driver_id", "int64", r["driver_id"]]],
                        event_timestamp=iso(r["event_timestamp"]), created=iso(r["created"]),
                        features=[[n, q, typed(q, r[n])] for n, _, q in DRIVER_FEATURES]))
    for r in pairs:
        out.append(dict(view="customer_merchant",
                        entity=[["customer_id", "string", r["customer_id"]], ["merchant_id", "int64", r["merchant_id"]]],
                        event_timestamp=iso(r["event_timestamp"]), created=iso(r["created"]),
                        features=[["amount", "float64", r["amount"]], ["n", "int64", r["n"]]]))
    out.append(dict(view="global_stats", entity=[], event_timestamp=iso(ts(30)), created=iso(ts(30)),
                    features=[["total", "int64", 42]]))
    return out


def jsonable(v):
    if isinstance(v, (bytes, bytearray)):
        return {"bytes_hex": v.hex()}
    if isinstance(v, datetime):
        return iso(v if v.tzinfo else v.replace(tzinfo=timezone.utc))
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if hasattr(v, "item"):
        return v.item()
    return v


def online(store):
    """What get_online_features returns, per request."""
    requests = [
        ("driver_stats", [f"driver_stats:{n}" for n, _, _ in DRIVER_FEATURES],
         [{"driver_id": i} for i in (1001, 1002, 1003, 9999)]),
        ("customer_merchant", ["customer_merchant:amount", "customer_merchant:n"],
         [{"customer_id": "c1", "merchant_id": 7}, {"customer_id": "c2", "merchant_id": -8},
          {"customer_id": "c1", "merchant_id": 8}]),
    ]
    out = []
    for view, features, rows in requests:
        d = store.get_online_features(features=features, entity_rows=rows).to_dict(include_event_timestamps=True)
        out.append(dict(view=view, features=features, entity_rows=rows,
                        response={k: jsonable(v) for k, v in d.items()}))
    return out


def dump_redis():
    host, port = ADDR.rsplit(":", 1)
    r = redis.Redis(host=host, port=int(port))
    keys = []
    for k in sorted(r.scan_iter(count=1000)):
        fields = r.hgetall(k)
        keys.append(dict(key=k.hex(), fields={f.hex(): v.hex() for f, v in sorted(fields.items())}))
    return keys


def main():
    import feast
    drivers, pairs = driver_rows(), pair_rows()
    write_repo(drivers, pairs)
    store = FeatureStore(repo_path=".")
    store.apply(definitions())
    store.materialize(start_date=T0 - timedelta(days=2), end_date=T0 + timedelta(days=1))
    result = dict(
        generated_by="scripts/feast-redis-fixtures.sh",
        feast_version=feast.__version__,
        project=PROJECT,
        rows=source_rows(drivers, pairs),
        redis=dump_redis(),
        online=online(store),
    )
    with open(os.environ["OUT"], "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
