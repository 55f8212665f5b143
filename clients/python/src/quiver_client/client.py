"""The Quiver client: HTTP for online serving, writes, materialization,
documents and the registry; Arrow Flight for training sets."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence
from urllib.parse import quote, urlsplit

import requests

from . import __version__
from ._json import columns, plain, timestamp
from .errors import QuiverError, TransportError, from_http
from .response import FeatureColumns

Tags = Optional[Mapping[str, str]]


class Client:
    """A client of one Quiver feature server.

    ``url`` is the server's HTTP address (``quiver serve --http-addr``);
    ``token`` is sent as ``Authorization: Bearer`` on every call (HTTP and
    Flight). Training sets travel over the server's Arrow Flight endpoint,
    on its gRPC port: ``flight_url`` names it (``grpc://host:port``, or
    ``grpc+tls://``); by default the client asks the server for its gRPC
    port and uses the host of ``url``.
    """

    def __init__(self, url: str, token: Optional[str] = None, *, flight_url: Optional[str] = None,
                 timeout: float = 300.0, session: Optional[requests.Session] = None):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"url must be http(s)://host:port, not {url!r}")
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._flight_url = flight_url
        self._project: Optional[Dict[str, Any]] = None
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"quiver-client/{__version__}"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transport ----------------------------------------------------------

    def _call(self, method: str, path: str, body: Any = None, params: Any = None) -> Any:
        try:
            resp = self._session.request(method, self.url + path, json=body, params=params, timeout=self.timeout)
        except requests.RequestException as e:
            raise TransportError(f"{method} {self.url}{path}: {e}", code="unavailable") from e
        if resp.status_code >= 400:
            raise from_http(resp.status_code, resp.headers, resp.content)
        try:
            return resp.json()
        except ValueError as e:
            raise TransportError(f"{method} {path}: the answer is not JSON: {resp.text[:200]!r}") from e

    # -- online -------------------------------------------------------------

    def get_online_features(self, features: Optional[Sequence[str]] = None, entities: Any = None, *,
                            feature_service: Optional[str] = None, full_feature_names: bool = False) -> FeatureColumns:
        """The latest values of features ("view:feature") or of a feature
        service, for entity rows given as {join_key: [values]}, a DataFrame
        or a pyarrow Table. ``.to_dict()`` and ``.to_df()`` give the values."""
        if (features is None) == (feature_service is None):
            raise ValueError("give features or feature_service, not both and not neither")
        if entities is None:
            raise ValueError("entities are required: {join_key: [values]}")
        body: Dict[str, Any] = {"entities": columns(entities, "entities"), "full_feature_names": full_feature_names}
        if features is not None:
            if isinstance(features, str):
                raise TypeError("features must be a list of \"view:feature\" strings, not one string")
            body["features"] = list(features)
        else:
            body["feature_service"] = feature_service
        return FeatureColumns.from_json(self._call("POST", "/get-online-features", body))

    def retrieve_documents(self, features: Sequence[str], *, query: Optional[Sequence[float]] = None,
                           query_text: Optional[str] = None, top_k: int = 10, filter: Optional[Mapping[str, Any]] = None,
                           feature_view: Optional[str] = None, distance_metric: Optional[str] = None) -> FeatureColumns:
        """The top_k documents nearest a query vector, or a query text the
        server embeds, optionally restricted by a filter
        ({"type": "eq", "key": field, "value": v}; eq, ne, gt, gte, lt, lte,
        in, nin; {"type": "and", "filters": [...]}, or).
        Columns: the join keys, the features, then "distance"."""
        if (query is None) == (query_text is None):
            raise ValueError("give query (a vector) or query_text, not both and not neither")
        body: Dict[str, Any] = {"features": list(features), "top_k": top_k, "api_version": 2}
        if query is not None:
            body["query"] = [float(x) for x in plain(query)]
        else:
            body["query_string"] = query_text
        if filter is not None:
            body["filters"] = plain(dict(filter))
        if feature_view is not None:
            body["feature_view"] = feature_view
        if distance_metric is not None:
            body["distance_metric"] = distance_metric
        return FeatureColumns.from_json(self._call("POST", "/retrieve-online-documents", body))

    # -- writes and materialization ----------------------------------------

    def push(self, push_source_name: str, df: Any, to: str = "online") -> Dict[str, Any]:
        """Writes rows through a push source: to "online", "offline" or
        "online_and_offline"."""
        return self._call("POST", "/push", {"push_source_name": push_source_name, "df": columns(df, "df"), "to": to})

    def write_to_online_store(self, feature_view_name: str, df: Any) -> Dict[str, Any]:
        """Writes rows straight into a view's online table."""
        return self._call("POST", "/write-to-online-store", {"feature_view_name": feature_view_name, "df": columns(df, "df")})

    def materialize(self, start_date: Any, end_date: Any, feature_views: Optional[Sequence[str]] = None) -> Dict[str, Any]:
        """Copies [start_date, end_date) of the views (all online views by
        default) from the offline store into the online store."""
        body: Dict[str, Any] = {"start_ts": timestamp(start_date, "start_date"), "end_ts": timestamp(end_date, "end_date")}
        if feature_views is not None:
            body["feature_views"] = list(feature_views)
        return self._call("POST", "/materialize", body)

    def materialize_incremental(self, end_date: Any, feature_views: Optional[Sequence[str]] = None) -> Dict[str, Any]:
        """Materializes each view from where its last run ended up to end_date."""
        body: Dict[str, Any] = {"end_ts": timestamp(end_date, "end_date")}
        if feature_views is not None:
            body["feature_views"] = list(feature_views)
        return self._call("POST", "/materialize-incremental", body)

    # -- training sets (Arrow Flight) --------------------------------------

    def get_historical_features(self, entity_df: Any = None, features: Optional[Sequence[str]] = None, *,
                                feature_service: Optional[str] = None, full_feature_names: bool = False,
                                start_date: Any = None, end_date: Any = None, output: str = "pandas"):
        """A point-in-time correct training set: for each entity row (its
        join keys and "event_timestamp"), the feature values as of that
        time. Without entity_df, start_date and end_date give every row of
        the views in that window. ``output`` is "pandas" or "arrow"."""
        from ._flight import historical

        if output not in ("pandas", "arrow"):
            raise ValueError('output must be "pandas" or "arrow"')
        if (features is None) == (feature_service is None):
            raise ValueError("give features or feature_service, not both and not neither")
        if isinstance(features, str):
            raise TypeError("features must be a list of \"view:feature\" strings, not one string")
        refs = list(features) if features is not None else self._service_features(feature_service)
        table = historical(self, entity_df, refs, full_feature_names=full_feature_names,
                           start_date=None if start_date is None else timestamp(start_date, "start_date"),
                           end_date=None if end_date is None else timestamp(end_date, "end_date"))
        return table.to_pandas() if output == "pandas" else table

    def _service_features(self, name: str) -> List[str]:
        """The "view:feature" references of a feature service."""
        svc = self.describe_feature_service(name)
        refs = svc.get("features") or []
        if not all(isinstance(r, str) for r in refs):
            raise QuiverError(f"feature service {name!r} lists features the client cannot read: {refs!r}")
        view_features = {}
        out: List[str] = []
        for ref in refs:
            if ":" in ref:
                out.append(ref)
                continue
            if ref not in view_features:  # a whole view: every feature of its schema
                view_features[ref] = [f["name"] for f in self.describe_feature_view(ref).get("schema", [])]
            out.extend(f"{ref}:{f}" for f in view_features[ref])
        return out

    def flight_url(self) -> str:
        """The Arrow Flight address of the server's gRPC port."""
        if self._flight_url is None:
            port = self.project().get("grpc_port")
            if not port:
                raise QuiverError("the server does not say its gRPC port; pass flight_url=\"grpc://host:port\"")
            parts = urlsplit(self.url)
            scheme = "grpc+tls" if parts.scheme == "https" else "grpc"
            self._flight_url = f"{scheme}://{parts.hostname}:{port}"
        return self._flight_url

    # -- registry ----------------------------------------------------------

    def project(self) -> Dict[str, Any]:
        """The served project: its name, Quiver's version and the gRPC port."""
        if self._project is None:
            self._project = self._call("GET", "/api/v1/project")
        return self._project

    def health(self) -> Dict[str, Any]:
        return self._call("GET", "/health")

    def _list(self, kind: str, tags: Tags = None) -> List[Dict[str, Any]]:
        params = [("tag", f"{k}={v}") for k, v in (tags or {}).items()]
        return self._call("GET", f"/api/v1/registry/{kind}", params=params)["items"]

    def _describe(self, kind: str, name: str) -> Dict[str, Any]:
        if not name:
            raise ValueError("name is required")
        return self._call("GET", f"/api/v1/registry/{kind}/{quote(name, safe='')}")

    def list_entities(self, tags: Tags = None) -> List[Dict[str, Any]]:
        return self._list("entities", tags)

    def list_data_sources(self, tags: Tags = None) -> List[Dict[str, Any]]:
        return self._list("data-sources", tags)

    def list_feature_views(self, tags: Tags = None) -> List[Dict[str, Any]]:
        return self._list("feature-views", tags)

    def list_feature_services(self, tags: Tags = None) -> List[Dict[str, Any]]:
        return self._list("feature-services", tags)

    def list_permissions(self, tags: Tags = None) -> List[Dict[str, Any]]:
        return self._list("permissions", tags)

    def list_saved_datasets(self) -> List[Dict[str, Any]]:
        return self._list("saved-datasets")

    def describe_entity(self, name: str) -> Dict[str, Any]:
        return self._describe("entities", name)

    def describe_data_source(self, name: str) -> Dict[str, Any]:
        return self._describe("data-sources", name)

    def describe_feature_view(self, name: str) -> Dict[str, Any]:
        """A view with its schema, version history (each version's spec)
        and the intervals materialized into its online table."""
        return self._describe("feature-views", name)

    def describe_feature_service(self, name: str) -> Dict[str, Any]:
        return self._describe("feature-services", name)

    def describe_permission(self, name: str) -> Dict[str, Any]:
        return self._describe("permissions", name)

    def describe_saved_dataset(self, name: str) -> Dict[str, Any]:
        return self._describe("saved-datasets", name)
