#!/usr/bin/env bash
# The GPU benchmark suite, one command on a fresh CUDA machine with a JDK 17 and Maven:
#   1. builds (nvcc: PTX + sm_80/sm_90 cubins),
#   2. runs native-tests/ on the CUDA backend (conformance against the CPU backend),
#   3. times every kernel family on CUDA and on this machine's CPU, beside PyTorch on the same GPU
#      and the memory floor measured in the same run,
#   4. appends the dated table to bench/RESULTS.md.
#   bench/gpu.sh [--quick]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=${1:-}
py=$(command -v python3)
out=bench/out; mkdir -p "$out"
command -v nvcc >/dev/null || [ -x "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc" ] || { echo "gpu.sh: nvcc not found" >&2; exit 1; }
export CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
export PATH="$PATH:$CUDA_HOME/bin"
echo "== build and CUDA conformance"
NEWTON4J_BACKEND=cuda mvn -B -ntp -q verify -Dtest='*ConformanceTest' -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | tail -20
grep -h "Tests run" target/surefire-reports/*Conformance*.txt || true
mvn -q -B -ntp test-compile
cpfile=$(mktemp); trap 'rm -f "$cpfile"' EXIT
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="target/test-classes:target/classes:$(cat "$cpfile")"
echo "== our kernels"
java -Xmx32g -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend cuda --out "$out/cuda.csv" $quick
java -Xmx32g -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend cpu --out "$out/cpu.csv" --quick
echo "== PyTorch on the same GPU"
torch_args=()
if $py -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  $py bench/torch_ref.py --rows "$out/cuda.csv" --device cuda --out "$out/torch-cuda.csv"
  torch_args=(--torch "$out/torch-cuda.csv")
else
  echo "PyTorch with CUDA not found: the PyTorch column stays empty" >&2
fi
gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || echo "CUDA GPU")
$py bench/report.py --ours "$out/cuda.csv" "$out/cpu.csv" "${torch_args[@]}" \
  --title "GPU suite, $(date -u +%F), $gpu${quick:+ (quick sizes)}" --append bench/RESULTS.md
