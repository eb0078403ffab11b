#!/usr/bin/env bash
# Runs JMH benchmarks from bench/java (compiled as test classes).
#   bench/run-jmh.sh                      # every benchmark (long)
#   bench/run-jmh.sh BatchedSolveBenchmark -p backend=cpu -p shape=16x1000
# Extra arguments go to JMH (org.openjdk.jmh.Main); -h lists them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -ntp test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
source src/main/shell/native-env.sh   # PoCL's signal handlers must not replace the JVM's (see that file)
env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -cp "target/test-classes:target/classes:$cp" org.openjdk.jmh.Main "$@"
