"""The registry's service layer on SQLite and PostgreSQL: accounts, sign-in, tokens, drafts, submissions."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select, text
from tests.conftest import PASSWORD, plan_csv

from hague.errors import UnknownAllyError
from hague.store.models import ApiToken, AuditEntry, Submission, User
from hague.store.registry import (
    PUBLIC,
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

DEU_PREV = open("examples/plans/deu-2025-illustrative-previous.csv", "rb").read()
DEU_2026 = open("examples/plans/deu-2026-illustrative.csv", "rb").read()


def count(reg, model) -> int:
    with reg._sessions() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_users_are_validated_and_passwords_hashed_with_argon2(registry, people):
    with pytest.raises(Conflict, match="already exists"):
        registry.create_user(None, "staff", PASSWORD, "admin")
    with pytest.raises(RegistryError, match="needs an ally"):
        registry.create_user(None, "nobody", PASSWORD, "delegate")
    with pytest.raises(UnknownAllyError, match="did you mean DEU"):
        registry.create_user(None, "ger-delegate", PASSWORD, "delegate", "GER")
    with pytest.raises(RegistryError, match="at least 12"):
        registry.create_user(None, "shorty", "short", "admin")
    with pytest.raises(RegistryError, match="role 'root' unknown"):
        registry.create_user(None, "root", PASSWORD, "root")
    with registry._sessions() as s:
        hashes = s.execute(select(User.password_hash)).scalars().all()
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_only_admins_manage_users(registry, people):
    with pytest.raises(Forbidden):
        registry.create_user(people["deu"], "sneaky", PASSWORD, "admin")
    with pytest.raises(NotSignedIn):
        registry.list_users(PUBLIC)
    made = registry.create_user(people["admin"], "ita-delegate", PASSWORD, "delegate", "Italy")
    assert made["ally"] == "ITA"


def test_sign_in_backs_off_per_user_and_client_without_locking_the_account(registry, people):
    assert registry.authenticate("deu-delegate", PASSWORD, client="10.0.0.1").ally == "DEU"
    for _ in range(5):  # five free failures from one client
        with pytest.raises(BadCredentials):
            registry.authenticate("deu-delegate", "wrong-password-123", client="10.0.0.1")
    with pytest.raises(Throttled, match=r"try again in 1 s") as exc:  # then that client waits 1 s
        registry.authenticate("deu-delegate", PASSWORD, client="10.0.0.1")
    assert exc.value.status == 429 and exc.value.retry_after == 1
    time.sleep(1.1)
    with pytest.raises(BadCredentials):  # after the wait the next guess is checked ...
        registry.authenticate("deu-delegate", "wrong-password-123", client="10.0.0.1")
    with pytest.raises(Throttled, match=r"try again in 2 s"):  # ... and the wait doubles
        registry.authenticate("deu-delegate", PASSWORD, client="10.0.0.1")
    # an anonymous attacker's failures do not lock the delegation out: the right password works from elsewhere
    assert registry.authenticate("deu-delegate", PASSWORD, client="10.0.0.2").ally == "DEU"
    # and other users are unaffected even from the attacker's address
    assert registry.authenticate("pol-delegate", PASSWORD, client="10.0.0.1").ally == "POL"
    with pytest.raises(BadCredentials):  # unknown user: same answer as a wrong password
        registry.authenticate("no-such-user", PASSWORD)


def test_admin_cannot_be_locked_out_by_anonymous_failures(registry, people):
    for i in range(12):  # many clients, each a few failures: none of them locks the admin
        with pytest.raises(BadCredentials):
            registry.authenticate("staff", "guess-guess-123", client=f"198.51.100.{i % 4}")
    assert registry.authenticate("staff", PASSWORD, client="10.9.9.9").is_admin


def test_one_client_is_capped_across_usernames(registry, people):
    registry.settings.throttle_client_failures = 3
    try:
        for name in ("a-user", "b-user", "c-user"):
            with pytest.raises(BadCredentials):
                registry.authenticate(name, "wrong-password-123", client="203.0.113.7")
        with pytest.raises(Throttled, match="from this address"):
            registry.authenticate("deu-delegate", PASSWORD, client="203.0.113.7")
        assert registry.authenticate("deu-delegate", PASSWORD, client="203.0.113.8").ally == "DEU"
    finally:
        registry.settings.throttle_client_failures = 30


def test_tokens_are_stored_hashed_and_revocable(registry, people):
    tok, pub = registry.create_token(people["deu"], "ci")
    assert registry.token_principal(tok).username == "deu-delegate"
    with registry._sessions() as s:
        stored = s.execute(select(ApiToken.token_hash)).scalars().all()
    assert tok not in stored and len(stored[0]) == 64
    with pytest.raises(NotFound):  # another delegate cannot revoke it
        registry.revoke_token(people["pol"], pub["id"])
    registry.revoke_token(people["deu"], pub["id"])
    with pytest.raises(NotSignedIn, match="unknown or revoked"):
        registry.token_principal(tok)
    tok2, _ = registry.create_token(people["deu"], "second")
    registry.update_user(people["admin"], "deu-delegate", active=False)  # deactivation revokes tokens
    with pytest.raises(NotSignedIn):
        registry.token_principal(tok2)


def test_sessions_end_and_expire(registry, people):
    sid, csrf = registry.create_session(people["pol"])
    p, c = registry.session_principal(sid)
    assert p.username == "pol-delegate" and c == csrf
    registry.end_session(sid)
    assert registry.session_principal(sid) == (PUBLIC, None)


def test_submissions_are_versioned_assessed_and_diffed(registry, people):
    deu = people["deu"]
    first = registry.submit(deu, "DEU", "deu-2025.csv", DEU_PREV)
    assert (first["plan_year"], first["version"], first["previous_id"]) == (2025, 1, None)
    second = registry.submit(deu, "DEU", "deu-2026.csv", DEU_2026)
    assert (second["plan_year"], second["version"], second["previous_id"]) == (2026, 1, first["id"])
    # the assessment from hague.rules.plans is stored with the submission: 2026 core 2.69% vs 2.8% planned before
    slip = [f for f in second["assessment"]["findings"] if f["code"] == "slippage"]
    assert {f["year"] for f in slip} >= {2026, 2027, 2028}
    detail = registry.get_submission(people["pol"], second["id"])  # any signed-in user may read submissions
    d2026 = next(c for c in detail["diff"] if c["year"] == 2026 and c["field"] == "core_share_gdp")
    assert (d2026["previous"], d2026["current"], d2026["slippage"]) == (2.8, 2.69, True)
    third = registry.submit(deu, "DEU", "deu-2026b.csv", DEU_2026.replace(b"3.2,0.9", b"3.25,0.9"))
    assert (third["version"], third["previous_id"]) == (2, second["id"])
    with pytest.raises(NotSignedIn):
        registry.get_submission(PUBLIC, second["id"])
    assert registry.public_summary() == {"allies_with_a_plan": 1, "latest_plans_by_verdict": {third["verdict"]: 1},
                                         "submissions_total": 3}


def test_client_ref_makes_submission_idempotent(registry, people):
    a = registry.submit(people["deu"], "DEU", "p.csv", DEU_2026, client_ref="batch-7")
    b = registry.submit(people["deu"], "DEU", "p.csv", DEU_2026, client_ref="batch-7")
    assert (a["replayed"], b["replayed"], a["id"]) == (False, True, b["id"])
    with pytest.raises(Conflict, match="different plan"):
        registry.submit(people["deu"], "DEU", "p.csv", DEU_PREV, client_ref="batch-7")
    assert count(registry, Submission) == 1


def test_bad_plan_is_rejected_whole_with_row_and_column(registry, people):
    bad = plan_csv("DEU").replace("DEU,2028,2.4,1.0", "DEU,2028,-1,abc").encode()
    before = count(registry, AuditEntry)
    with pytest.raises(PlanRejected) as e:
        registry.submit(people["deu"], "DEU", "bad.csv", bad)
    assert {(x["row"], x["column"]) for x in e.value.errors} == {(4, "core_share_gdp"), (4, "related_share_gdp")}
    assert count(registry, Submission) == 0 and count(registry, AuditEntry) == before
    with pytest.raises(PlanRejected, match="is for POL but is filed for DEU"):
        registry.submit(people["deu"], "DEU", "pol.csv", plan_csv("POL").encode())
    registry.settings.max_upload_bytes = 100
    with pytest.raises(TooLarge, match="over the limit of 100 bytes"):
        registry.submit(people["deu"], "DEU", "big.csv", DEU_2026)


def test_delegates_act_only_for_their_own_ally(registry, people):
    deu, pol, admin = people["deu"], people["pol"], people["admin"]
    d = registry.create_draft(deu, "DEU", "draft.csv", DEU_2026)
    with pytest.raises(Forbidden, match="delegate of DEU and may not act for POL"):
        registry.submit(deu, "POL", "p.csv", plan_csv("POL").encode())
    with pytest.raises(Forbidden):
        registry.create_draft(deu, "POL", "p.csv", plan_csv("POL").encode())
    with pytest.raises(NotFound):  # POL's delegate cannot see DEU's draft, nor learn that it exists
        registry.get_draft(pol, d["id"])
    with pytest.raises(NotFound):
        registry.submit_draft(pol, d["id"])
    with pytest.raises(NotFound):
        registry.delete_draft(pol, d["id"])
    with pytest.raises(Forbidden):
        registry.list_drafts(pol, "DEU")
    assert registry.list_drafts(pol) == []
    with pytest.raises(NotSignedIn):
        registry.list_drafts(PUBLIC)
    assert [x["id"] for x in registry.list_drafts(admin)] == [d["id"]]
    x = registry.submit_draft(deu, d["id"])
    assert x["ally"] == "DEU" and registry.list_drafts(deu) == []  # the draft became the submission
    assert registry.submit(admin, "POL", "p.csv", plan_csv("POL").encode())["ally"] == "POL"  # admins: any ally


def test_submissions_cannot_be_changed_through_the_registry(registry):
    from hague.store.registry import Registry

    writers = [n for n in dir(Registry) if any(w in n for w in ("update", "delete", "edit", "remove", "change"))]
    assert sorted(writers) == ["change_password", "delete_draft", "update_draft", "update_user"]


def test_durability_settings(registry):
    """SQLite: WAL and synchronous=FULL; PostgreSQL: commits wait for the WAL flush."""
    with registry.engine.connect() as c:
        if registry.engine.dialect.name == "sqlite":
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        else:
            assert c.execute(text("SHOW synchronous_commit")).scalar() == "on"
            assert c.execute(text("SHOW fsync")).scalar() == "on"


def test_only_staff_review_submissions_and_everyone_signed_in_reads_reviews(registry, people):
    x = registry.submit(people["deu"], "DEU", "deu.csv", DEU_2026)
    with pytest.raises(Forbidden):
        registry.add_review(people["deu"], x["id"], "accepted", "we approve ourselves")
    with pytest.raises(NotSignedIn):
        registry.add_review(PUBLIC, x["id"], "accepted", "")
    with pytest.raises(RegistryError, match="accepted: accepted, revision requested, noted"):
        registry.add_review(people["admin"], x["id"], "approved", "")
    registry.add_review(people["admin"], x["id"], "revision requested", "2026-2028 below the 2025 plan")
    seen = registry.get_submission(people["pol"], x["id"])["reviews"]
    assert [(r["reviewer"], r["outcome"], r["comment"]) for r in seen] == [
        ("staff", "revision requested", "2026-2028 below the 2025 plan")]
    assert registry.verify_audit(None).ok


def test_xlsx_zip_bomb_and_non_zip_are_refused_before_parsing(registry, people):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)  # 60 MB of zeros, ~60 kB packed
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(TooLarge, match="would unpack to 60,000,000 bytes"):
        registry.submit(people["deu"], "DEU", "bomb.xlsx", buf.getvalue())
    with pytest.raises(PlanRejected, match="not a valid .xlsx"):
        registry.submit(people["deu"], "DEU", "fake.xlsx", b"ally,year\n")
