"""The append-only audit log, each entry chained to the previous one by SHA-256.

``hash = sha256(canonical JSON of [seq, at, actor, action, target, detail, prev_hash])``; the first entry's
``prev_hash`` is 64 zeros. The single ``audit_head`` row holds the last sequence number and hash; it is locked
(``SELECT ... FOR UPDATE``) by every writing transaction, so entries are appended one at a time on PostgreSQL as
on SQLite. :func:`verify` recomputes the chain and detects an altered, inserted or removed row (a removed tail row
shows as a head mismatch); it also checks every stored plan submission against the digest its audit entry recorded.
Publish :attr:`AuditReport.head_hash` elsewhere (minutes, e-mail) to anchor the chain against a rewrite of the whole
database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hague.store.models import AuditEntry, AuditHead, Submission

__all__ = ["GENESIS", "append", "lock_chain", "verify", "AuditReport", "canonical", "entry_hash"]

GENESIS = "0" * 64


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(seq: int, at: str, actor: str, action: str, target: str, detail: str, prev_hash: str) -> str:
    return hashlib.sha256(canonical([seq, at, actor, action, target, detail, prev_hash]).encode("utf-8")).hexdigest()


def lock_chain(session: Session) -> AuditHead:
    """Lock the chain head for this transaction (call first in every writing transaction)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:  # created by the initial migration; recreated only if someone deleted it
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    session.info[_LOCKED] = True
    return head


_LOCKED = "hague_audit_head_locked"  # this session's transaction holds the chain head (it dies with the session)


def append(session: Session, *, actor: str, action: str, target: str, detail: dict | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction (it commits or rolls back with the change it records)."""
    # the head locked at the start of this transaction (a group commit appends many entries under one lock): taken
    # from the session's identity map, without another SELECT ... FOR UPDATE
    head = session.get(AuditHead, 1) if session.info.get(_LOCKED) else None
    if head is None:
        head = lock_chain(session)
    seq = head.seq + 1
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    det = canonical(detail or {})
    h = entry_hash(seq, at, actor, action, target, det, head.hash)
    e = AuditEntry(seq=seq, at=at, actor=actor, action=action, target=target, detail=det, prev_hash=head.hash, hash=h)
    session.add(e)
    head.seq, head.hash = seq, h
    session.flush()
    return e


@dataclass
class AuditReport:
    entries: int
    head_hash: str
    problems: list[str] = field(default_factory=list)
    submissions_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, *, batch: int = 1000) -> AuditReport:
    """Recompute the whole chain and cross-check submissions; the report lists every problem found."""
    problems: list[str] = []
    prev, expected_seq, n = GENESIS, 1, 0
    submit_digests: dict[int, str] = {}
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)).scalars():
        n += 1
        if e.seq != expected_seq:
            problems.append(f"audit entry {expected_seq}" + (f"-{e.seq - 1}" if e.seq - 1 > expected_seq else "")
                            + f" missing (next present entry is {e.seq})" if e.seq > expected_seq
                            else f"audit entry {e.seq} out of order")
        if e.prev_hash != prev:
            problems.append(f"audit entry {e.seq}: prev_hash does not match the hash of the entry before it")
        h = entry_hash(e.seq, e.at, e.actor, e.action, e.target, e.detail, e.prev_hash)
        if h != e.hash:
            problems.append(f"audit entry {e.seq} ({e.action} {e.target}): content altered (hash mismatch)")
        if e.action == "plan.submit" and e.target.startswith("submission:"):
            try:
                submit_digests[int(e.target.split(":", 1)[1])] = json.loads(e.detail).get("content_sha256", "")
            except (ValueError, AttributeError):
                problems.append(f"audit entry {e.seq}: unreadable detail")
        prev, expected_seq = e.hash, e.seq + 1
    head = session.get(AuditHead, 1)
    if head is None:
        problems.append("audit head row missing")
    elif head.seq != expected_seq - 1 or head.hash != prev:
        problems.append(f"audit head says entry {head.seq} is last but the log ends at entry {expected_seq - 1}: "
                        "entries removed or added outside hague")
    seen = set()
    checked = 0
    for s in session.execute(select(Submission).execution_options(yield_per=batch)).scalars():
        checked += 1
        seen.add(s.id)
        actual = hashlib.sha256(s.content).hexdigest()
        if actual != s.content_sha256:
            problems.append(f"submission {s.id} ({s.ally} {s.plan_year} v{s.version}): stored plan altered")
        recorded = submit_digests.get(s.id)
        if recorded is None:
            problems.append(f"submission {s.id} ({s.ally} {s.plan_year} v{s.version}): no audit entry records it")
        elif recorded != actual:
            problems.append(f"submission {s.id} ({s.ally} {s.plan_year} v{s.version}): differs from what was audited")
    for sid in sorted(set(submit_digests) - seen):
        problems.append(f"submission {sid}: audited but missing from the database (row removed)")
    return AuditReport(entries=n, head_hash=prev, problems=problems, submissions_checked=checked)
