#!/usr/bin/env bash
# Runs arms × seeds of one `newton4j train` mode and writes one CSV row per run with the final
# test metrics (the last row of the run's curve CSV), then prints a table per arm against the first
# arm (bench/arm-summary.py: mean ± sd over seeds, Δ, Welch and paired-by-seed p).
#   bench/train-experiments.sh MODE STEPS "SEEDS" "NAME=OPTIONS" ["NAME=OPTIONS" ...]
#   e.g. bench/train-experiments.sh classify 1000 "1 2 3" "adam=--optimizer adam --lr 0.001" \
#        "alice=--optimizer alice --lr 0.001"
# MODE is ranking, classify or shortest-path; every run gets COMMON, then its arm's options, then
# --steps, --seed, --no-progress and its own --out. A run that fails is reported and left out.
# Environment: COMMON="" (options for every run)  JOBS=1 (runs in parallel)  CSV=bench/out/MODE.csv
#   NAME=<CSV stem> (file names of logs and curves; default MODE)
# The body is one { } block, so bash reads all of it before running any: editing this file while a
# long run is going cannot change what the running copy does next.
{
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -ge 4 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
mode=$1 steps=$2 seeds=$3; shift 3
case "$mode" in ranking|classify|shortest-path) ;; *) echo "train-experiments: unknown mode '$mode'" >&2; exit 2;; esac
JOBS=${JOBS:-1}; COMMON=${COMMON:-}; stem=${NAME:-$mode}
out=bench/out/$stem; csv=${CSV:-bench/out/$stem.csv}; mkdir -p "$out/logs"
if [ "$mode" = ranking ] || [[ " $COMMON $* " != *" --data "* && "$mode" = classify ]]; then
  [ -f data/cache/mnist/train-images-idx3-ubyte ] || bash data/fetch-mnist.sh
fi
source bench/lib/cli.sh

arms=()
for spec in "$@"; do
  [[ "$spec" == *=* ]] || { echo "train-experiments: arm '$spec' is not NAME=OPTIONS" >&2; exit 2; }
  arms+=("$spec")
done

one_run() {   # arm-index seed -> one CSV row: arm,seed,steps,<final metrics>
  local spec=${arms[$1]} seed=$2 name opts dir log
  name=${spec%%=*}; opts=${spec#*=}
  dir="$out/runs/$name-s$seed"; log="$out/logs/$name-s$seed.log"
  # shellcheck disable=SC2086  # COMMON and the arm's options are word lists on purpose
  if ! "${cli[@]}" train "$mode" $COMMON $opts --steps "$steps" --seed "$seed" --no-progress --out "$dir" > "$log" 2>&1; then
    echo "run failed: $log" >&2; tail -3 "$log" >&2; return 0
  fi
  local curve; curve=$(ls "$dir"/*.csv | head -1)
  echo "$name,$seed,$steps,$(tail -1 "$curve" | cut -d, -f2-)"
}
export -f one_run; export mode steps out COMMON
export cli_str="${cli[*]}" arms_str; arms_str=$(printf '%s\n' "${arms[@]}")

kill_tree() {   # pid -> that process and all its descendants get SIGTERM, children first
  local child; for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
}
# The runs are grandchildren of xargs (xargs -> bash -> java), so a signal to this script alone
# would leave them training; stop them with it.
for seed in $seeds; do for i in "${!arms[@]}"; do echo "$i $seed"; done; done |
  xargs -P "$JOBS" -L 1 bash -c 'cli=($cli_str); mapfile -t arms <<< "$arms_str"; one_run "$@"' _ > "$csv.rows" &
runs=$!
trap 'kill_tree "$runs"; echo "train-experiments: stopped; runs killed, partial rows in $csv.rows" >&2; exit 130' INT TERM HUP
wait "$runs"
trap - INT TERM HUP
[ -s "$csv.rows" ] || { echo "train-experiments: no run succeeded (logs in $out/logs)" >&2; rm -f "$csv.rows"; exit 1; }
# header from any curve: the columns after "step"
header=$(head -1 "$(ls "$out"/runs/*/*.csv | head -1)" | cut -d, -f2-)
{ echo "arm,seed,steps,$header"; cat "$csv.rows"; } > "$csv"; rm -f "$csv.rows"
python3 bench/arm-summary.py "$csv" --baseline "${arms[0]%%=*}" --title "$mode, $steps steps, COMMON: ${COMMON:-(none)}"
exit
}
