"""Shared pieces of the readers: the layout error, ally-name matching, cell markers, the import result."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from hague.data import STANDARD_COLUMNS, Observation
from hague.errors import HagueError

__all__ = ["LayoutError", "ImportResult", "match_ally", "normalise_label", "cell_ref"]


class LayoutError(HagueError, ValueError):
    """An outside file does not have the layout the reader knows. Names the file, sheet, cell and what was expected.

    Nothing is imported when this is raised.
    """


@dataclass
class ImportResult:
    """What a reader produced: long-format rows, the provenance sidecar and the reader's notes.

    ``aggregates`` holds the file's own aggregate rows (NATO's ``NATO Europe and Canada`` and ``NATO Total``),
    which are compared with hague's recomputation on import and not stored as rows; ``notes`` lists what the reader did that a user should know (markers met, rows skipped).
    """

    kind: str
    dataset_id: str
    rows: list[Observation]
    meta: dict
    extra_columns: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    #: what was skipped and why (e.g. a damaged auxiliary sheet); the import goes on, the warning is shown and kept
    warnings: list[str] = field(default_factory=list)
    #: NATO only: the workbook's own aggregate rows, (group, table, indicator, unit, price basis, year) -> value
    aggregates: dict[tuple, float] = field(default_factory=dict)

    def csv_text(self) -> str:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(list(STANDARD_COLUMNS) + list(self.extra_columns))
        for o in self.rows:
            ex = dict(o.extra)
            w.writerow([o.ally, o.year, o.indicator, o.unit, o.price_basis, "true" if o.estimate else "false",
                        _fmt(o.value), o.source, o.edition] + [ex.get(c, "") for c in self.extra_columns])
        return buf.getvalue()


def _fmt(v: float) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def cell_ref(row: int, col: int) -> str:
    """Excel reference of a 1-based row and column.

    >>> cell_ref(4, 2), cell_ref(10, 28)
    ('B4', 'AB10')
    """
    letters = ""
    while col:
        col, r = divmod(col - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row}"


def normalise_label(text: str) -> str:
    """Strip footnote asterisks, a trailing bracketed note, spaces and accents; lower case.

    >>> normalise_label("Sweden* (Kronor)"), normalise_label("Türkiye"), normalise_label(" Slovenia *")
    ('sweden', 'turkiye', 'slovenia')
    """
    t = re.sub(r"\([^()]*\)\s*$", "", str(text)).replace("*", "")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.replace("\u00a0", " ").split()).strip().lower()


def match_ally(label: str) -> str | None:
    """ISO3 of an ally label as NATO, SIPRI or the IMF write it, or None.

    >>> match_ally("Slovak Republic"), match_ally("Sweden* (Kronor)"), match_ally("United States of America")
    ('SVK', 'SWE', 'USA')
    >>> match_ally("Atlantis") is None
    True
    """
    from hague.allies import match_name  # the one name map (codes, names, NATO / SIPRI / IMF spellings)

    a = match_name(label)
    return None if a is None else a.iso3


def open_workbook(path, *, read_only: bool = True, what: str = "an Excel .xlsx workbook"):
    """Open an .xlsx workbook judged by its content, not its name (a zip with ``xl/workbook.xml``).

    Anything else (an empty file, a CSV, a binary, an old .xls) is a :class:`LayoutError` naming the file and
    what was expected. openpyxl's "Workbook contains no default style" warning (files written by Apache POI,
    like SIPRI's) is silenced: it says nothing about the data.
    """
    import io
    import warnings
    import zipfile
    from pathlib import Path

    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    if not data:
        raise LayoutError(f"{path.name}: the file is empty; expected {what}")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        head = data[:8]
        kind = ("an old binary .xls (save it as .xlsx)" if head.startswith(b"\xd0\xcf\x11\xe0") else
                "text" if all(32 <= b < 127 or b in (9, 10, 13) for b in data[:200]) else "binary data")
        raise LayoutError(f"{path.name}: not an .xlsx workbook (the content is {kind}); expected {what}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise LayoutError(f"{path.name}: a zip archive without xl/workbook.xml; expected {what}")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Workbook contains no default style")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except LayoutError:
        raise
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is a file the reader cannot use
        raise LayoutError(f"{path.name}: not a readable .xlsx workbook ({exc.__class__.__name__}: {exc}); "
                          f"expected {what}") from None


def workbook_stamps(path) -> dict:
    """The workbook's own ``created``/``modified`` stamps (docProps/core.xml), None where the file has none.

    openpyxl fills a missing "modified" with the time of opening; this reads what the file says.
    """
    import datetime as _dt
    import zipfile

    out: dict = {"created": None, "modified": None}
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return out
    for k in out:
        m = re.search(rf"<dcterms:{k}[^>]*>([^<]+)</dcterms:{k}>", text)
        if m:
            try:
                out[k] = _dt.datetime.fromisoformat(m.group(1).strip().replace("Z", "+00:00")).replace(tzinfo=None)
            except ValueError:
                pass
    return out
