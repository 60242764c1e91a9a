#!/usr/bin/env bash
# The GPU checks in one run, for a session lent a CUDA machine (under 8 minutes on one GPU):
# the test suite of the networks on CUDA (device="auto" picks it), then the throughput of
# every network at batch 1024 in float32 and bf16, one ResNet epoch on all shipped libraries
# and the 6.7 M-row epoch extrapolated, written into benchmarks/README.md.
# Without CUDA it stops at once with exit code 2 and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
if ! "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    echo "benchmarks/gpu.sh: no CUDA device (torch.cuda.is_available() is False for $PY); this script measures GPUs only." >&2
    exit 2
fi
"$PY" -c 'import torch; print("GPU:", torch.cuda.get_device_name(0))'
# the CUDA tests: the networks' suite with CUDA present (the GPU-only tests run, not skip)
timeout 240 "$PY" -m pytest tests/neural_network -q -x -o addopts="-p no:cacheprovider"
timeout 300 "$PY" benchmarks/gpu.py --write-readme
