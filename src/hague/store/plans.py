"""Plans: drafts (mutable, one ally's delegates and admins) and submissions (immutable, versioned per ally and
plan year, assessed against the previous one). A new submission is a new version; nothing changes or deletes one.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hague.store import audit
from hague.store.base import RegistryBase, aware, check_ally, now
from hague.store.errors import Conflict, NotFound, RegistryError
from hague.store.models import Draft, Review, Submission, User
from hague.store.planfile import check_size, parse_plan, read_stored
from hague.store.principal import Principal
from hague.store.reviews import review_status

__all__ = ["Plans", "plan_diff"]


class _Stale(Exception):
    """The ally's latest submission changed between assessment and insert (retried)."""


class Plans(RegistryBase):
    """Drafts and submissions (a part of :class:`hague.store.registry.Registry`)."""

    # --- drafts -------------------------------------------------------------------------------------------------
    def _parse(self, content: bytes, filename: str, ally: str):
        """(plan, notes): see :func:`hague.store.planfile.parse_plan`."""
        return parse_plan(content, filename, ally, self.settings)

    def _previous_plan(self, sha: str, content: bytes, filename: str):
        """A stored plan, read once per process (stored files never change)."""
        cache = self.__dict__.setdefault("_stored_plans", {})
        key = (sha, filename)
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[key] = read_stored(content, filename, self.settings)
        return cache[key]

    @staticmethod
    def _draft_public(d: Draft, with_content: bool = False) -> dict:
        out = {"id": d.id, "ally": d.ally, "plan_year": d.plan_year, "filename": d.filename,
               "created_at": aware(d.created_at).isoformat(), "updated_at": aware(d.updated_at).isoformat()}
        if with_content:
            out["content"] = d.content
        return out

    def create_draft(self, actor: Principal, ally: str, filename: str, content: bytes) -> dict:
        """Save a draft for ``ally`` (parsed, so errors show at once; rejected whole if the file has errors)."""
        ally = check_ally(ally)
        self._require_ally(actor, ally)
        plan, _notes = self._parse(content, filename, ally)
        with self._write() as s:
            d = Draft(ally=ally, plan_year=plan.plan_year, filename=filename[:200], content=content,
                      created_by=actor.user_id, created_at=now(), updated_at=now())
            s.add(d)
            s.flush()
            audit.append(s, actor=actor.username, action="draft.create", target=f"draft:{d.id}",
                         detail={"ally": ally, "plan_year": plan.plan_year})
            return {**self._draft_public(d), "notes": _notes}

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

    def read_draft(self, actor: Principal, draft_id: int) -> tuple[dict, list[str]]:
        """(the draft's plan as read, ``plan.to_dict()``; notes on how its file was read)."""
        d = self.get_draft(actor, draft_id, with_content=True)
        plan, notes = self._parse(d["content"], d["filename"], d["ally"])
        return plan.to_dict(), notes

    def update_draft(self, actor: Principal, draft_id: int, filename: str, content: bytes) -> dict:
        check_size(content, self.settings.max_upload_bytes)
        with self._read() as s:
            ally = self._get_draft(s, actor, draft_id).ally
        self._require_ally(actor, ally)
        plan, _notes = self._parse(content, filename, ally)
        with self._write() as s:
            d = self._get_draft(s, actor, draft_id)
            d.filename, d.content, d.plan_year, d.updated_at = filename[:200], content, plan.plan_year, now()
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
            ally = check_ally(ally)
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
               "client_ref": x.client_ref, "submitted_at": aware(x.submitted_at).isoformat()}
        if full:
            out["plan"] = x.plan
            out["assessment"] = x.assessment
        return out

    def submit(self, actor: Principal, ally: str, filename: str, content: bytes, *, client_ref: str | None = None,
               draft_id: int | None = None) -> dict:
        """File a plan for ``ally``: parsed, assessed against the previous submission, stored immutably as the next
        version, audited. The same ``client_ref`` again returns the stored submission (``"replayed": true``) instead
        of filing a duplicate, so a client may retry safely.

        Reading and assessing happen outside the write transaction; the write then checks that the previous
        submission is still the latest (else it assesses again), so the database lock is held only for the insert
        and the audit entry."""
        ally = check_ally(ally)
        self._require_ally(actor, ally)
        check_size(content, self.settings.max_upload_bytes)
        if client_ref is not None and not (1 <= len(client_ref) <= 100):
            raise RegistryError("client_ref: 1-100 characters")
        plan, notes = self._parse(content, filename, ally)
        from hague.rules import plans

        sha = hashlib.sha256(content).hexdigest()
        for _attempt in range(20):
            with self._read() as s:
                if client_ref is not None:
                    old = self._replay(s, ally, client_ref, sha)
                    if old is not None:
                        return old
                prev = self._latest(s, ally, plan.plan_year)
                prev_key = (prev.id, prev.content_sha256, prev.content, prev.filename) if prev is not None else None
            previous_plan = self._previous_plan(*prev_key[1:]) if prev_key else None
            assessment = plans.assess(plan, previous=previous_plan)
            prev_id = prev_key[0] if prev_key else None

            def insert(s: Session, prev_id=prev_id, assessment=assessment) -> dict:
                if client_ref is not None:
                    old = self._replay(s, ally, client_ref, sha)
                    if old is not None:
                        return old
                prev = self._latest(s, ally, plan.plan_year)
                if (prev.id if prev is not None else None) != prev_id:
                    raise _Stale()  # another version was filed meanwhile: assess against it
                if draft_id is not None:
                    d = self._get_draft(s, actor, draft_id)
                    if d.ally != ally:
                        raise NotFound(f"no draft {draft_id} for {ally}")
                version = (s.execute(select(func.max(Submission.version)).where(
                    Submission.ally == ally, Submission.plan_year == plan.plan_year)).scalar_one() or 0) + 1
                x = Submission(ally=ally, plan_year=plan.plan_year, version=version, client_ref=client_ref,
                               filename=filename[:200], content=content, content_sha256=sha, plan=plan.to_dict(),
                               assessment=assessment.to_dict(), verdict=str(assessment.verdict),
                               previous_id=prev_id, submitted_by=actor.user_id, submitted_at=now())
                s.add(x)
                s.flush()
                if draft_id is not None:
                    s.delete(d)
                audit.append(s, actor=actor.username, action="plan.submit", target=f"submission:{x.id}",
                             detail={"ally": ally, "plan_year": plan.plan_year, "version": version,
                                     "content_sha256": sha, "verdict": x.verdict, "client_ref": client_ref,
                                     "from_draft": draft_id})
                return {**self._submission_public(x, full=True), "replayed": False, "notes": notes}

            try:
                return self._write_job(insert)
            except _Stale:
                continue
        raise Conflict(f"{ally}'s plan changed 20 times while this one was being assessed; submit it again")

    def _replay(self, s: Session, ally: str, client_ref: str, sha: str) -> dict | None:
        old = s.execute(select(Submission).where(Submission.ally == ally,
                                                 Submission.client_ref == client_ref)).scalar_one_or_none()
        if old is None:
            return None
        if old.content_sha256 != sha:
            raise Conflict(f"client_ref {client_ref!r} was already used for a different plan")
        return {**self._submission_public(old, full=True), "replayed": True}

    @staticmethod
    def _latest(s: Session, ally: str, plan_year: int) -> Submission | None:
        """The submission a new one is compared with: the latest of the same plan year, else the latest earlier plan
        of the ally whatever its year (slippage is judged against it)."""
        prev = s.execute(select(Submission).where(Submission.ally == ally, Submission.plan_year == plan_year)
                         .order_by(Submission.version.desc()).limit(1)).scalar_one_or_none()
        if prev is None:
            prev = s.execute(select(Submission).where(Submission.ally == ally)
                             .order_by(Submission.plan_year.desc(), Submission.version.desc())
                             .limit(1)).scalar_one_or_none()
        return prev

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
                ally = check_ally(ally)
                q, cq = q.where(Submission.ally == ally), cq.where(Submission.ally == ally)
            total = s.execute(cq).scalar_one()
            rows = list(s.execute(q.order_by(Submission.id.desc()).limit(limit).offset(offset)).scalars())
            reviewed = review_status(s, [x.id for x in rows])
            return [{**self._submission_public(x), "review": reviewed.get(x.id)} for x in rows], total

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
                 "created_at": aware(r.created_at).isoformat()}
                for r, un in s.execute(select(Review, User.username).join(User, User.id == Review.reviewer_id)
                                       .where(Review.submission_id == x.id).order_by(Review.id))]
            out["previous"] = self._submission_public(prev) if prev else None
            return out

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
            reviewed = review_status(s, [x.id for x in subs.values()])
        return [{"ally": a.iso3, "name": a.name, "submissions": counts.get(a.iso3, 0),
                 "latest": {**self._submission_public(subs[a.iso3]), "review": reviewed.get(subs[a.iso3].id)}
                 if a.iso3 in subs else None}
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
