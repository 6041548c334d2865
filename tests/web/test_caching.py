"""ETags, 304 and gzip (hague.web.conditional): one validator per representation, weak validators honoured,
pre-built API bodies compressed once, pages, chart CSVs and registry JSON validated too."""

from __future__ import annotations

import gzip

import pytest

from hague.web import conditional


def _raw(c, path, **headers):
    """GET without decoding the body (the bytes on the wire)."""
    with c.stream("GET", path, headers=headers) as r:
        return r, b"".join(r.iter_raw())


@pytest.mark.parametrize("path", ["/api/v1/status?year=2024", "/api/v1/status?year=2024&format=csv", "/",
                                  "/chart/overview.csv", "/api/v1/plans/summary", "/static/style.css"])
def test_every_get_has_an_etag_per_encoding_and_answers_304(web, path):
    c = web.clients["public"]
    plain, body = _raw(c, path, **{"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    tag = plain.headers["etag"]
    assert tag.startswith('"') and "accept-encoding" in plain.headers["vary"].lower()
    for inm in (tag, "W/" + tag, f'"other", {tag}'):  # strong, weak, one of a list
        r = c.get(path, headers={"Accept-Encoding": "identity", "If-None-Match": inm})
        assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == tag
    assert c.get(path, headers={"Accept-Encoding": "identity", "If-None-Match": '"other"'}).status_code == 200
    if len(body) >= conditional.GZIP_MIN:
        gz, packed = _raw(c, path, **{"Accept-Encoding": "gzip"})
        assert gz.headers["content-encoding"] == "gzip" and gzip.decompress(packed) == body
        assert gz.headers["etag"] == tag[:-1] + '-gzip"' != tag  # a validator per representation
        assert c.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": "W/" + gz.headers["etag"]}
                     ).status_code == 304
        if not path.startswith("/static/"):  # (StaticFiles answers its own validator itself, before us: harmless)
            # the plain representation's validator does not validate the gzip one
            assert c.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": tag}).status_code == 200


def test_api_bodies_are_compressed_once_and_served_as_stored(web):
    """The status body (10 KB of JSON) is compressed on the first gzip request and the same bytes are sent after."""
    c = web.clients["public"]
    path = "/api/v1/status?year=2023"
    _, plain = _raw(c, path, **{"Accept-Encoding": "identity"})
    r1, gz1 = _raw(c, path, **{"Accept-Encoding": "gzip, deflate"})
    r2, gz2 = _raw(c, path, **{"Accept-Encoding": "gzip"})
    assert gz1 == gz2 == conditional.gzip_once(r1.headers["etag"], b"never used: already stored")
    assert gzip.decompress(gz1) == plain and len(gz1) < len(plain) / 3
    assert b'"code":"DEU","name":"Germany","kind":"ally","share_gdp":1.6,' in plain  # NATO 2026: 1.6% in 2023


def test_gzip_refused_with_q0_and_small_bodies_are_sent_plain(web):
    assert not conditional.accepts_gzip("gzip;q=0, identity") and conditional.accepts_gzip("deflate, gzip;q=0.5")
    assert conditional.accepts_gzip("*") and not conditional.accepts_gzip("br")
    c = web.clients["public"]
    r, _ = _raw(c, "/api/v1/status?year=2024", **{"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in r.headers
    r, _ = _raw(c, "/api/v1/plans/summary", **{"Accept-Encoding": "gzip"})  # 75 bytes: not worth compressing
    assert "content-encoding" not in r.headers and r.headers["etag"]


def test_pages_are_cacheable_for_readers_and_never_for_signed_in_users(web):
    public = web.clients["public"].get("/ally/DEU")
    assert public.status_code == 200 and "Germany" in public.text
    assert public.headers["cache-control"] == "private, max-age=60" and "no-cache" not in public.headers["cache-control"]
    signed_in = web.clients["deu"].get("/ally/DEU")
    assert signed_in.headers["cache-control"] == "no-store" and "etag" not in signed_in.headers
