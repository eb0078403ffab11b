#!/usr/bin/env bash
# The GPU benchmark suite, one command on a fresh CUDA machine with a JDK 17, Maven and nvcc
# (or, without them, after `source KIT/env.sh` of a kit packed by bench/gpu-kit.sh):
#   1. builds (nvcc: PTX + sm_80/sm_90 cubins) and checks that the CUDA backend opens,
#   2. runs native-tests/ (conformance against the CPU backend) on every native backend found,
#      CUDA included,
#   3. times every kernel family on CUDA (and, at quick sizes, on this machine's CPU), beside PyTorch
#      on the same GPU and the copy-bandwidth floor measured in the same run,
#   4. prints the table and appends it, dated and with the device, to bench/RESULTS.md.
#   bench/gpu.sh [--quick]          (budget: < 9 minutes on an H100 host, build included)
# The body is one { } block, so bash reads all of it before running any: editing this file while a
# long run is going cannot change what the running copy does next.
{
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=${1:-}
py=${PYTHON:-python3}
out=bench/out; mkdir -p "$out"
rm -f "$out/cuda.csv" "$out/cpu.csv" "$out/torch-cuda.csv"   # no stale results in this run's table
source src/main/shell/native-env.sh   # PoCL's signal handlers must not replace the JVM's (see that file)
start=$(date +%s)

if [ -n "${NEWTON4J_CLASSPATH:-}" ]; then
  echo "== prebuilt kit (bench/gpu-kit.sh): no build"
  cp=$NEWTON4J_CLASSPATH
else
  export CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
  export PATH="$PATH:$CUDA_HOME/bin"
  command -v nvcc >/dev/null || { echo "gpu.sh: nvcc not found (set CUDA_HOME)" >&2; exit 1; }
  echo "== build"
  mvn -B -ntp -q -DskipTests package || { echo "gpu.sh: build failed" >&2; exit 1; }
  cpfile=$(mktemp); trap 'rm -f "$cpfile"' EXIT
  mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
  cp="target/test-classes:target/classes:$(cat "$cpfile")"
fi
# Fail here, not after the conformance tests, when CUDA does not open (no driver, no kernels built):
# the conformance tests would otherwise run on whatever other native backend they find.
env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend cuda --family none --quick --out "$out/probe.csv" \
  || { echo "gpu.sh: the CUDA backend does not open" >&2; exit 1; }

env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -cp "$cp" org.newton4j.cli.Main devices | grep -E "^cuda" || true   # which GEMM runs: cuBLAS or our kernels, and why
echo "== CUDA conformance (native-tests/)"
if [ -n "${NEWTON4J_CLASSPATH:-}" ]; then
  env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -Dnewton4j.conformance.backends=cuda -jar "$NEWTON4J_JUNIT" execute --class-path "$cp" --select-package org.newton4j.conformance \
    --select-package org.newton4j.nn --select-package org.newton4j.sort --include-classname '.*(ConformanceTest|MemoryTest)' --details=tree --disable-banner > "$out/conformance.log" 2>&1
  conformance_rc=$?
  grep -E "✘|tests (successful|failed|aborted)" "$out/conformance.log" | tail -30
else
  mvn -B -ntp surefire:test -Dtest='*ConformanceTest' -Dsurefire.failIfNoSpecifiedTests=false > "$out/conformance.log" 2>&1
  conformance_rc=$?
  grep -E "Tests run:|FAIL|ERROR\]" "$out/conformance.log" | tail -20
fi
if [ $conformance_rc -eq 0 ]; then conformance="conformance passed"; else conformance="CONFORMANCE FAILED (see bench/out/conformance.log)"; fi
echo "$conformance"

echo "== our kernels on CUDA"
env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -Xmx32g -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend cuda --out "$out/cuda.csv" $quick \
  || conformance="$conformance, some CUDA families FAILED (see the log above)"
[ -s "$out/cuda.csv" ] || { echo "gpu.sh: no CUDA results" >&2; exit 1; }
echo "== our CPU backend (quick sizes)"
ours=("$out/cuda.csv")
env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -Xmx32g -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend cpu --out "$out/cpu.csv" --quick
[ -s "$out/cpu.csv" ] && ours+=("$out/cpu.csv")

echo "== PyTorch on the same GPU"
torch_args=()
if $py -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  # whatever is left of an 8.5-minute lease after the steps above, at least 2 minutes
  budget=$(( 510 - ($(date +%s) - start) )); [ $budget -lt 120 ] && budget=120
  # --budget-s stops between rows; the timeout also stops a slow row (a vmap Hessian can take
  # minutes), keeping the rows already written — the H100 run overran the lease without it
  timeout $(( budget + 15 )) $py bench/torch_ref.py --rows "$out/cuda.csv" --device cuda --out "$out/torch-cuda.csv" --budget-s $budget \
    || echo "gpu.sh: torch_ref.py stopped early; the PyTorch column has the rows it finished" >&2
  torch_args=(--torch "$out/torch-cuda.csv")
else
  echo "PyTorch with CUDA not found: the PyTorch column stays empty" >&2
fi
gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
$py bench/report.py --ours "${ours[@]}" "${torch_args[@]}" \
  --title "GPU suite, $(date -u '+%F %H:%M UTC'), ${gpu:-CUDA GPU}, $(nproc) CPU cores, $conformance${quick:+ (quick sizes)}" \
  --append bench/RESULTS.md
echo "gpu.sh: $(( $(date +%s) - start )) s"
exit
}
