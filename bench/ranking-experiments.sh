#!/usr/bin/env bash
# Four-digit MNIST ranking: plain loss vs Newton loss for NeuralSort, SoftSort and the logistic
# odd-even network, over several seeds (issue 6). Writes bench/out/ranking-n$N.csv (one row per
# run) and prints a summary per method with a Welch t-test of Newton vs plain.
#   bench/ranking-experiments.sh [steps] [seeds] [newton] [policy]   defaults: 300 "1 2 3" hessian abs-eigen
#   (newton may list several curvatures, e.g. "hessian fisher": each runs against the same plain runs)
# Environment (defaults: the 2-core CPU scale):
#   N=5  BACKEND=cpu  PRECISION=f64  CHANNELS=8,16,32 (reference: 32,64,64)  BATCH=8  LR=0.001
#   LAMBDA=0.1  SCOPE=batch (or sample: per-sample curvature)  TEST_SETS=500  EVAL_EVERY=steps  JOBS=1 (runs in parallel; on a GPU they share the device)
#   PLAIN=1 (0: skip the plain runs, e.g. for another λ against plain runs already in a CSV; the
#   summary script pools CSVs)
#   CSV=bench/out/ranking-n$N.csv (where the rows go: give concurrent invocations different files)
#   METHODS="neuralsort:-:1 softsort:-:1 odd_even:logistic:10"  (method:relaxation:steepness)
# Uses target/newton4j-cli.jar, or the kit of bench/gpu-kit.sh when NEWTON4J_CLASSPATH is set.
# The body is one { } block, so bash reads all of it before running any: editing this file while a
# long run is going cannot change what the running copy does next.
{
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
steps=${1:-300}; seeds=${2:-"1 2 3"}; newton=${3:-hessian}; policy=${4:-abs-eigen}
N=${N:-5}; BACKEND=${BACKEND:-cpu}; PRECISION=${PRECISION:-f64}; CHANNELS=${CHANNELS:-8,16,32}
BATCH=${BATCH:-8}; LR=${LR:-0.001}; LAMBDA=${LAMBDA:-0.1}; SCOPE=${SCOPE:-batch}; TEST_SETS=${TEST_SETS:-500}; JOBS=${JOBS:-1}
EVAL_EVERY=${EVAL_EVERY:-$steps}; PLAIN=${PLAIN:-1}
METHODS=${METHODS:-"neuralsort:-:1 softsort:-:1 odd_even:logistic:10"}
out=bench/out; mkdir -p "$out/ranking-logs"; csv=${CSV:-$out/ranking-n$N.csv}
[ -f data/cache/mnist/train-images-idx3-ubyte ] || bash data/fetch-mnist.sh
source bench/lib/cli.sh

one_run() {   # seed method relaxation steepness newton -> one CSV row
  local seed=$1 method=$2 relaxation=$3 steepness=$4 nw=$5 log em ew sec
  log="$out/ranking-logs/$method-$nw-$SCOPE-$policy-n$N-s$seed.log"
  "${cli[@]}" train ranking --method "$method" --relaxation "${relaxation/-/logistic}" --steepness "$steepness" \
      --n "$N" --steps "$steps" --channels "$CHANNELS" --batch-size "$BATCH" --optimizer adam --lr "$LR" \
      --newton "$nw" --lambda "$LAMBDA" --scope "$SCOPE" --policy "$policy" --seed "$seed" --backend "$BACKEND" \
      --precision "$PRECISION" --no-progress --test-sets "$TEST_SETS" --eval-every "$EVAL_EVERY" \
      --out "$out/ranking-runs/$method-$nw-$SCOPE-s$seed" > "$log" 2>&1 || { echo "run failed: $log" >&2; tail -3 "$log" >&2; return 0; }
  em=$(sed -n 's/.*test exact match \([0-9.]*\) %.*/\1/p' "$log")
  ew=$(sed -n 's/.*element-wise rank accuracy \([0-9.]*\) %.*/\1/p' "$log")
  sec=$(sed -n 's/.* in \([0-9.]*\) s (.*/\1/p' "$log")
  echo "$method,$nw,$policy,$LAMBDA,$SCOPE,$seed,$steps,$em,$ew,$sec"
}
export -f one_run; export out policy N steps CHANNELS BATCH LR LAMBDA SCOPE BACKEND PRECISION TEST_SETS EVAL_EVERY
export cli_str="${cli[*]}"

echo "method,newton,policy,lambda,scope,seed,steps,exact_match,elementwise,seconds" > "$csv"
for seed in $seeds; do
  for spec in $METHODS; do
    IFS=: read -r method relaxation steepness <<< "$spec"
    for nw in $([ "$PLAIN" = 0 ] || echo none) $newton; do echo "$seed $method $relaxation $steepness $nw"; done
  done
done | xargs -P "$JOBS" -L 1 bash -c 'cli=($cli_str); one_run "$@"' _ | tee -a "$csv"

python3 bench/ranking-summary.py "$csv" --n "$N" --steps "$steps" --backend "$BACKEND"
exit
}
