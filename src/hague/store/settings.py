"""Settings of the plan registry (limits and sign-in throttling), defined once; the web app fills them from its own
typed settings (:class:`hague.web.settings.Settings`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Settings"]


@dataclass
class Settings:
    """``throttle_pair_failures`` failed sign-ins of one username from one client are free; after that each further
    attempt from that client waits ``2 ** (n - throttle_pair_failures)`` seconds (at most the window). One client
    gets ``throttle_client_failures`` failures per window across all usernames. Nobody else's failures ever lock an
    account: there is no per-account lockout."""

    max_upload_bytes: int = 1_000_000
    session_hours: int = 12
    throttle_window_minutes: int = 15
    throttle_pair_failures: int = 5
    throttle_client_failures: int = 30
    #: an xlsx may unpack (per its zip directory) to at most this many bytes
    max_unpacked_bytes: int = 20_000_000
    #: CPU seconds an xlsx may take to read before it is refused
    max_parse_cpu_seconds: float = 2.0
