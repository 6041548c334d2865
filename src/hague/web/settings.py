"""Typed settings of the web app, defined once (environment variables ``HAGUE_*``)."""

from __future__ import annotations

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hague.data import DEFAULT_DATASET, resolve_edition


class Settings(BaseSettings):
    """Every setting has a safe default, so ``hague serve`` runs with no configuration.

    Environment: ``HAGUE_DATABASE_URL``, ``HAGUE_ADMIN_PASSWORD`` (first admin's password), ``HAGUE_COOKIE_SECURE``
    (set to true behind HTTPS), ``HAGUE_MAX_UPLOAD_BYTES``, ...
    """

    model_config = SettingsConfigDict(env_prefix="HAGUE_", extra="ignore")

    database_url: str | None = None  # default: sqlite in the user data directory
    migrate: bool = True  # apply migrations at start
    admin_username: str = "admin"
    admin_password: SecretStr | None = None
    cookie_secure: bool = False
    session_hours: int = 12
    max_upload_bytes: int = 1_000_000
    throttle_window_minutes: int = 15
    throttle_pair_failures: int = 5
    throttle_client_failures: int = 30
    edition: str = DEFAULT_DATASET  # HAGUE_EDITION: dataset id or edition name (see hague.data.resolve_edition)
    pool_size: int = 10
    #: simulations (``/api/v1/simulate``) computed at once per worker, waiting at most, and running per client;
    #: beyond these the answer is 429 with Retry-After (identical requests come from the cache)
    simulate_slots: int = 1
    simulate_queue: int = 6
    simulate_per_client: int = 2
    #: the longest a simulation request waits for its answer (then 429: the result is cached for the next request)
    simulate_max_seconds: float = 8.0
    #: compute simulations in separate processes (pages stay responsive while they run); false: worker threads
    simulate_processes: bool = True
    #: addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated IPs or
    #: CIDR ranges, e.g. "10.0.0.5"); empty (the default): forwarded headers are ignored and the client is the
    #: socket's peer, so nobody can pick the address the sign-in throttle counts
    trusted_proxies: str = ""

    @field_validator("edition")
    @classmethod
    def _edition(cls, v: str) -> str:
        """An edition name or year (``2026``, ``NATO-2025``) becomes its dataset id; unknown ones are an error."""
        return resolve_edition(v)
