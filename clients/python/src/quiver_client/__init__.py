"""quiver_client: the Python client of the Quiver feature store.

    from quiver_client import Client
    client = Client("http://127.0.0.1:6566")
"""
__version__ = "0.1.0"

from .client import Client  # noqa: E402
from .errors import (  # noqa: E402
    ConflictError,
    InvalidArgumentError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    QuiverError,
    ServerError,
    TransportError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
    UnsupportedMediaTypeError,
)
from .response import FeatureColumns  # noqa: E402

__all__ = [
    "Client", "FeatureColumns", "QuiverError", "InvalidArgumentError", "UnauthenticatedError", "PermissionDeniedError",
    "NotFoundError", "ConflictError", "PayloadTooLargeError", "UnsupportedMediaTypeError", "UnavailableError",
    "UnimplementedError", "ServerError", "TransportError",
]
