"""Readers of outside formats: NATO's workbook, SIPRI's Milex workbook and the IMF WEO files.

Each reader turns a user-supplied file into hague's long format (:data:`hague.data.STANDARD_COLUMNS`) plus a
provenance sidecar, checking the layout cell by cell: a deviation is a :class:`LayoutError` naming the file,
sheet and cell and what was expected. :func:`import_file` validates the result with the same checks as the
embedded data and stores it, all-or-nothing, in the user data dir (see :mod:`hague.sources.store`).

>>> from hague.sources import resolve_edition
>>> resolve_edition("2026")
(('nato-2026',), None)
"""

from __future__ import annotations

from hague.sources._common import ImportResult, LayoutError, match_ally
from hague.sources.store import (
    datasets_dir,
    editions,
    import_file,
    primary_dataset,
    read_source,
    resolve_edition,
    user_data_dir,
)

__all__ = [
    "LayoutError",
    "ImportResult",
    "match_ally",
    "import_file",
    "read_source",
    "editions",
    "resolve_edition",
    "primary_dataset",
    "user_data_dir",
    "datasets_dir",
    "read_nato_workbook",
    "write_nato_workbook",
]


def read_nato_workbook(path, **kw):
    """See :func:`hague.sources.nato.read_nato_workbook`."""
    from hague.sources.nato import read_nato_workbook as _r

    return _r(path, **kw)


def write_nato_workbook(dataset_id, path, **kw):
    """See :func:`hague.sources.nato.write_nato_workbook`."""
    from hague.sources.nato_writer import write_nato_workbook as _w

    return _w(dataset_id, path, **kw)
