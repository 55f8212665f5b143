"""Column-wise answers: online features and retrieved documents."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List


@dataclass(frozen=True)
class FeatureColumns:
    """An answer in Feast's online form: one column per name (entity keys,
    then features), each with its values, statuses ("PRESENT",
    "NOT_FOUND", "NULL_VALUE", "OUTSIDE_MAX_AGE") and event timestamps."""

    names: List[str]
    values: List[List[Any]]
    statuses: List[List[str]]
    event_timestamps: List[List[str]]

    @classmethod
    def from_json(cls, doc: Dict[str, Any]) -> "FeatureColumns":
        names = list(doc.get("metadata", {}).get("feature_names", []))
        results = doc.get("results", [])
        if len(results) != len(names):
            raise ValueError(f"the answer has {len(names)} names and {len(results)} columns")
        return cls(names=names,
                   values=[list(r.get("values", [])) for r in results],
                   statuses=[list(r.get("statuses", [])) for r in results],
                   event_timestamps=[list(r.get("event_timestamps", [])) for r in results])

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    def to_dict(self) -> Dict[str, List[Any]]:
        """{name: values}, as Feast's OnlineResponse.to_dict()."""
        return dict(zip(self.names, self.values))

    def to_df(self):
        """A pandas DataFrame of the values (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(self.to_dict(), columns=self.names)

    def to_arrow(self):
        """A pyarrow Table of the values."""
        import pyarrow as pa

        return pa.table(self.to_dict())
