"""Turning Python, numpy and pandas values into the JSON the server reads."""
from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Dict, List, Mapping


def columns(data: Any, what: str) -> Dict[str, List[Any]]:
    """Rows as columns, {name: [values]}: from a mapping of sequences, a
    pandas DataFrame or a pyarrow Table."""
    if hasattr(data, "to_pydict"):  # pyarrow.Table / RecordBatch
        data = data.to_pydict()
    elif hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas.DataFrame
        data = {str(c): data[c].tolist() for c in data.columns}
    if not isinstance(data, Mapping):
        raise TypeError(f"{what} must be a mapping of column name to values, a pandas DataFrame or a pyarrow Table, "
                        f"not {type(data).__name__}")
    out: Dict[str, List[Any]] = {}
    for name, values in data.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(f"{what}: column {name!r} must be a sequence of values")
        out[str(name)] = [plain(v) for v in values]
    return out


def plain(v: Any) -> Any:
    """A JSON-ready form of one value: numpy scalars and arrays, datetimes
    (ISO 8601; naive ones are UTC), NaN (null) and nested lists."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if hasattr(v, "isoformat") and hasattr(v, "to_pydatetime"):  # pandas.Timestamp
        if v != v:  # NaT
            return None
        return plain(v.to_pydatetime())
    if hasattr(v, "tolist"):  # numpy scalar or array
        return plain(v.tolist())
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, bytes):
        raise TypeError("bytes values are not sent as JSON; decode them first")
    return v


def timestamp(v: Any, what: str) -> str:
    """A time as ISO 8601 for the server; a naive datetime is UTC."""
    if isinstance(v, str):
        return v
    if isinstance(v, (_dt.datetime, _dt.date)) or hasattr(v, "to_pydatetime"):
        return plain(v)
    raise TypeError(f"{what} must be a datetime or an ISO 8601 string, not {type(v).__name__}")
