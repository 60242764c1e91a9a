"""Peak memory of reading 6.7 M promoters (the DREAM 2022 training set's size).

Run: ``python benchmarks/promoter_file_memory.py [n_rows]``. Writes a gzip
file in the challenge's format (110 bp a row), then reads it in a fresh
process, once with :func:`~sklearn_genexpr.datasets.load_promoter_file` and
once with ``pandas.read_csv``, and prints each process's peak resident memory
beside that of a process that only imports the package (its baseline).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _promoter_files import write_promoter_file  # noqa: E402

_MEASURE = """
import sys, time
from sklearn_genexpr.datasets import load_promoter_file
import pandas as pd
start = time.perf_counter()
if sys.argv[1] == "genexpr":
    X, y = load_promoter_file(sys.argv[2], return_X_y=True)
elif sys.argv[1] == "pandas":
    X = pd.read_csv(sys.argv[2], sep="\\t", header=None)
seconds = time.perf_counter() - start
rows = len(X) if sys.argv[1] != "import" else 0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak / 1024, seconds, rows)
"""


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 6_700_000
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "train_sequences.txt.gz")
        write_promoter_file(path, n_rows)
        for how in ("import", "genexpr", "pandas"):
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, how, path],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            peak, seconds, rows = float(out[0]), float(out[1]), int(out[2])
            rate = f", {rows / seconds:,.0f} rows/s" if rows else ""
            print(f"{how:>8}: peak RSS {peak:,.0f} MB, {seconds:.1f} s{rate}")


if __name__ == "__main__":
    main()
