"""32 delegations submitting at once: nothing lost, nothing duplicated, versions contiguous, audit chain intact."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from tests.conftest import PASSWORD, plan_csv

from hague.allies import all_allies
from hague.store.db import make_engine, upgrade
from hague.store.models import Submission
from hague.store.registry import Registry

PER_ALLY = 64  # 32 x 64 = 2048 submissions, plus replays


def test_32_delegations_submit_concurrently(db_url):
    engine = make_engine(db_url, pool_size=40)
    upgrade(engine)
    reg = Registry(engine)
    allies = [a.iso3 for a in all_allies()]
    assert len(allies) == 32
    for code in allies:
        reg.create_user(None, f"{code.lower()}-delegate", PASSWORD, "delegate", code)
    principals = {code: reg.principal_for(f"{code.lower()}-delegate") for code in allies}

    def delegation(code: str) -> list[tuple[str, int, bool]]:
        out = []
        for i in range(PER_ALLY):
            content = plan_csv(code, core0=1.5 + (i % 20) / 10, step=0.1 + (i % 3) / 20).encode()
            r = reg.submit(principals[code], code, f"{code}-{i}.csv", content, client_ref=f"{code}-{i}")
            out.append((r["client_ref"], r["id"], r["replayed"]))
            if i % 8 == 7:  # a client that lost the acknowledgement retries: must not duplicate
                again = reg.submit(principals[code], code, f"{code}-{i}.csv", content, client_ref=f"{code}-{i}")
                out.append((again["client_ref"], again["id"], again["replayed"]))
        return out

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = [x for chunk in pool.map(delegation, allies) for x in chunk]

    acknowledged = {ref: sid for ref, sid, replayed in results if not replayed}
    replays = [(ref, sid) for ref, sid, replayed in results if replayed]
    assert len(acknowledged) == 32 * PER_ALLY
    assert len(replays) == 32 * (PER_ALLY // 8) and all(acknowledged[ref] == sid for ref, sid in replays)
    with reg._sessions() as s:
        rows = s.execute(select(Submission.ally, Submission.plan_year, Submission.version, Submission.client_ref,
                                Submission.id)).all()
    assert len(rows) == 32 * PER_ALLY  # nothing lost, nothing duplicated
    assert {r.client_ref: r.id for r in rows} == acknowledged
    versions = Counter()
    for code in allies:
        vs = sorted(r.version for r in rows if r.ally == code)
        assert vs == list(range(1, PER_ALLY + 1)), code  # contiguous versions per ally and plan year
        versions[code] = len(vs)
    report = reg.verify_audit(None)
    assert report.ok, report.problems[:5]
    assert report.entries == 32 + 32 * PER_ALLY and report.submissions_checked == 32 * PER_ALLY
    engine.dispose()
