#!/usr/bin/env bash
# The benchmark suite on a machine without a GPU: our CPU and OpenCL (PoCL) backends beside
# PyTorch on the same CPU (Debian's python3-torch; installed here when missing and run as root).
# Appends a dated table to bench/RESULTS.md. Never part of the tests.
#   bench/cpu.sh [--quick]
# The body is one { } block, so bash reads all of it before running any: editing this file while a
# long run is going cannot change what the running copy does next.
{
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=${1:-}
py=/usr/bin/python3
if ! $py -c 'import torch' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
  else echo "python3-torch is missing (apt-get install python3-torch); running without the PyTorch column" >&2; fi
fi
out=bench/out; mkdir -p "$out"
mvn -q -B -ntp -DskipTests package
cpfile=$(mktemp); trap 'rm -f "$cpfile"' EXIT
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="target/test-classes:target/classes:$(cat "$cpfile")"
source src/main/shell/native-env.sh   # PoCL's signal handlers must not replace the JVM's (see that file)
ours=()
for be in cpu opencl; do
  rm -f "$out/$be.csv"
  env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -cp "$cp" org.newton4j.bench.suite.BenchSuite --backend "$be" --out "$out/$be.csv" $quick || echo "cpu.sh: $be: some families failed" >&2
  if [ -s "$out/$be.csv" ]; then ours+=("$out/$be.csv"); fi
done
torch_args=()
if $py -c 'import torch' 2>/dev/null; then
  $py bench/torch_ref.py --rows "${ours[0]}" --device cpu --out "$out/torch-cpu.csv"
  torch_args=(--torch "$out/torch-cpu.csv")
fi
cpu_name=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)
$py bench/report.py --ours "${ours[@]}" "${torch_args[@]}" \
  --title "CPU suite, $(date -u +%F), $cpu_name, $(nproc) cores${quick:+ (quick sizes)}" --append bench/RESULTS.md
exit
}
