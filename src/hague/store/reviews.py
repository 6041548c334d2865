"""Reviews: alliance staff (admins) record the outcome of their review of a submission."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hague.store import audit
from hague.store.base import RegistryBase, aware, now
from hague.store.errors import NotFound, RegistryError
from hague.store.models import REVIEW_OUTCOMES, Review, Submission
from hague.store.principal import Principal

__all__ = ["Reviews", "review_status"]


class Reviews(RegistryBase):
    """Reviews of submissions (a part of :class:`hague.store.registry.Registry`)."""

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
                       created_at=now())
            s.add(r)
            s.flush()
            audit.append(s, actor=actor.username, action="plan.review", target=f"submission:{submission_id}",
                         detail={"review": r.id, "outcome": outcome,
                                 "comment_sha256": hashlib.sha256(comment.encode()).hexdigest()})
            return {"id": r.id, "reviewer": actor.username, "outcome": outcome, "comment": comment,
                    "created_at": aware(r.created_at).isoformat()}




def review_status(s: Session, submission_ids: list[int]) -> dict[int, str]:
    """The latest review outcome of each submission that has one (lists show it beside the verdict)."""
    if not submission_ids:
        return {}
    last = (select(Review.submission_id, func.max(Review.id).label("rid")).where(Review.submission_id.in_(submission_ids))
            .group_by(Review.submission_id).subquery())
    return dict(s.execute(select(Review.submission_id, Review.outcome).join(last, Review.id == last.c.rid)).all())
