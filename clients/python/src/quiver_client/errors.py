"""Exceptions of the Quiver client.

Every error the server answers becomes a QuiverError subclass chosen by the
server's error code (the ``X-Quiver-Error-Code`` header, or the code in the
JSON body); it carries the HTTP status, the code and the server's message.
"""
from __future__ import annotations

import json
from typing import Dict, Optional, Type


class QuiverError(Exception):
    """An error answered by the Quiver server, or met on the way to it."""

    def __init__(self, message: str, *, status: Optional[int] = None, code: str = "internal"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code

    def __str__(self) -> str:
        where = f"{self.status} " if self.status else ""
        return f"{where}{self.code}: {self.message}"


class InvalidArgumentError(QuiverError):
    """The request is malformed or names something wrong (400)."""


class UnauthenticatedError(QuiverError):
    """No valid credentials were sent (401)."""


class PermissionDeniedError(QuiverError):
    """The caller may not do this (403)."""


class NotFoundError(QuiverError):
    """A named object does not exist (404)."""


class ConflictError(QuiverError):
    """The request conflicts with the registry's state (409)."""


class PayloadTooLargeError(QuiverError):
    """The request is over a server limit (413)."""


class UnsupportedMediaTypeError(QuiverError):
    """The body's content type is not accepted (415)."""


class UnavailableError(QuiverError):
    """The server or a store it depends on is not available (503)."""


class UnimplementedError(QuiverError):
    """The server does not implement this (501)."""


class ServerError(QuiverError):
    """The server failed (5xx)."""


class TransportError(QuiverError):
    """The server could not be reached, or answered something that is not Quiver's."""


_BY_CODE: Dict[str, Type[QuiverError]] = {
    "invalid_argument": InvalidArgumentError,
    "unauthenticated": UnauthenticatedError,
    "permission_denied": PermissionDeniedError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "payload_too_large": PayloadTooLargeError,
    "unsupported_media_type": UnsupportedMediaTypeError,
    "unavailable": UnavailableError,
    "unimplemented": UnimplementedError,
    "internal": ServerError,
}

_BY_STATUS: Dict[int, str] = {
    400: "invalid_argument", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
    405: "invalid_argument", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
    501: "unimplemented", 503: "unavailable",
}


def error_for(code: str, message: str, status: Optional[int] = None) -> QuiverError:
    """The exception of a server error code."""
    cls = _BY_CODE.get(code)
    if cls is None:
        cls = ServerError if status is None or status >= 500 else QuiverError
    return cls(message, status=status, code=code)


def from_http(status: int, headers, body: bytes) -> QuiverError:
    """The exception of an HTTP error answer: Quiver's JSON error body
    ({"error": {"code", "message"}}), or Feast's form of it, or any text."""
    code = headers.get("X-Quiver-Error-Code") or _BY_STATUS.get(status, "internal" if status >= 500 else "invalid_argument")
    text = body.decode("utf-8", "replace")
    message = text.strip() or f"HTTP {status}"
    try:
        doc = json.loads(text)
        if isinstance(doc, str):  # Feast's form: a JSON string holding a JSON object
            doc = json.loads(doc)
        if isinstance(doc, dict):
            err = doc.get("error", doc)
            if isinstance(err, dict):
                code = err.get("code") or code
                message = err.get("message") or err.get("detail") or message
    except ValueError:
        pass
    return error_for(str(code), str(message), status)
