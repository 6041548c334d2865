"""Finding, fetching and importing new releases of NATO's, SIPRI's and the IMF's files (``hague data update``).

Like a data pipeline's snapshot step (OWID etl): each source's official page is read for links to its data
file; the newest release is downloaded (size limit, progress bar), its size and sha256 are recorded in a
snapshot log, it is imported through the same readers as ``hague data import`` (all checks, all-or-nothing),
and what changed against the edition it follows is summarised (changed values only).

The official pages (overridable, e.g. ``--from nato=http://127.0.0.1:8000/nato/``):

- NATO: the "Defence expenditures and NATO's 5% commitment" topic page, linking ``def-exp-YYYY-en.xlsx``
  (2025 on) or ``YYMMDD-def-exp-YYYY-TABLES-en.xlsx`` (2024 and before);
- SIPRI: ``https://www.sipri.org/databases/milex``, linking ``SIPRI-Milex-data-1949-YYYY[_rev].xlsx`` (the April
  2024 release: ``SIPRI-Milex-data-1948-2023.xlsx``);
- IMF: the WEO database page, linking ``WEO{Mon}{YYYY}all.xls`` (to April 2025) or ``WEO{Mon}{YYYY}all.xlsx``, also
  as ``.ashx`` media links or without an extension (the file's first bytes say whether it is the xlsx).

A release is keyed by its content (sha256), not its name: a new file served under an old name is downloaded and
imported; one already imported is not. A user's own import is never replaced without ``replace``.

Nothing here runs at import time and no network is used unless :func:`discover` or :func:`update` is called.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html.parser
import json
import os
import re
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from hague.columns import table_result
from hague.errors import HagueError
from hague.results import Result

__all__ = ["OFFICIAL_PAGES", "KNOWN_RELEASES", "Release", "discover", "download", "update", "source_status",
           "parse_from", "DEFAULT_MAX_BYTES", "ProgressBar", "data_status_result"]

#: each source's official page that links its data file
OFFICIAL_PAGES = {
    "nato": "https://www.nato.int/cps/en/natohq/topics_49198.htm",
    "sipri": "https://www.sipri.org/databases/milex",
    "weo": "https://www.imf.org/en/Publications/WEO/weo-database",
}

#: releases known to exist (the producers' release pages), newest per source, so that
#: ``hague data status`` can say that hague's data are older even before any page has been read
KNOWN_RELEASES = {
    "nato": {"edition": "2026-07", "label": "NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026",
             "file": "def-exp-2026-en.xlsx", "source": "NATO release page, July 2026"},
    "sipri": {"edition": "2026-04", "label": "SIPRI Military Expenditure Database, April 2026 release (1949-2025)",
              "file": "SIPRI-Milex-data-1949-2025_v1.2.xlsx", "source": "SIPRI release page, April 2026"},
    "weo": {"edition": "2026-04", "label": "IMF World Economic Outlook, April 2026",
            "file": "WEOApr2026all.xlsx", "source": "IMF WEO database page, April 2026"},
}

#: largest file downloaded unless --max-bytes says otherwise (the real files are 0.2-2 MB; the WEO's up to ~20 MB)
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}


@dataclass(frozen=True)
class Release:
    """A data file found on a source's page: where, what file, and which edition its name says."""

    source: str
    url: str
    file: str
    edition: str  # YYYY-MM where the name tells the month, else YYYY
    order: tuple  # sort key: newest is largest


def _classify(source: str, url: str) -> Release | None:
    name = urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1])
    if source == "nato":
        m = re.fullmatch(r"(?:(\d{2})(\d{2})(\d{2})-)?def-exp-(\d{4})(?:-TABLES)?-en\.xlsx", name, re.I)
        if m:
            year = int(m.group(4))
            month = int(m.group(2)) if m.group(1) else 0  # YYMMDD- prefix (240617 = 17 June 2024)
            return Release(source, url, name, f"{year}-{month:02d}" if month else str(year), (year, month))
    elif source == "sipri":  # first year 1949 or 1948 (the April 2024 release: SIPRI-Milex-data-1948-2023.xlsx)
        m = re.fullmatch(r"SIPRI-Milex-data-(?:19[45]\d)-(\d{4})(?:_(v?[\d.]+))?\.xlsx", name, re.I)
        if m:
            last = int(m.group(1))
            rev = tuple(int(x) for x in re.findall(r"\d+", m.group(2) or "0"))
            return Release(source, url, name, str(last + 1), (last, rev))
    elif source == "weo":  # .xls, .xlsx, the IMF's .ashx media links, or no extension at all
        m = re.fullmatch(r"WEO([A-Za-z]{3})(\d{4})all(?:\.(xlsx?|ashx))?", name)
        if m and m.group(1).lower() in _MONTHS:
            month, year = _MONTHS[m.group(1).lower()], int(m.group(2))
            ext = (m.group(3) or "").lower()
            file = name if ext in ("xls", "xlsx") else f"WEO{m.group(1)}{m.group(2)}all.xls"  # content decides later
            return Release(source, url, file, f"{year}-{month:02d}", (year, month))
    else:
        raise HagueError(f"unknown source {source!r}; accepted: nato, sipri, weo")
    return None


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.hrefs.append(v)


def _fetch(url: str, *, max_bytes: int, timeout: float = 30.0, progress: Callable | None = None,
           sink=None) -> bytes:
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise HagueError(f"{url}: only http and https URLs are fetched")
    req = urllib.request.Request(url, headers={"User-Agent": "hague data update"})
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 - scheme checked above
    except (OSError, ValueError) as exc:
        raise HagueError(f"{url}: cannot fetch ({exc})") from None
    with resp:
        total = resp.headers.get("Content-Length")
        total = int(total) if total and total.isdigit() else None
        if total is not None and total > max_bytes:
            raise HagueError(f"{url}: {total:,} bytes is over the size limit of {max_bytes:,} bytes "
                             f"(--max-bytes raises it); nothing downloaded")
        got = 0
        chunks = []
        while True:
            block = resp.read(64 * 1024)
            if not block:
                break
            got += len(block)
            if got > max_bytes:
                raise HagueError(f"{url}: more than {max_bytes:,} bytes (the size limit; --max-bytes raises it); "
                                 f"download stopped, nothing kept")
            if sink is not None:
                sink(block)
            else:
                chunks.append(block)
            if progress:
                progress(got, total)
    return b"".join(chunks)


def discover(source: str, page: str | None = None) -> tuple[Release | None, list[Release]]:
    """The newest release linked from ``page`` (default: the official page) and every release found."""
    url = page or OFFICIAL_PAGES[source]
    body = _fetch(url, max_bytes=8 * 1024 * 1024)
    p = _Links()
    p.feed(body.decode("utf-8", "replace"))
    found = [r for r in (_classify(source, urllib.parse.urljoin(url, h)) for h in p.hrefs) if r is not None]
    found.sort(key=lambda r: r.order)
    return (found[-1] if found else None), found


class ProgressBar:
    """A one-line progress bar on a stream (stderr), redrawn in place; silent when ``enabled`` is false."""

    def __init__(self, label: str, stream, enabled: bool, width: int = 30):
        self.label, self.stream, self.enabled, self.width = label, stream, enabled, width

    def __call__(self, got: int, total: int | None) -> None:
        if not self.enabled:
            return
        if total:
            n = int(self.width * got / total)
            self.stream.write(f"\r{self.label} [{'#' * n}{'.' * (self.width - n)}] {got:,}/{total:,} bytes")
        else:
            self.stream.write(f"\r{self.label} {got:,} bytes")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def download(release: Release, dest_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
             progress: Callable | None = None) -> dict:
    """Download a release into ``dest_dir`` (atomically: a partial file is never left); its size and sha256."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".download-", dir=dest_dir)
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            def sink(block):
                nonlocal size
                h.update(block)
                fh.write(block)
                size += len(block)

            _fetch(release.url, max_bytes=max_bytes, progress=progress, sink=sink)
        name = release.file
        if name.endswith(".xls"):  # an .ashx or extensionless WEO link: the bytes say which file it is
            with open(tmp, "rb") as fh:
                if fh.read(2) == b"PK":
                    name += "x"
        target = dest_dir / h.hexdigest()[:16] / name  # one folder per content: a new file never overwrites an old
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"path": str(target), "bytes": size, "sha256": h.hexdigest()}


def parse_from(values: list[str] | None) -> dict[str, str]:
    """``--from nato=URL`` (repeatable) -> {source: URL}; an unknown source or a missing URL is an error."""
    out = {}
    for v in values or []:
        key, sep, url = v.partition("=")
        key = key.strip().lower()
        if not sep or key not in OFFICIAL_PAGES or not url.strip():
            raise HagueError(f"--from {v!r}; expected SOURCE=URL with SOURCE one of {', '.join(OFFICIAL_PAGES)}, "
                             f"e.g. --from nato=https://example.org/page.html")
        out[key] = url.strip()
    return out


def _log_path() -> Path:
    from hague.sources.store import user_data_dir

    return user_data_dir() / "updates.json"


def _read_log() -> dict:
    p = _log_path()
    if not p.is_file():
        return {"snapshots": [], "discovered": {}}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise HagueError(f"{p}: not valid JSON ({exc}); move it away to start a new log") from None


def _write_log(log: dict) -> None:
    p = _log_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(log, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, p)


def _family_editions(source: str) -> list[dict]:
    from hague.sources.store import editions

    return [e for e in editions() if e["family"] == source]


def _norm_edition(e: str) -> tuple:
    """(year, month) of an edition label; of the newest where a dataset holds several ("2023-07 and 2024-06")."""
    found = [(int(y), int(m or 0)) for y, m in re.findall(r"(\d{4})(?:-(\d{2}))?", e or "")]
    return max(found) if found else (0, 0)


def _previous(have: list[dict], new_id: str, new_edition: str) -> str | None:
    """The edition an import follows: the newest other dataset of the family not newer than it (as a
    ``dataset@YYYY-MM`` selector when that dataset holds several editions), else None."""
    target = _norm_edition(new_edition)
    older = [e for e in have if e["id"] != new_id and _norm_edition(e["edition"]) <= target]
    if not older:
        return None
    best = max(older, key=lambda e: (_norm_edition(e["edition"]), e["origin"] == "imported", e["rows"]))
    y, m = _norm_edition(best["edition"])
    return f"{best['id']}@{y}-{m:02d}" if " and " in best["edition"] and m else best["id"]


def update(sources: list[str] | None = None, *, pages: dict[str, str] | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, check_only: bool = False,
           progress: Callable[[str], Callable] | None = None, replace: bool = False) -> list[dict]:
    """Discover each source's newest release and, unless ``check_only``, download it and import it when hague
    does not hold **that content** yet (keyed by sha256: a new file served under an old name is new). An import
    made by an earlier update is replaced by a newer file for the same dataset; a user's own import (``hague data
    import``) never is, unless ``replace``. One dict per source: source, page, release (or None), action, and for
    an import the dataset id, bytes, sha256 and the changed-only summary against the edition it follows."""
    from hague.sources.diff import diff_editions
    from hague.sources.store import import_file, user_data_dir

    sources = sources or list(OFFICIAL_PAGES)
    pages = pages or {}
    log = _read_log()
    out = []
    for src in sources:
        if src not in OFFICIAL_PAGES:
            raise HagueError(f"unknown source {src!r}; accepted: {', '.join(OFFICIAL_PAGES)}")
        page = pages.get(src, OFFICIAL_PAGES[src])
        newest, found = discover(src, page)
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
        res = {"source": src, "page": page, "release": asdict(newest) if newest else None, "found": len(found)}
        if newest is None:
            res["action"] = f"no {src.upper()} data file linked from {page}"
            out.append(res)
            continue
        log.setdefault("discovered", {})[src] = {"edition": newest.edition, "file": newest.file, "url": newest.url,
                                                 "checked": now}
        have = _family_editions(src)
        ids = {e["id"] for e in have}
        if check_only:
            res["action"] = "checked only (--check): nothing downloaded"
            out.append(res)
            continue
        dl = download(newest, user_data_dir() / "downloads", max_bytes=max_bytes,
                      progress=progress(f"{src}: {newest.file}") if progress else None)
        same = [x for x in log.get("snapshots", []) if x["source"] == src and x["sha256"] == dl["sha256"]
                and x["dataset_id"] in ids]
        if same:
            res.update({"bytes": dl["bytes"], "sha256": dl["sha256"], "url": newest.url})
            res["action"] = (f"already imported as {same[-1]['dataset_id']} (same content: sha256 "
                             f"{dl['sha256'][:12]}...)")
            out.append(res)
            continue
        from hague.sources.store import read_source

        try:
            dsid = read_source(src, dl["path"]).dataset_id
        except BaseException:
            _discard(dl["path"])
            raise
        by_update = any(x["dataset_id"] == dsid for x in log.get("snapshots", []))
        if dsid in ids and not by_update and not replace:
            from hague.data import dataset

            mine = dataset(dsid).meta.get("imported_from", {})
            res.update({"bytes": dl["bytes"], "sha256": dl["sha256"], "url": newest.url, "path": dl["path"]})
            res["action"] = (f"not imported: {dsid} is your own import (of {mine.get('file', 'a file')}, sha256 "
                             f"{str(mine.get('sha256', ''))[:12]}...), "
                             f"never replaced without --replace; the new file is kept at {dl['path']} (hague data "
                             f"import {src} FILE --id {dsid}-new imports it beside yours)")
            out.append(res)
            continue
        before = ids
        try:
            outcome = import_file(src, dl["path"], replace=True)
        except BaseException:
            _discard(dl["path"])
            raise
        snap = {"source": src, "url": newest.url, "file": newest.file, "bytes": dl["bytes"],
                "sha256": dl["sha256"], "downloaded": now, "dataset_id": outcome.dataset_id,
                "edition": outcome.meta.get("edition"), "path": dl["path"]}
        log.setdefault("snapshots", []).append(snap)
        res.update(snap)
        res["action"] = (f"imported {outcome.dataset_id} ({outcome.rows} rows, edition "
                         f"{outcome.meta.get('edition')})"
                         + ("" if outcome.dataset_id not in before else
                            " replacing your own import (--replace)" if not by_update else
                            " replacing an earlier update's import of different content (new sha256)"))
        previous = _previous(have, outcome.dataset_id, str(outcome.meta.get("edition", "")))
        if previous is not None:
            d = diff_editions(previous, outcome.dataset_id, changed=True)
            moved = [r for r in d.rows if r["change"] is not None]
            moved.sort(key=lambda r: -abs(r["change_pct"] or 0))
            res["diff"] = {"against": previous, "compared": d.compared, "changed": len(moved),
                           "only_new": d.only_new, "only_old": d.only_old,
                           "largest": [{k: r[k] for k in ("ally", "year", "indicator", "unit", "old", "new",
                                                           "change_pct")} for r in moved[:5]]}
        else:
            res["diff"] = {"against": None}
        out.append(res)
    _write_log(log)
    return out


def _discard(path: str) -> None:
    p = Path(path)
    p.unlink(missing_ok=True)
    try:
        p.parent.rmdir()
    except OSError:
        pass


def source_status(today: _dt.date | None = None) -> list[dict]:
    """Per source: the newest edition hague holds (embedded or imported), its age, and the newest release known
    (from the last ``hague data update``/``--check``, else :data:`KNOWN_RELEASES`) and whether it is newer."""
    today = today or _dt.date.today()
    log = _read_log()
    rows = []
    for src in OFFICIAL_PAGES:
        have = _family_editions(src)
        cur = max(have, key=lambda e: _norm_edition(e["edition"]), default=None)
        disc = log.get("discovered", {}).get(src)
        known = KNOWN_RELEASES[src]
        cands = [(known["edition"], f"{known['label']} ({known['file']}; {known['source']})")]
        if disc:
            cands.append((disc["edition"], f"{disc['file']} (found {disc['checked'][:10]} at {disc['url']})"))
        newest_ed, newest_label = max(cands, key=lambda c: _norm_edition(c[0]))
        age = None
        if cur is not None:
            y, m = _norm_edition(cur["published"] or cur["edition"])
            if y:
                age = (today - _dt.date(y, m or 1, 1)).days
        newer = cur is None or _norm_edition(newest_ed) > _norm_edition(cur["edition"])
        rows.append({"source": src, "dataset": cur["id"] if cur else None, "edition": cur["edition"] if cur else None,
                     "age_days": age, "newest_known": newest_ed, "newest_known_from": newest_label,
                     "newer_known": newer})
    return rows


# ------------------------------------------------------------------ the Result of this model's table(s)

def data_status_result() -> Result:
    """``hague data status``: each source's edition in hague, its age and the newest known release."""

    rows = source_status()
    for r in rows:
        r["newer"] = "yes: update with hague data update" if r["newer_known"] else "no"
    cols = [("source", "Source", ""), ("dataset", "Dataset", ""), ("edition", "Edition", ""),
            ("age_days", "Age (days)", "days since the edition's publication month"),
            ("newest_known", "Newest known", ""), ("newer", "Newer known", ""), ("newest_known_from", "Known from", "")]
    return table_result(cols, rows, title="Data sources: editions in hague and newest known releases",
                        footer="Newest known: from the last 'hague data update' (or --check), else the releases "
                               "listed in hague.sources.update.KNOWN_RELEASES.",
                        computed={"age_days": ("edition", "today"), "newer": ("edition", "newest_known")})
