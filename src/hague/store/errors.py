"""Errors of the plan registry: each maps to one HTTP status in the web layer and one exit code in the CLI."""

from __future__ import annotations

from hague.errors import HagueError

__all__ = ["RegistryError", "NotSignedIn", "BadCredentials", "Forbidden", "NotFound", "Conflict", "TooLarge",
           "PlanRejected", "Throttled"]


class RegistryError(HagueError):
    """Base class of registry errors (each maps to one HTTP status in the web layer)."""

    status = 400


class NotSignedIn(RegistryError):
    status = 401


class BadCredentials(RegistryError):
    status = 401


class Forbidden(RegistryError):
    status = 403


class NotFound(RegistryError):
    status = 404


class Conflict(RegistryError):
    status = 409


class TooLarge(RegistryError):
    status = 413


class PlanRejected(RegistryError):
    """A plan file with errors: rejected whole; ``errors`` lists ``{row, column, message}``."""

    status = 422

    def __init__(self, message: str, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class Throttled(RegistryError):
    """Too many failed sign-ins; ``retry_after`` in seconds (sent as the Retry-After header)."""

    status = 429

    def __init__(self, message: str, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


