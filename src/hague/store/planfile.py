"""Reading an uploaded plan file safely: size limits, text encodings and delimiters, and a sandbox for workbooks.

What a delegation's spreadsheet program writes is accepted where it is unambiguous, and named in the error where
it is not:

- text: UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"), else Windows-1250 (Central European
  Excel, e.g. Polish or Czech); the encoding used is reported back as a note;
- CSV delimiters: comma, semicolon (Excel in locales with a decimal comma) or tab, detected from the header line;
  in semicolon and tab files a decimal comma (``4,8``) is read as 4.8 and said so, and a comma followed by exactly
  three digits (``4,800``: 4.8 or 4800?) is refused, as the plan grid refuses it;
- ``.xlsx``: refused before reading when its zip directory says it unpacks to more than
  ``Settings.max_unpacked_bytes``; then read in a separate process that is killed after
  ``Settings.max_parse_cpu_seconds`` of CPU time (a small workbook takes about 0.05 s).

The bytes stored for a submission are always the bytes uploaded; this module only decides how to read them.

>>> text, notes = normalise_csv("ally;year;core_share_gdp;related_share_gdp\\nPOL;2026;4,8;0,5\\n".encode("cp1250"), "p.csv")
>>> text.splitlines()[1], notes
('POL,2026,4.8,0.5', ['semicolon-separated: read with ; between fields and decimal commas as points (4,8 = 4.8)'])
"""

from __future__ import annotations

import csv
import io
import re

from hague.store.errors import PlanRejected, TooLarge

__all__ = ["check_size", "normalise_csv", "check_xlsx", "read_xlsx_sandboxed", "parse_plan", "read_stored",
           "decimal_cell"]

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5
_AMBIGUOUS = re.compile(r"^([+-]?0*[1-9]\d{0,2}),(\d{3})$")  # 4,800: 4.8 with a decimal comma, or 4800 grouped


def _err(message: str, *, row=None, column=None) -> dict:
    return {"row": row, "column": column, "message": message}


def check_size(content: bytes, limit: int) -> None:
    if len(content) > limit:
        raise TooLarge(f"plan file of {len(content)} bytes is over the limit of {limit} bytes")
    if not content:
        raise PlanRejected("plan file is empty", [_err("empty file")])


def _decode(data: bytes, filename: str) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["read as UTF-16 text"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1250"), [f"not UTF-8 (byte {first_bad}): read as Windows-1250 (Central European Excel)"]
    except UnicodeDecodeError:
        raise PlanRejected(
            f"plan {filename} is neither UTF-8 nor Windows-1250 text (byte {first_bad}); save it as "
            "\"CSV UTF-8\" and upload again", [_err(f"text encoding not recognised at byte {first_bad}; accepted: "
                                                  "UTF-8, UTF-16 with BOM, Windows-1250")]) from None


def _delimiter(lines: list[str]) -> str:
    header = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def decimal_cell(cell: str) -> str:
    """A cell of a semicolon or tab file with its decimal comma as a point (``4,8`` -> ``4.8``, ``1.234,5`` ->
    ``1234.5``); other cells unchanged.

    >>> decimal_cell("4,8"), decimal_cell("1.234,5"), decimal_cell("POL")
    ('4.8', '1234.5', 'POL')
    """
    c = cell.strip()
    if _DECIMAL_COMMA.match(c):
        return c.replace(",", ".")
    if _GROUPED.match(c):
        return c.replace(".", "").replace(",", ".")
    return cell


def normalise_csv(data: bytes, filename: str) -> tuple[str, list[str]]:
    """CSV text with comma delimiters and decimal points, and notes saying what was converted."""
    text, notes = _decode(data, filename)
    lines = text.splitlines()
    delim = _delimiter(lines)
    if delim == ",":
        return text, notes
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    errors = []
    header: list[str] | None = None
    for lineno, ln in enumerate(lines, start=1):
        if not ln.strip() or ln.lstrip().startswith("#"):
            out.write(ln + "\n")
            continue
        try:
            cells = next(csv.reader([ln], delimiter=delim, strict=True))
        except csv.Error as exc:
            errors.append(_err(f"malformed CSV ({exc}); quote a cell whole or not at all", row=lineno))
            continue
        if header is None:
            header = [c.strip() for c in cells]
        for i, c in enumerate(cells):  # the plan grid refuses the same text: one rule for every way in
            m = _AMBIGUOUS.match(c.strip())
            if m:
                whole, frac = m.groups()
                col = header[i] if i < len(header) else f"column {i + 1}"
                errors.append(_err(f"{c.strip()!r} is ambiguous: {whole}.{frac.rstrip('0') or '0'} or {whole}{frac}? "
                                   f"Write {whole}.{frac.rstrip('0') or '0'} (decimal) or {whole}{frac} (thousands)",
                                   row=lineno, column=col))
        w.writerow([decimal_cell(c) for c in cells])
    if errors:
        raise PlanRejected(f"plan {filename} rejected: {len(errors)} malformed or ambiguous cell(s) or line(s)",
                           errors)
    sep = "; between fields" if delim == ";" else "tabs between fields"
    notes.append(f"{'semicolon' if delim == ';' else 'tab'}-separated: read with {sep} and decimal commas as points "
                 "(4,8 = 4.8)")
    return out.getvalue(), notes


def check_xlsx(content: bytes, filename: str, max_unpacked: int) -> None:
    """Refuse a workbook whose zip directory says it unpacks to more than ``max_unpacked`` bytes (a "zip bomb"),
    before anything is decompressed. Python's zip reader stops at the declared size, so a lying directory cannot
    unpack more than it declares."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PlanRejected(f"plan {filename} is not a valid .xlsx file (not a zip archive)",
                           [_err("not an xlsx (zip) file")]) from exc
    if inflated > max_unpacked:
        raise TooLarge(f"plan {filename} would unpack to {inflated:,} bytes; refused (a plan workbook unpacks to at "
                       f"most {max_unpacked:,} bytes)")


# --- the workbook sandbox -------------------------------------------------------------------------------------------
def read_xlsx_sandboxed(content: bytes, filename: str, cpu_seconds: float):
    """The plan in a workbook, read by :mod:`hague.store.xlsx_sandbox` in a child interpreter limited to
    ``cpu_seconds`` of CPU (beyond its imports) and 1 GiB of memory, and to a wall-clock time as well."""
    import os
    import pickle
    import subprocess
    import sys

    safe = "".join(c for c in filename if c.isalnum() or c in "._- ")[:100] or "plan.xlsx"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        r = subprocess.run([sys.executable, "-m", "hague.store.xlsx_sandbox", repr(float(cpu_seconds)), safe],
                           input=content, capture_output=True, timeout=max(15.0, 8 * cpu_seconds), env=env)
        msg = pickle.loads(r.stdout) if r.returncode == 0 and r.stdout else ("limit", f"exit {r.returncode}")
    except subprocess.TimeoutExpired:
        msg = ("limit", "time")
    if msg[0] == "ok":
        return msg[1]
    if msg[0] == "limit":
        raise TooLarge(f"plan {filename} took more than {cpu_seconds:g} s of CPU to read and was refused (a plan "
                       "workbook reads in well under a second); save it as CSV or remove unused sheets and cells")
    raise PlanRejected(f"plan {filename} rejected: {msg[1]}", msg[2])


def _read(content: bytes, filename: str, settings):
    from hague.rules import plans

    lower = filename.lower()
    try:
        if lower.endswith(".xlsx"):
            check_xlsx(content, filename, settings.max_unpacked_bytes)
            return read_xlsx_sandboxed(content, filename, settings.max_parse_cpu_seconds), []
        notes: list[str] = []
        if lower.endswith(".csv"):
            text, notes = normalise_csv(content, filename)
            content = text.encode("utf-8")
        return plans.read_plan(content, name=filename), notes
    except plans.PlanError as exc:
        raise PlanRejected(f"plan {filename} rejected: {exc}", list(getattr(exc, "errors", []) or [])) from exc


def parse_plan(content: bytes, filename: str, ally: str, settings) -> tuple[object, list[str]]:
    """The plan in an uploaded file, checked to be ``ally``'s, and notes on how it was read (encoding, delimiter).
    Raises :class:`PlanRejected` (422) or :class:`TooLarge` (413) with every problem listed."""
    check_size(content, settings.max_upload_bytes)
    plan, notes = _read(content, filename, settings)
    if plan.ally != ally:
        raise PlanRejected(f"plan {filename} is for {plan.ally} but is filed for {ally}",
                           [_err(f"expected {ally}, found {plan.ally}", column="ally")])
    return plan, notes


def read_stored(content: bytes, filename: str, settings):
    """A stored (already accepted) plan file, read the same way it was read when it was filed."""
    return _read(content, filename, settings)[0]
