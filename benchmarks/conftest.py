"""Shared data and the ratio report of the benchmarks.

Every benchmark group times the package against the baseline a user would
otherwise use, on the same data in the same run; the terminal summary prints
throughput and the speed-up ``baseline min time / ours min time``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

N_SEQUENCES = 100_000
SEQ_LENGTH = 80

# group -> role ("ours" / "baseline") -> (name, min seconds, work units, unit)
RESULTS: dict[str, dict[str, tuple[str, float, float, str]]] = defaultdict(dict)


@pytest.fixture(scope="session")
def random_80mers() -> tuple[list[str], np.ndarray]:
    """100,000 random 80-bp sequences, as str and as an (n, 80) character array."""
    rng = np.random.default_rng(2022)
    chars = rng.choice(np.array(list("ACGT")), size=(N_SEQUENCES, SEQ_LENGTH))
    return ["".join(row) for row in chars], chars


@pytest.fixture
def record():
    """record(benchmark, group, role, work, unit): keep a result for the ratio table."""

    def _record(benchmark, group: str, role: str, work: float, unit: str) -> None:
        RESULTS[group][role] = (benchmark.name, benchmark.stats.stats.min, work, unit)

    return _record


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    from sklearn_genexpr.utils._routes import chosen_routes
    from sklearn_genexpr.utils._show_versions import cpu_description

    rows = []
    cpu = cpu_description()
    routes = {name: choice["route"] for name, choice in chosen_routes().items()}
    terminalreporter.section("speed-up against the baseline (min times)")
    # a ratio against a numpy-based baseline holds only for the CPU it was measured on
    terminalreporter.write_line(
        f"CPU: {cpu['model']}, {cpu['cores']} cores; numpy SIMD: "
        f"{' '.join(cpu['simd_found']) or 'baseline only'}; routes: {routes or 'none used'}"
    )
    for group, roles in sorted(RESULTS.items()):
        line = {"group": group}
        for role, (test_name, seconds, work, unit) in roles.items():
            line[role] = {"test": test_name, "min_s": seconds, f"{unit}/s": work / seconds}
            terminalreporter.write_line(
                f"{group:>22} {role:>8}: {seconds * 1e3:9.1f} ms  "
                f"{work / seconds / 1e6:8.2f} M{unit}/s  ({test_name})"
            )
        if "baseline" in roles:
            _, base_seconds, base_work, _ = roles["baseline"]
            for role, (_, seconds, work, _) in roles.items():
                if role == "baseline":
                    continue
                # throughput ratio: the time ratio when both did the same work, and
                # still fair when the baseline is timed on less (a slow naive loop)
                ratio = (work / seconds) / (base_work / base_seconds)
                line[f"speedup_{role}"] = ratio
                terminalreporter.write_line(
                    f"{group:>22}    speed-up of {role}: {ratio:.2f}x "
                    f"(time {1 / ratio:.2f}x the baseline's per unit of work)"
                )
        rows.append(line)
    out = Path(".benchmarks")
    out.mkdir(exist_ok=True)
    report = {"cpu": cpu, "routes": chosen_routes(), "groups": rows}
    (out / "ratios.json").write_text(json.dumps(report, indent=2))
