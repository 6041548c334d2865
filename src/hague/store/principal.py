"""Who is acting (a signed-in user or the public) and the authorization rules every registry method applies.

Roles: ``admin`` (alliance staff: sees and manages everything), ``delegate`` (bound to one ally: drafts and
submissions for that ally only) and ``public`` (no account: the alliance aggregate only).
"""

from __future__ import annotations

from dataclasses import dataclass

from hague.store.errors import Forbidden, NotSignedIn

__all__ = ["Principal", "PUBLIC", "require_signed_in", "require_admin", "require_ally"]


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user or the public."""

    user_id: int | None
    username: str
    role: str  # admin | delegate | public
    ally: str | None = None
    must_change_password: bool = False

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


PUBLIC = Principal(None, "public", "public", None)



def require_signed_in(p: Principal) -> None:
    if not p.signed_in:
        raise NotSignedIn("sign in first: this needs an admin or delegate account")


def require_admin(p: Principal) -> None:
    require_signed_in(p)
    if not p.is_admin:
        raise Forbidden(f"user {p.username!r} ({p.role}) may not do this: admins only")


def require_ally(p: Principal, ally: str) -> None:
    """Admins act for every ally, a delegate only for their own."""
    require_signed_in(p)
    if p.is_admin:
        return
    if p.role != "delegate" or p.ally != ally:
        raise Forbidden(f"user {p.username!r} is a delegate of {p.ally or 'no ally'} and may not act for {ally}")
