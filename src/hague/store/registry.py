"""The plan registry's service layer: every read and write, with authorization enforced here.

Web pages, the REST API and the CLI call these methods; none of them queries the database directly.

Roles: ``admin`` (alliance staff: sees and manages everything), ``delegate`` (bound to one ally: drafts and
submissions for that ally only) and ``public`` (no account: the alliance aggregate only). Drafts are visible to that
ally's delegates and to admins; submitted plans to every signed-in user. A submission is immutable: there is no
method that changes or deletes one; a new submission is a new version.

Each write is one transaction that also appends its audit entry (:mod:`hague.store.audit`) and locks the audit
chain head first, so writers serialise on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hague.errors import HagueError
from hague.store import audit
from hague.store.db import session_factory
from hague.store.models import (
    REVIEW_OUTCOMES,
    ROLES,
    ApiToken,
    AuditEntry,
    Draft,
    LoginFailure,
    Review,
    Submission,
    User,
    WebSession,
)
from hague.store.security import digest, hash_password, new_api_token, new_secret, verify_password

__all__ = ["Principal", "PUBLIC", "Registry", "RegistryError", "NotSignedIn", "Forbidden", "NotFound", "Conflict",
           "Throttled", "BadCredentials", "PlanRejected", "TooLarge"]


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
    status = 429


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


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _plans():
    try:
        from hague.rules import plans
    except ImportError as exc:  # pragma: no cover - present once the commitments feature is merged
        raise RegistryError("plan assessment is not available in this installation (hague.rules.plans missing)") from exc
    return plans


def _check_ally(code: str) -> str:
    from hague.allies import resolve

    return resolve(code).iso3


@dataclass
class Settings:
    max_upload_bytes: int = 1_000_000
    session_hours: int = 12
    throttle_window_minutes: int = 15
    throttle_user_failures: int = 5
    throttle_client_failures: int = 30


class Registry:
    """All registry operations over one engine."""

    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.settings = settings or Settings()
        self._sessions = session_factory(engine)

    # --- transactions -------------------------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only transaction (on SQLite a deferred BEGIN: it does not wait for or block writers)."""
        with self._sessions() as s, s.begin():
            s.connection(execution_options={"hague_read_only": True})
            yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            audit.lock_chain(s)
            yield s

    # --- authorization helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _require_signed_in(p: Principal) -> None:
        if not p.signed_in:
            raise NotSignedIn("sign in first: this needs an admin or delegate account")

    @classmethod
    def _require_admin(cls, p: Principal) -> None:
        cls._require_signed_in(p)
        if not p.is_admin:
            raise Forbidden(f"user {p.username!r} ({p.role}) may not do this: admins only")

    @classmethod
    def _require_ally(cls, p: Principal, ally: str) -> None:
        """Admins act for every ally, a delegate only for their own."""
        cls._require_signed_in(p)
        if p.is_admin:
            return
        if p.role != "delegate" or p.ally != ally:
            raise Forbidden(f"user {p.username!r} is a delegate of {p.ally or 'no ally'} and may not act for {ally}")

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
            ally = _check_ally(ally)
        elif ally:
            raise RegistryError("only delegates are bound to an ally; leave ally empty for admins")
        if len(password) < 12:
            raise RegistryError("password too short: at least 12 characters")
        pw = hash_password(password)
        try:
            with self._write() as s:
                u = User(username=username, password_hash=pw, role=role, ally=ally, active=True, created_at=_now(),
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
                "must_change_password": u.must_change_password, "created_at": _aware(u.created_at).isoformat()}

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
                    t.revoked_at = _now()
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
        """Check a password; refuses with :class:`Throttled` after too many recent failures for the user or the
        client address (the check costs the same argon2 time whether or not the user exists)."""
        st = self.settings
        since = _now() - timedelta(minutes=st.throttle_window_minutes)
        ukey, ckey = f"user:{username.strip().lower()}", f"client:{client}"
        with self._read() as s:
            def fails(key: str) -> int:
                return s.execute(select(func.count(LoginFailure.id)).where(LoginFailure.key == key,
                                                                           LoginFailure.at >= since)).scalar_one()
            if fails(ukey) >= st.throttle_user_failures or (client and fails(ckey) >= st.throttle_client_failures):
                raise Throttled(f"too many failed sign-ins; try again in {st.throttle_window_minutes} minutes")
            u = s.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
        ok = verify_password(u.password_hash if u else None, password)
        if not ok or u is None or not u.active:
            with self._sessions() as s, s.begin():
                s.add(LoginFailure(key=ukey, at=_now()))
                if client:
                    s.add(LoginFailure(key=ckey, at=_now()))
            raise BadCredentials("wrong username or password")
        with self._sessions() as s, s.begin():
            s.execute(delete(LoginFailure).where(LoginFailure.key == ukey))
        return self._principal(u)

    def create_session(self, p: Principal) -> tuple[str, str]:
        """A new browser session for a signed-in principal: returns (session id, CSRF token)."""
        self._require_signed_in(p)
        sid, csrf = new_secret(), new_secret()
        with self._write() as s:
            s.add(WebSession(id_hash=digest(sid), user_id=p.user_id, csrf_token=csrf, created_at=_now(),
                             expires_at=_now() + timedelta(hours=self.settings.session_hours)))
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
            if _aware(ws.expires_at) < _now() or not u.active:
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
            t = ApiToken(user_id=actor.user_id, name=name, token_hash=digest(tok), prefix=tok[:10], created_at=_now())
            s.add(t)
            s.flush()
            audit.append(s, actor=actor.username, action="token.create", target=f"token:{t.id}", detail={"name": name})
            return tok, self._token_public(t, actor.username)

    @staticmethod
    def _token_public(t: ApiToken, username: str) -> dict:
        return {"id": t.id, "name": t.name, "prefix": t.prefix, "user": username,
                "created_at": _aware(t.created_at).isoformat(),
                "revoked_at": _aware(t.revoked_at).isoformat() if t.revoked_at else None}

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
                t.revoked_at = _now()
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

    # --- drafts -------------------------------------------------------------------------------------------------
    def _check_size(self, content: bytes) -> None:
        if len(content) > self.settings.max_upload_bytes:
            raise TooLarge(f"plan file of {len(content)} bytes is over the limit of "
                           f"{self.settings.max_upload_bytes} bytes")
        if not content:
            raise PlanRejected("plan file is empty", [{"row": None, "column": None, "message": "empty file"}])

    def _parse(self, content: bytes, filename: str, ally: str):
        if filename.lower().endswith(".xlsx"):
            _check_xlsx(content, filename, self.settings.max_upload_bytes)
        plans = _plans()
        try:
            plan = plans.read_plan(content, name=filename)
        except plans.PlanError as exc:
            raise PlanRejected(f"plan {filename} rejected: {exc}", list(getattr(exc, "errors", []) or [])) from exc
        if plan.ally != ally:
            raise PlanRejected(f"plan {filename} is for {plan.ally} but is filed for {ally}",
                               [{"row": None, "column": "ally", "message": f"expected {ally}, found {plan.ally}"}])
        return plan

    @staticmethod
    def _draft_public(d: Draft, with_content: bool = False) -> dict:
        out = {"id": d.id, "ally": d.ally, "plan_year": d.plan_year, "filename": d.filename,
               "created_at": _aware(d.created_at).isoformat(), "updated_at": _aware(d.updated_at).isoformat()}
        if with_content:
            out["content"] = d.content
        return out

    def create_draft(self, actor: Principal, ally: str, filename: str, content: bytes) -> dict:
        """Save a draft for ``ally`` (parsed, so errors show at once; rejected whole if the file has errors)."""
        ally = _check_ally(ally)
        self._require_ally(actor, ally)
        self._check_size(content)
        plan = self._parse(content, filename, ally)
        with self._write() as s:
            d = Draft(ally=ally, plan_year=plan.plan_year, filename=filename[:200], content=content,
                      created_by=actor.user_id, created_at=_now(), updated_at=_now())
            s.add(d)
            s.flush()
            audit.append(s, actor=actor.username, action="draft.create", target=f"draft:{d.id}",
                         detail={"ally": ally, "plan_year": plan.plan_year})
            return self._draft_public(d)

    def _get_draft(self, s: Session, actor: Principal, draft_id: int) -> Draft:
        self._require_signed_in(actor)
        d = s.get(Draft, draft_id)
        # a delegate of another ally learns nothing, not even that the draft exists
        if d is None or not (actor.is_admin or actor.ally == d.ally):
            raise NotFound(f"no draft {draft_id} visible to {actor.username}")
        return d

    def get_draft(self, actor: Principal, draft_id: int, *, with_content: bool = False) -> dict:
        with self._read() as s:
            return self._draft_public(self._get_draft(s, actor, draft_id), with_content)

    def update_draft(self, actor: Principal, draft_id: int, filename: str, content: bytes) -> dict:
        self._check_size(content)
        with self._read() as s:
            ally = self._get_draft(s, actor, draft_id).ally
        self._require_ally(actor, ally)
        plan = self._parse(content, filename, ally)
        with self._write() as s:
            d = self._get_draft(s, actor, draft_id)
            d.filename, d.content, d.plan_year, d.updated_at = filename[:200], content, plan.plan_year, _now()
            audit.append(s, actor=actor.username, action="draft.update", target=f"draft:{d.id}",
                         detail={"ally": d.ally, "plan_year": plan.plan_year})
            return self._draft_public(d)

    def delete_draft(self, actor: Principal, draft_id: int) -> None:
        with self._write() as s:
            d = self._get_draft(s, actor, draft_id)
            self._require_ally(actor, d.ally)
            s.delete(d)
            audit.append(s, actor=actor.username, action="draft.delete", target=f"draft:{draft_id}",
                         detail={"ally": d.ally})

    def list_drafts(self, actor: Principal, ally: str | None = None) -> list[dict]:
        """Drafts the actor may see: a delegate their ally's, an admin all (or one ally's)."""
        self._require_signed_in(actor)
        if ally is not None:
            ally = _check_ally(ally)
            self._require_ally(actor, ally)
        elif not actor.is_admin:
            ally = actor.ally
        with self._read() as s:
            q = select(Draft).order_by(Draft.id.desc())
            if ally is not None:
                q = q.where(Draft.ally == ally)
            return [self._draft_public(d) for d in s.execute(q).scalars()]

    # --- submissions --------------------------------------------------------------------------------------------
    @staticmethod
    def _submission_public(x: Submission, *, full: bool = False) -> dict:
        out = {"id": x.id, "ally": x.ally, "plan_year": x.plan_year, "version": x.version, "verdict": x.verdict,
               "filename": x.filename, "content_sha256": x.content_sha256, "previous_id": x.previous_id,
               "client_ref": x.client_ref, "submitted_at": _aware(x.submitted_at).isoformat()}
        if full:
            out["plan"] = x.plan
            out["assessment"] = x.assessment
        return out

    def submit(self, actor: Principal, ally: str, filename: str, content: bytes, *, client_ref: str | None = None,
               draft_id: int | None = None) -> dict:
        """File a plan for ``ally``: parsed, assessed against the previous submission, stored immutably as the next
        version, audited; all in one transaction. The same ``client_ref`` again returns the stored submission
        (``"replayed": true``) instead of filing a duplicate, so a client may retry safely."""
        ally = _check_ally(ally)
        self._require_ally(actor, ally)
        self._check_size(content)
        if client_ref is not None and not (1 <= len(client_ref) <= 100):
            raise RegistryError("client_ref: 1-100 characters")
        plan = self._parse(content, filename, ally)
        plans = _plans()
        sha = hashlib.sha256(content).hexdigest()
        with self._write() as s:
            if client_ref is not None:
                old = s.execute(select(Submission).where(Submission.ally == ally,
                                                         Submission.client_ref == client_ref)).scalar_one_or_none()
                if old is not None:
                    if old.content_sha256 != sha:
                        raise Conflict(f"client_ref {client_ref!r} was already used for a different plan")
                    return {**self._submission_public(old, full=True), "replayed": True}
            if draft_id is not None:
                d = self._get_draft(s, actor, draft_id)
                if d.ally != ally:
                    raise NotFound(f"no draft {draft_id} for {ally}")
            prev = s.execute(select(Submission).where(Submission.ally == ally, Submission.plan_year == plan.plan_year)
                             .order_by(Submission.version.desc()).limit(1)).scalar_one_or_none()
            if prev is None:  # slippage is judged against the latest earlier plan of the ally, whatever its year
                prev = s.execute(select(Submission).where(Submission.ally == ally)
                                 .order_by(Submission.plan_year.desc(), Submission.version.desc())
                                 .limit(1)).scalar_one_or_none()
            previous_plan = plans.read_plan(prev.content, name=prev.filename) if prev is not None else None
            assessment = plans.assess(plan, previous=previous_plan)
            version = (s.execute(select(func.max(Submission.version)).where(
                Submission.ally == ally, Submission.plan_year == plan.plan_year)).scalar_one() or 0) + 1
            x = Submission(ally=ally, plan_year=plan.plan_year, version=version, client_ref=client_ref,
                           filename=filename[:200], content=content, content_sha256=sha, plan=plan.to_dict(),
                           assessment=assessment.to_dict(), verdict=str(assessment.verdict),
                           previous_id=prev.id if prev is not None else None, submitted_by=actor.user_id,
                           submitted_at=_now())
            s.add(x)
            s.flush()
            if draft_id is not None:
                s.delete(d)
            audit.append(s, actor=actor.username, action="plan.submit", target=f"submission:{x.id}",
                         detail={"ally": ally, "plan_year": plan.plan_year, "version": version,
                                 "content_sha256": sha, "verdict": x.verdict, "client_ref": client_ref,
                                 "from_draft": draft_id})
            return {**self._submission_public(x, full=True), "replayed": False}

    def submit_draft(self, actor: Principal, draft_id: int, *, client_ref: str | None = None) -> dict:
        d = self.get_draft(actor, draft_id, with_content=True)
        return self.submit(actor, d["ally"], d["filename"], d["content"], client_ref=client_ref, draft_id=draft_id)

    def list_submissions(self, actor: Principal, *, ally: str | None = None, limit: int = 100,
                         offset: int = 0) -> tuple[list[dict], int]:
        """Submitted plans (every signed-in user), newest first; returns (page, total)."""
        self._require_signed_in(actor)
        with self._read() as s:
            q = select(Submission)
            cq = select(func.count(Submission.id))
            if ally is not None:
                ally = _check_ally(ally)
                q, cq = q.where(Submission.ally == ally), cq.where(Submission.ally == ally)
            total = s.execute(cq).scalar_one()
            rows = s.execute(q.order_by(Submission.id.desc()).limit(limit).offset(offset)).scalars()
            return [self._submission_public(x) for x in rows], total

    def get_submission(self, actor: Principal, submission_id: int) -> dict:
        self._require_signed_in(actor)
        with self._read() as s:
            x = s.get(Submission, submission_id)
            if x is None:
                raise NotFound(f"no submission {submission_id}")
            out = self._submission_public(x, full=True)
            prev = s.get(Submission, x.previous_id) if x.previous_id else None
            out["diff"] = plan_diff(prev.plan if prev else None, x.plan)
            out["reviews"] = [
                {"id": r.id, "reviewer": un, "outcome": r.outcome, "comment": r.comment,
                 "created_at": _aware(r.created_at).isoformat()}
                for r, un in s.execute(select(Review, User.username).join(User, User.id == Review.reviewer_id)
                                       .where(Review.submission_id == x.id).order_by(Review.id))]
            out["previous"] = self._submission_public(prev) if prev else None
            return out

    def add_review(self, actor: Principal, submission_id: int, outcome: str, comment: str) -> dict:
        """Alliance staff (admins) record their review of a submission; visible to every signed-in user."""
        self._require_admin(actor)
        if outcome not in REVIEW_OUTCOMES:
            raise RegistryError(f"review outcome {outcome!r} unknown; accepted: {', '.join(REVIEW_OUTCOMES)}")
        comment = (comment or "").strip()
        if len(comment) > 4000:
            raise RegistryError("review comment too long: at most 4000 characters")
        with self._write() as s:
            if s.get(Submission, submission_id) is None:
                raise NotFound(f"no submission {submission_id}")
            r = Review(submission_id=submission_id, reviewer_id=actor.user_id, outcome=outcome, comment=comment,
                       created_at=_now())
            s.add(r)
            s.flush()
            audit.append(s, actor=actor.username, action="plan.review", target=f"submission:{submission_id}",
                         detail={"review": r.id, "outcome": outcome,
                                 "comment_sha256": hashlib.sha256(comment.encode()).hexdigest()})
            return {"id": r.id, "reviewer": actor.username, "outcome": outcome, "comment": comment,
                    "created_at": _aware(r.created_at).isoformat()}

    def get_submission_file(self, actor: Principal, submission_id: int) -> tuple[str, bytes]:
        self._require_signed_in(actor)
        with self._read() as s:
            x = s.get(Submission, submission_id)
            if x is None:
                raise NotFound(f"no submission {submission_id}")
            return x.filename, x.content

    def latest_by_ally(self, actor: Principal) -> list[dict]:
        """Every ally with its latest submission (or none): the staff overview of the plans (signed-in users)."""
        self._require_signed_in(actor)
        from hague.allies import all_allies

        with self._read() as s:
            latest = (select(Submission.ally, func.max(Submission.id).label("mid")).group_by(Submission.ally)
                      .subquery())
            subs = {x.ally: x for x in s.execute(select(Submission).join(latest, Submission.id == latest.c.mid))
                    .scalars()}
            counts = dict(s.execute(select(Submission.ally, func.count()).group_by(Submission.ally)).all())
        return [{"ally": a.iso3, "name": a.name, "submissions": counts.get(a.iso3, 0),
                 "latest": self._submission_public(subs[a.iso3]) if a.iso3 in subs else None}
                for a in all_allies()]

    def public_summary(self) -> dict:
        """What the public sees: alliance-level counts of the latest submission per ally, by verdict."""
        with self._read() as s:
            latest = (select(Submission.ally, func.max(Submission.id).label("mid")).group_by(Submission.ally)
                      .subquery())
            rows = s.execute(select(Submission.verdict, func.count()).join(latest, Submission.id == latest.c.mid)
                             .group_by(Submission.verdict)).all()
            total = s.execute(select(func.count(Submission.id))).scalar_one()
        by = {v: n for v, n in rows}
        return {"allies_with_a_plan": sum(by.values()), "latest_plans_by_verdict": dict(sorted(by.items())),
                "submissions_total": total}

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


def _check_xlsx(content: bytes, filename: str, limit: int) -> None:
    """Refuse an XLSX whose zip members would inflate far beyond the upload limit (a "zip bomb") before any reader
    decompresses it."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile as exc:
        raise PlanRejected(f"plan {filename} is not a valid .xlsx file (not a zip archive)",
                           [{"row": None, "column": None, "message": "not an xlsx (zip) file"}]) from exc
    if inflated > 50 * max(limit, 1_000_000):
        raise TooLarge(f"plan {filename} would unpack to {inflated} bytes; refused (at most "
                       f"{50 * max(limit, 1_000_000)} bytes unpacked)")


def plan_diff(old: dict | None, new: dict) -> list[dict]:
    """Year-by-year differences of every numeric field between two stored plans (``plan.to_dict()``).

    >>> plan_diff({"rows": [{"year": 2030, "core_share_gdp": 3.0}]}, {"rows": [{"year": 2030, "core_share_gdp": 2.8}]})
    [{'year': 2030, 'field': 'core_share_gdp', 'previous': 3.0, 'current': 2.8, 'change': -0.2, 'slippage': True}]
    """
    if not old:
        return []
    from hague.rules.plans import is_slippage  # slippage is defined once, in the credible-path test

    def by_year(p: dict) -> dict:
        return {r.get("year"): r for r in (p.get("rows") or []) if isinstance(r, dict)}

    a, b = by_year(old), by_year(new)
    out = []
    for year in sorted(set(a) | set(b), key=lambda y: (y is None, y)):
        ra, rb = a.get(year, {}), b.get(year, {})
        for k in sorted(set(ra) | set(rb)):
            if k in ("year", "ally"):
                continue
            va, vb = ra.get(k), rb.get(k)
            num = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (va, vb) if v is not None)
            if va == vb or not num:
                continue
            change = round(vb - va, 10) if va is not None and vb is not None else None
            out.append({"year": year, "field": k, "previous": va, "current": vb, "change": change,
                        "slippage": is_slippage(k, va, vb)})
    return out
