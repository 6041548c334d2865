"""Accounts: users, sign-in with throttling, browser sessions and API tokens.

Passwords are argon2 hashes; session ids and API tokens are stored as SHA-256 digests only.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from hague.store import audit
from hague.store.base import RegistryBase, aware, check_ally, now
from hague.store.errors import BadCredentials, Conflict, NotFound, NotSignedIn, RegistryError, Throttled
from hague.store.models import ROLES, ApiToken, LoginFailure, User, WebSession
from hague.store.principal import PUBLIC, Principal
from hague.store.security import digest, hash_password, new_api_token, new_secret, verify_password

__all__ = ["Accounts"]


class Accounts(RegistryBase):
    """Users, sign-in, sessions and API tokens (a part of :class:`hague.store.registry.Registry`)."""

    # --- users --------------------------------------------------------------------------------------------------
    def create_user(self, actor: Principal | None, username: str, password: str, role: str, ally: str | None = None,
                    *, must_change_password: bool = False) -> dict:
        """Create an account. ``actor=None`` means the operator (CLI / first start), otherwise admins only.

        ``must_change_password``: the password was generated or handed over, so the user must replace it at the
        first sign-in before using the registry pages."""
        if actor is not None:
            self._require_admin(actor)
        username = username.strip()
        if not (3 <= len(username) <= 64) or not all(c.isalnum() or c in "._-@" for c in username):
            raise RegistryError(f"username {username!r}: 3-64 characters, letters, digits and . _ - @ only")
        if role not in ROLES:
            raise RegistryError(f"role {role!r} unknown; accepted: {', '.join(ROLES)}")
        if role == "delegate":
            if not ally:
                raise RegistryError("a delegate needs an ally (ISO3 code, e.g. POL)")
            ally = check_ally(ally)
        elif ally:
            raise RegistryError("only delegates are bound to an ally; leave ally empty for admins")
        if len(password) < 12:
            raise RegistryError("password too short: at least 12 characters")
        pw = hash_password(password)
        try:
            with self._write() as s:
                u = User(username=username, password_hash=pw, role=role, ally=ally, active=True, created_at=now(),
                         must_change_password=must_change_password)
                s.add(u)
                s.flush()
                audit.append(s, actor=actor.username if actor else "operator", action="user.create",
                             target=f"user:{username}", detail={"role": role, "ally": ally})
                return self._user_public(u)
        except IntegrityError as exc:
            raise Conflict(f"user {username!r} already exists") from exc

    @staticmethod
    def _user_public(u: User) -> dict:
        return {"id": u.id, "username": u.username, "role": u.role, "ally": u.ally, "active": u.active,
                "must_change_password": u.must_change_password, "created_at": aware(u.created_at).isoformat()}

    def list_users(self, actor: Principal) -> list[dict]:
        self._require_admin(actor)
        with self._read() as s:
            return [self._user_public(u) for u in s.execute(select(User).order_by(User.username)).scalars()]

    def count_users(self) -> int:
        with self._read() as s:
            return s.execute(select(func.count(User.id))).scalar_one()

    def update_user(self, actor: Principal | None, username: str, *, active: bool | None = None,
                    password: str | None = None) -> dict:
        """Deactivate/reactivate or reset a password (admins or the operator); ends the user's sessions and tokens
        when deactivated or when the password changes."""
        if actor is not None:
            self._require_admin(actor)
        if password is not None and len(password) < 12:
            raise RegistryError("password too short: at least 12 characters")
        pw = hash_password(password) if password is not None else None
        with self._write() as s:
            u = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if u is None:
                raise NotFound(f"no user {username!r}")
            changes = {}
            if active is not None and active != u.active:
                u.active = active
                changes["active"] = active
            if pw is not None:
                u.password_hash = pw
                u.must_change_password = True  # someone else chose it: the user replaces it at next sign-in
                changes["password"] = "reset"
            if changes.get("active") is False or "password" in changes:
                s.execute(delete(WebSession).where(WebSession.user_id == u.id))
                for t in s.execute(select(ApiToken).where(ApiToken.user_id == u.id,
                                                          ApiToken.revoked_at.is_(None))).scalars():
                    t.revoked_at = now()
            audit.append(s, actor=actor.username if actor else "operator", action="user.update",
                         target=f"user:{username}", detail=changes)
            return self._user_public(u)

    def change_password(self, actor: Principal, current: str, new: str, *, keep_session: str | None = None) -> None:
        """A user replaces their own password (the current one is checked; throttled like a sign-in). Every other
        session of the user ends; API tokens stay valid."""
        self._require_signed_in(actor)
        if len(new) < 12:
            raise RegistryError("new password too short: at least 12 characters")
        if new == current:
            raise RegistryError("the new password must differ from the current one")
        self.authenticate(actor.username, current)
        pw = hash_password(new)
        with self._write() as s:
            u = s.get(User, actor.user_id)
            u.password_hash, u.must_change_password = pw, False
            q = delete(WebSession).where(WebSession.user_id == u.id)
            if keep_session:
                q = q.where(WebSession.id_hash != digest(keep_session))
            s.execute(q)
            audit.append(s, actor=actor.username, action="user.password", target=f"user:{u.username}")

    def principal_for(self, username: str) -> Principal:
        """The principal of an active account (operator use, e.g. ``hague users token``)."""
        with self._read() as s:
            u = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if u is None or not u.active:
            raise NotFound(f"no active user {username!r}")
        return self._principal(u)

    @staticmethod
    def _principal(u: User) -> Principal:
        return Principal(u.id, u.username, u.role, u.ally, bool(u.must_change_password))

    # --- sign-in, sessions, throttling --------------------------------------------------------------------------
    def authenticate(self, username: str, password: str, *, client: str = "") -> Principal:
        """Check a password, throttled per (username, client) and per client; never per account alone.

        The first ``throttle_pair_failures`` failures of a username from one client are free; each further one
        makes that client wait ``2 ** (n - free)`` seconds (at most the window) before it may try that username
        again. A client has ``throttle_client_failures`` failures per window across all usernames. Failures from
        other clients never lock the account out, so nobody can keep a delegation (or the admin) from signing in
        by guessing its password. The check costs the same argon2 time whether or not the user exists."""
        st = self.settings
        t = now()
        since = t - timedelta(minutes=st.throttle_window_minutes)
        pkey, ckey = f"pair:{username.strip().lower()}|{client}"[:200], f"client:{client}"[:200]
        with self._read() as s:
            def fails(key: str) -> tuple[int, object]:
                n, last = s.execute(select(func.count(LoginFailure.id), func.max(LoginFailure.at))
                                    .where(LoginFailure.key == key, LoginFailure.at >= since)).one()
                return n, last
            n, last = fails(pkey)
            if n >= st.throttle_pair_failures and last is not None:
                wait = min(2 ** (n - st.throttle_pair_failures), st.throttle_window_minutes * 60)
                left = (aware(last) + timedelta(seconds=wait) - t).total_seconds()
                if left > 0:
                    raise Throttled(f"too many failed sign-ins for {username.strip()!r} from here; try again in "
                                    f"{max(1, round(left))} s", retry_after=max(1, round(left)))
            if client:
                cn, _ = fails(ckey)
                if cn >= st.throttle_client_failures:
                    raise Throttled(f"too many failed sign-ins from this address; try again in "
                                    f"{st.throttle_window_minutes} minutes", retry_after=st.throttle_window_minutes * 60)
            u = s.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
        ok = verify_password(u.password_hash if u else None, password)
        if not ok or u is None or not u.active:
            with self._sessions() as s, s.begin():
                s.add(LoginFailure(key=pkey, at=now()))
                if client:
                    s.add(LoginFailure(key=ckey, at=now()))
                s.execute(delete(LoginFailure).where(LoginFailure.at < since))  # keep the table small
            raise BadCredentials("wrong username or password")
        with self._sessions() as s, s.begin():
            s.execute(delete(LoginFailure).where(LoginFailure.key == pkey))
        return self._principal(u)

    def create_session(self, p: Principal) -> tuple[str, str]:
        """A new browser session for a signed-in principal: returns (session id, CSRF token)."""
        self._require_signed_in(p)
        sid, csrf = new_secret(), new_secret()
        with self._write() as s:
            s.add(WebSession(id_hash=digest(sid), user_id=p.user_id, csrf_token=csrf, created_at=now(),
                             expires_at=now() + timedelta(hours=self.settings.session_hours)))
            audit.append(s, actor=p.username, action="session.create", target=f"user:{p.username}")
        return sid, csrf

    def session_principal(self, sid: str | None) -> tuple[Principal, str | None]:
        """(principal, CSRF token) for a session id; the public and ``None`` when unknown or expired."""
        if not sid:
            return PUBLIC, None
        with self._read() as s:
            row = s.execute(select(WebSession, User).join(User, User.id == WebSession.user_id)
                            .where(WebSession.id_hash == digest(sid))).first()
            if row is None:
                return PUBLIC, None
            ws, u = row
            if aware(ws.expires_at) < now() or not u.active:
                return PUBLIC, None
            return self._principal(u), ws.csrf_token

    def end_session(self, sid: str | None) -> None:
        if not sid:
            return
        with self._write() as s:
            ws = s.get(WebSession, digest(sid))
            if ws is not None:
                u = s.get(User, ws.user_id)
                s.delete(ws)
                audit.append(s, actor=u.username if u else "?", action="session.end",
                             target=f"user:{u.username if u else '?'}")

    # --- API tokens ---------------------------------------------------------------------------------------------
    def create_token(self, actor: Principal, name: str) -> tuple[str, dict]:
        """A new API token for the signed-in user; the secret is returned once and stored only as a digest."""
        self._require_signed_in(actor)
        name = (name or "").strip()[:100] or "token"
        tok = new_api_token()
        with self._write() as s:
            t = ApiToken(user_id=actor.user_id, name=name, token_hash=digest(tok), prefix=tok[:10], created_at=now())
            s.add(t)
            s.flush()
            audit.append(s, actor=actor.username, action="token.create", target=f"token:{t.id}", detail={"name": name})
            return tok, self._token_public(t, actor.username)

    @staticmethod
    def _token_public(t: ApiToken, username: str) -> dict:
        return {"id": t.id, "name": t.name, "prefix": t.prefix, "user": username,
                "created_at": aware(t.created_at).isoformat(),
                "revoked_at": aware(t.revoked_at).isoformat() if t.revoked_at else None}

    def list_tokens(self, actor: Principal) -> list[dict]:
        """Own tokens; admins see everyone's."""
        self._require_signed_in(actor)
        with self._read() as s:
            q = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
            if not actor.is_admin:
                q = q.where(ApiToken.user_id == actor.user_id)
            return [self._token_public(t, un) for t, un in s.execute(q)]

    def revoke_token(self, actor: Principal, token_id: int) -> dict:
        self._require_signed_in(actor)
        with self._write() as s:
            t = s.get(ApiToken, token_id)
            if t is None or (t.user_id != actor.user_id and not actor.is_admin):
                raise NotFound(f"no token {token_id} of yours")
            if t.revoked_at is None:
                t.revoked_at = now()
                audit.append(s, actor=actor.username, action="token.revoke", target=f"token:{t.id}")
            u = s.get(User, t.user_id)
            return self._token_public(t, u.username if u else "?")

    def token_principal(self, token: str | None) -> Principal:
        """The principal of a bearer token; raises :class:`NotSignedIn` for an unknown or revoked token."""
        if not token:
            return PUBLIC
        with self._read() as s:
            row = s.execute(select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                            .where(ApiToken.token_hash == digest(token))).first()
        if row is None or row[0].revoked_at is not None or not row[1].active:
            raise NotSignedIn("API token unknown or revoked")
        return self._principal(row[1])

