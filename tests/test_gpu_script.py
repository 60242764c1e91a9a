"""benchmarks/gpu.sh: on a machine without CUDA it stops at once and says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


@pytest.mark.skipif(_cuda_available(), reason="a CUDA machine runs the script for real")
def test_gpu_script_fails_clearly_without_cuda():
    result = subprocess.run(
        ["bash", str(ROOT / "benchmarks" / "gpu.sh")],
        env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no CUDA device" in result.stderr and "measures GPUs only" in result.stderr
    assert "passed" not in result.stdout  # nothing ran


def test_gpu_table_replaces_its_block_in_the_readme(tmp_path):
    from benchmarks.gpu import END, START, write_table

    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\ntext\n")
    write_table("| a | b |\n| 1 | 2 |", readme)
    write_table("| a | b |\n| 3 | 4 |", readme)  # a rerun replaces, never appends
    text = readme.read_text()
    assert text.count(START) == 1 and text.count(END) == 1
    assert "| 3 | 4 |" in text and "| 1 | 2 |" not in text and text.startswith("# Benchmarks")
