"""The plan registry's service layer: every read and write, with authorization enforced here.

Web pages, the REST API and the CLI call these methods; none of them queries the database directly.
:class:`Registry` is assembled from parts with one job each:

- :mod:`hague.store.accounts` — users, sign-in throttling, browser sessions, API tokens;
- :mod:`hague.store.plans` — drafts and immutable, versioned submissions (:mod:`hague.store.planfile` reads the
  uploaded files);
- :mod:`hague.store.reviews` — alliance staff's reviews of submissions;
- the audit log (below; the chain itself is :mod:`hague.store.audit`);
- :mod:`hague.store.settings` (limits), :mod:`hague.store.principal` (who acts, the authorization rules),
  :mod:`hague.store.errors` (one error class per HTTP status).

Roles: ``admin`` (alliance staff: sees and manages everything), ``delegate`` (bound to one ally: drafts and
submissions for that ally only) and ``public`` (no account: the alliance aggregate only). Drafts are visible to that
ally's delegates and to admins; submitted plans to every signed-in user. A submission is immutable.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hague.store import audit
from hague.store.accounts import Accounts
from hague.store.errors import (
    BadCredentials,
    Conflict,
    Forbidden,
    NotFound,
    NotSignedIn,
    PlanRejected,
    RegistryError,
    Throttled,
    TooLarge,
)
from hague.store.models import AuditEntry
from hague.store.plans import Plans, plan_diff
from hague.store.principal import PUBLIC, Principal
from hague.store.reviews import Reviews
from hague.store.settings import Settings

__all__ = ["Principal", "PUBLIC", "Registry", "Settings", "RegistryError", "NotSignedIn", "Forbidden", "NotFound",
           "Conflict", "Throttled", "BadCredentials", "PlanRejected", "TooLarge", "plan_diff"]


class Registry(Accounts, Plans, Reviews):
    """All registry operations over one engine (``Registry(engine, Settings(...))``)."""

    # --- audit --------------------------------------------------------------------------------------------------
    def audit_log(self, actor: Principal, *, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
        self._require_admin(actor)
        with self._read() as s:
            total = s.execute(select(func.count(AuditEntry.seq))).scalar_one()
            rows = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)).scalars()
            return [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
                     "detail": e.detail, "hash": e.hash} for e in rows], total

    def verify_audit(self, actor: Principal | None) -> audit.AuditReport:
        """Recompute the audit chain: admins, or the operator (``actor=None``, e.g. ``hague audit verify``)."""
        if actor is not None:
            self._require_admin(actor)
        with self._read() as s:
            return audit.verify(s)
