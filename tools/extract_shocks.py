"""Write src/hague/models/shocks/real_gdp_growth_2009.csv: each ally's real GDP growth in 2008 and 2009 (IMF WEO
April 2020, NGDP_RPCH, as published) from the official file in ../shared/data/official/weo/WEOApr2020all.xls,
read by hague's own WEO reader. The what-if ``--recession 2009`` (hague.models.whatif) reads the shipped CSV.

    python tools/extract_shocks.py [PATH/TO/WEOApr2020all.xls]
"""

from __future__ import annotations

import sys
from pathlib import Path

from hague.sources.weo import read_weo

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "official" / "weo" / "WEOApr2020all.xls"
OUT = ROOT / "src" / "hague" / "models" / "shocks" / "real_gdp_growth_2009.csv"


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else DEFAULT
    if not src.exists():
        src = Path("/work/shared/data/official/weo/WEOApr2020all.xls")
    r = read_weo(src)
    rows = sorted((o.ally, o.year, o.value) for o in r.rows
                  if o.indicator == "real_gdp_growth" and o.year in (2008, 2009) and o.value is not None)
    lines = ["ally,year,real_gdp_growth,unit,weo_code,source,edition"]
    lines += [f"{a},{y},{v!r},percent,NGDP_RPCH,IMF World Economic Outlook database (WEOApr2020all.xls),2020-04"
              for a, y, v in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} values)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
