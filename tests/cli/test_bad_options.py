"""Bad option values and output names: each is a one-line error (exit 2) that names the option and what is accepted,
never a traceback, and nothing of the wrong format (or anything at all) is written."""

from __future__ import annotations

from hague.cli import main


def one_line_error(capsys, *argv) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("hague: error: "), (code, err)
    return lines[0]


def test_simulate_refuses_a_nato_dataset_as_economics(capsys):
    """``--economics nato-2026`` was a traceback (min() of an empty sequence of WEO growth rows)."""
    err = one_line_error(capsys, "simulate", "--economics", "nato-2026", "--draws", "10")
    assert err.startswith("hague: error: --economics 'nato-2026' is not an IMF WEO vintage with GDP projections; "
                          "accepted: imf-weo-2025-04, imf-weo-2025-10")
