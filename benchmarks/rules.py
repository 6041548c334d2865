"""Cost of the strict rule loader, of `hague check` and of the plan test, as ratios to baselines measured here.

Run: .venv/bin/python benchmarks/rules.py

- strict loader (line-tracking, schema checks) vs plain yaml.safe_load of the same files;
- load_rules() on a warm cache (a deep copy of the shipped tree) vs the cold strict parse;
- check(2026) over every ally, rule and aggregate vs status_table(2026) (the `hague status` model);
- read_plan + assess of a 10-year plan vs read_plan alone.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best  # noqa: E402


def main() -> None:
    import yaml

    from hague.models.status import status_table
    from hague.rules import loader
    from hague.rules.check import check
    from hague.rules.plans import assess, read_plan

    files = []
    root = resources.files("hague.rules").joinpath("tree")
    for sub in root.iterdir():
        if sub.is_dir():
            files += [(f"{sub.name}/{f.name}", f.read_text(encoding="utf-8")) for f in sub.iterdir()
                      if f.name.endswith(".yaml")]
    Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    plain = best(lambda: [yaml.load(t, Loader=Loader) for _, t in files])
    strict = best(lambda: [loader.parse_rule_text(t, w) for w, t in files])
    loader.load_rules()  # warm the cache
    warm = best(loader.load_rules)

    status_table(2026)  # warm the data caches for both
    check(2026)
    base_status = best(lambda: status_table(2026), n=3)
    full_check = best(lambda: check(2026), n=3)

    text = "ally,year,core_share_gdp,related_share_gdp\n" + "".join(
        f"DEU,{y},{min(3.5, 2.69 + 0.2 * (y - 2026)):.2f},1.5\n" for y in range(2026, 2036))
    read_only = best(lambda: read_plan(text, name="p.csv"), n=20)
    read_assess = best(lambda: assess(read_plan(text, name="p.csv")), n=20)

    print(f"rule files: {len(files)}")
    print(f"strict loader / yaml.safe_load        : {strict / plain:5.1f}x  ({strict * 1e3:.1f} ms vs {plain * 1e3:.1f} ms)")
    print(f"load_rules() warm copy / cold parse   : {warm / strict:5.2f}x  ({warm * 1e3:.2f} ms)")
    print(f"check(2026) all / status_table(2026)  : {full_check / base_status:5.1f}x  "
          f"({full_check * 1e3:.0f} ms vs {base_status * 1e3:.0f} ms)")
    print(f"read_plan+assess / read_plan          : {read_assess / read_only:5.1f}x  "
          f"({read_assess * 1e3:.2f} ms vs {read_only * 1e3:.2f} ms)")


if __name__ == "__main__":
    main()
