#!/bin/bash
# Trace points compiled in but off (a) against removed (b): the bench's pingpong workload (1M round
# trips), each run in a fresh process as bench/Suite does; 12 rounds of two JVMs in alternating
# order, 3 warm-up and 7 measured runs per JVM, wall and process CPU time per round trip.
#   bench/measured/2026-11-21-tracing-off/ab-cpu.sh OUT.txt     (from a checkout with ./loombook build done)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../../.." && pwd)"
. "$root/install/jdk.sh"; loombook_find_jdk
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
for v in a b; do
  mkdir -p "$w/src-$v" "$w/cls-$v"; cp -r "$root/runtime/src/main/java/." "$w/src-$v/"
  [ $v = b ] && /usr/bin/python3 "$here/without-trace-points.py" "$w/src-b"
  "$JAVA_HOME/bin/javac" -nowarn -d "$w/cls-$v" $(find "$w/src-$v" -name '*.java')
  "$JAVA_HOME/bin/jar" cf "$w/runtime-$v.jar" -C "$w/cls-$v" .
done
mkdir -p "$w/bench"; "$JAVA_HOME/bin/javac" -nowarn -cp "$w/runtime-a.jar" -d "$w/bench" $(find "$root/bench/src/main/java" -name '*.java') "$here/CpuPingPong.java"
F="-XX:+UseParallelGC -Djdk.virtualThreadScheduler.parallelism=1 -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false -Xmx4g -Xmn2g"
out=${1:-/dev/stdout}; ROUNDS=${ROUNDS:-12}
echo "# rounds=$ROUNDS warm=3 runs=7 flags=$F loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)" > "$out"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="a b"; else order="b a"; fi
  for v in $order; do
    "$JAVA_HOME/bin/java" $F -cp "$w/runtime-$v.jar:$w/bench" CpuPingPong 3 7 | sed "s/^/round=$r variant=$v load=$(cut -d' ' -f1 /proc/loadavg) /" >> "$out"
  done
done
echo "# loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
[ "$out" != /dev/stdout ] && /usr/bin/python3 "$here/analyze.py" "$out"
