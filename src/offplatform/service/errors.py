"""The service's errors and their one mapping to HTTP (application/problem+json, RFC 9457).

    OffplatformError                      (offplatform.errors)
     +-- ConfigError             500
     +-- InputError              422
     +-- ServiceError            500
          +-- Unauthorized       401
          +-- Forbidden          403
          +-- NotFound           404
          +-- Conflict           409
          |    +-- IdempotencyConflict  409 (same key, different request)
          +-- PayloadTooLarge    413
          +-- Unprocessable      422
          +-- RateLimited        429
"""

from __future__ import annotations

from ..errors import ConfigError, InputError, OffplatformError


class ServiceError(OffplatformError):
    status = 500
    title = "Internal error"
    type_ = "about:blank"

    def __init__(self, detail: str = "", **extra: object) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class Unauthorized(ServiceError):
    status, title = 401, "Not signed in"


class Forbidden(ServiceError):
    status, title = 403, "Not allowed"


class NotFound(ServiceError):
    status, title = 404, "Not found"


class Conflict(ServiceError):
    status, title = 409, "Conflict"


class IdempotencyConflict(Conflict):
    title = "Idempotency key reused"


class PayloadTooLarge(ServiceError):
    status, title = 413, "Payload too large"


class Unprocessable(ServiceError):
    status, title = 422, "Unprocessable request"


class RateLimited(ServiceError):
    status, title = 429, "Too many requests"


def http_status(exc: OffplatformError) -> tuple[int, str]:
    """The one place an error becomes an HTTP status and a title."""
    if isinstance(exc, ServiceError):
        return exc.status, exc.title
    if isinstance(exc, InputError):
        return 422, "Invalid input"
    if isinstance(exc, ConfigError):
        return 500, "Configuration error"
    return 500, "Internal error"
