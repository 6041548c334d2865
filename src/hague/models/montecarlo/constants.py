"""Constants of the Monte Carlo shared by its modules (bins, years, thresholds); see docs/economics.md."""

from __future__ import annotations

import numpy as np

from hague.rules import thresholds as _thresholds

#: draws per block; fixed: changing it changes the random streams (and so the results)
BLOCK = 2048
SCENARIOS = ("plans", "trend", "target")
#: refuse more draws than this (hours of work on a laptop, and no extra precision worth having)
MAX_DRAWS = 1_000_000_000
PERCENTILES = (5, 25, 50, 75, 95)
#: counts of a task while it runs: int32 halves the memory np.add.at touches (a block runs about 15% faster), and
#: a task never counts more than MAX_DRAWS < 2**31 draws in one bin; folded results are int64
RAW_COUNT = np.int32
assert MAX_DRAWS < 2**31
THRESHOLD = _thresholds.value(_thresholds.CORE)  # 3.5, from the rule tree (hague-2025.core)
REVIEW_YEAR = _thresholds.review_year()  # 2029, from the rule tree (hague-2025.review_year)
BASE_YEAR = 2025
SHARE_BIN = 0.004  # log-ratio of the share to its planned path (0.4 %, 0.014 pp of GDP at 3.5 %)
SHARE_BINS = 500  # -1 .. +1
SHARE_LO = -1.0
LOG_BIN = 0.005  # log-ratio of money to its central path (0.5 %)
LOG_BINS = 600  # -1.5 .. +1.5
LOG_LO = -1.5
GROUPS = ("EUCA", "USA", "NATO")
SPEND = "core_defence_expenditure"

