"""The one confidence vocabulary for every sourced figure: rules, national targets, catalogs, plans.

Rules used ``low-medium`` and the catalogs ``medium-low`` for the same grade; the data only ever wrote
``medium-low``, which is the one kept. ``not-found`` marks a figure searched for and not found in public sources.

>>> CONFIDENCE
('high', 'medium-high', 'medium', 'medium-low', 'low', 'not-found')
"""

from __future__ import annotations

__all__ = ["CONFIDENCE"]

#: from most to least sure, plus ``not-found``
CONFIDENCE = ("high", "medium-high", "medium", "medium-low", "low", "not-found")
