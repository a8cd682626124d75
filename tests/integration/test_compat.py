"""The compatibility suite (tests/compat, docs/compat.md) against ormgate on SQLite.

Every scenario file is run against a server under test in the simple protocol,
the extended protocol and the extended protocol with binary results (all three in
flush mode auto, the default: write-behind inside transactions), and in the simple
protocol in flush mode always; its
answers are compared with the ones recorded from a real PostgreSQL 15. A
statement where ormgate differs on purpose carries a declared difference in
the scenario file (with its reason), which is asserted like any answer. One
test per scenario and protocol, so a failure names both.
"""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.name for p in (ROOT / "tests" / "compat" / "scenarios").glob("*.sql"))
MODES = {"simple": [], "extended": ["--extended"], "binary": ["--extended", "--binary"],
         "always": ["--flush-mode", "always"]}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(server, scenario, mode):
    dsn = f"host={server.host} port={server.port} user=alice"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "compat" / "run.py"), "--target", "ormgate-sqlite", "--dsn", dsn,
         "--timeout", "60", *MODES[mode], scenario],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{scenario} ({mode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
