#!/bin/bash
# The runtime before the controlled-run hooks (a: commit $BASE, b856efd unless set) against after (b: this checkout):
# the bench's pingpong (1M round trips) and ring (1M hops, 10,000 processes) workloads, each run in a
# fresh process as bench/Suite does; ROUNDS rounds of JVMs in alternating order, 2 warm-up and 5
# measured runs per JVM; process CPU time per operation, and the workload's own wall-clock figure.
#   [BASE=commit] [ROUNDS=n] bench/measured/2026-12-05-races-off/ab-cpu.sh OUT.txt     (from the checkout)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../.." && pwd)"
. "$root/install/jdk.sh"; loombook_find_jdk
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
mkdir -p "$w/src-a" "$w/cls-a" "$w/src-b" "$w/cls-b"
git -C "$root" archive "${BASE:-b856efd}" runtime/src/main/java | tar -x -C "$w/src-a"
cp -r "$root/runtime/src/main/java" "$w/src-b/"
for v in a b; do
  "$JAVA_HOME/bin/javac" -nowarn -d "$w/cls-$v" $(find "$w/src-$v" -name '*.java' ! -name module-info.java)
  "$JAVA_HOME/bin/jar" cf "$w/runtime-$v.jar" -C "$w/cls-$v" .
done
mkdir -p "$w/bench"; "$JAVA_HOME/bin/javac" -nowarn -cp "$w/runtime-a.jar" -d "$w/bench" $(grep -rL 'import loombook.kernel' "$root/bench/src/main/java" --include='*.java' | grep -v module-info.java) "$here/CpuWorkload.java"
F="-XX:+UseParallelGC -Djdk.virtualThreadScheduler.parallelism=1 -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx4g -Xmn2g"
out=${1:-/dev/stdout}; ROUNDS=${ROUNDS:-10}
echo "# a=$(git -C "$root" rev-parse --short "${BASE:-b856efd}") b=$(git -C "$root" rev-parse --short HEAD) rounds=$ROUNDS warm=2 runs=5 flags=$F loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)" > "$out"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="a b"; else order="b a"; fi
  for wl in PingPong Ring; do
    for v in $order; do
      "$JAVA_HOME/bin/java" $F -cp "$w/runtime-$v.jar:$w/bench" CpuWorkload $wl 2 5 | sed "s/^/round=$r variant=$v load=$(cut -d' ' -f1 /proc/loadavg) /" >> "$out"
    done
  done
done
echo "# loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
[ "$out" != /dev/stdout ] && /usr/bin/python3 "$here/analyze.py" "$out"
