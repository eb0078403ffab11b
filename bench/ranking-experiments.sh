#!/usr/bin/env bash
# Four-digit MNIST ranking at n = 5: plain loss vs Newton loss for NeuralSort, SoftSort and the
# logistic odd-even network, over several seeds, at the scale a 2-core CPU affords (issue 6).
# Writes bench/out/ranking-n5.csv (one row per run) and prints a summary per method.
#   bench/ranking-experiments.sh [steps] [seeds] [newton] [policy]   defaults: 300 "1 2 3" hessian abs-eigen
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
steps=${1:-300}; seeds=${2:-"1 2 3"}; newton=${3:-hessian}; policy=${4:-abs-eigen}
out=bench/out; mkdir -p "$out"; csv="$out/ranking-n5.csv"
[ -f data/cache/mnist/train-images-idx3-ubyte ] || bash data/fetch-mnist.sh
[ -f target/newton4j-cli.jar ] || mvn -q -B -DskipTests package
echo "method,newton,policy,seed,steps,exact_match,elementwise,seconds" > "$csv"
for seed in $seeds; do
  for spec in "neuralsort:-:1" "softsort:-:1" "odd_even:logistic:10"; do
    IFS=: read -r method relaxation steepness <<< "$spec"
    for nw in none "$newton"; do
      log=$(java -jar target/newton4j-cli.jar train ranking --method "$method" --relaxation "${relaxation/-/logistic}" \
            --steepness "$steepness" --n 5 --steps "$steps" --channels 8,16,32 --optimizer adam --lr 0.001 \
            --newton "$nw" --lambda 0.1 --policy "$policy" --seed "$seed" --no-progress --test-sets 500 --eval-every "$steps" \
            --out "$out/ranking-runs" 2>&1)
      em=$(sed -n 's/.*test exact match \([0-9.]*\) %.*/\1/p' <<< "$log")
      ew=$(sed -n 's/.*element-wise rank accuracy \([0-9.]*\) %.*/\1/p' <<< "$log")
      sec=$(sed -n 's/.* in \([0-9.]*\) s (.*/\1/p' <<< "$log")
      echo "$method,$nw,$policy,$seed,$steps,$em,$ew,$sec" | tee -a "$csv"
    done
  done
done
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("\n| method | loss | exact match (mean ± sd over seeds) | element-wise | runs |")
print("|---|---|---|---|---|")
for m in dict.fromkeys(r["method"] for r in rows):
    for nw in dict.fromkeys(r["newton"] for r in rows):
        sel = [r for r in rows if r["method"] == m and r["newton"] == nw]
        em = [float(r["exact_match"]) for r in sel]; ew = [float(r["elementwise"]) for r in sel]
        sd = statistics.stdev(em) if len(em) > 1 else 0.0
        print(f"| {m} | {'plain' if nw == 'none' else nw + ' Newton'} | {statistics.mean(em):.1f} ± {sd:.1f} | {statistics.mean(ew):.1f} | {len(sel)} |")
PY
