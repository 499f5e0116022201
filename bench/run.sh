#!/usr/bin/env bash
# Runtime benchmarks, Loombook side by side with the BEAM, in one go on this machine.
# Usage: bench/run.sh [--quick] [--no-beam] [workload ...]      (or: ./loombook bench ...)
#   --quick      N/10 (both suites)
#   --no-beam    run only Loombook's suite
#   --with-default-scheduler   also run Loombook's suite on the JDK's default virtual-thread scheduler
#                (the pom's flags without --add-opens java.base/java.lang=ALL-UNNAMED), for the record
#   --with-one-scheduler       also run Loombook's suite on one scheduler (-Dloombook.schedulers=1)
#   workload     spawn spawn_exit pingpong ring fanin selective genserver_call timeout parallel_cpu
#                parallel_pingpong (default: all)
# Environment:
#   RUNS                  measured runs per workload (default 3), for both suites
#   LOOMBOOK_BEAM_BENCH   the BEAM suite's directory (default: ../shared/bench/beam next to the repo)
#   LOOMBOOK_JVM_FLAGS    replaces the JVM flags of the parent pom (property loombook.jvm.flags)
#   LOOMBOOK_BENCH_HEAP   maximum heap (default 4g: a million processes and their garbage)
#   LOOMBOOK_BENCH_HEAP, LOOMBOOK_BENCH_YOUNG  -Xmx (4g) and -Xmn (2g) of the bench JVM
#   JAVA_FLAGS_EXTRA      more JVM flags (e.g. -XX:StartFlightRecording=...), ERL_FLAGS_EXTRA likewise
#   RESULTS_DIR           where to write (default bench/results/<timestamp>)
# Writes $RESULTS_DIR/{beam,loombook}.txt, machine.txt and table.md, and prints the table.
# A benchmark reports: it never fails on a time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

beam=1
default_too=0
one_too=0
args=()
for a in "$@"; do
  case "$a" in
    --no-beam) beam=0 ;;
    --with-default-scheduler) default_too=1 ;;
    --with-one-scheduler) one_too=1 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

. "$root/install/jdk.sh"
loombook_find_jdk

# build if needed: a jar missing, or a source or pom newer than it
runtime_jar="$root/runtime/target/loombook-runtime-0.1.0-SNAPSHOT.jar"
bench_jar="$here/target/loombook-bench-0.1.0-SNAPSHOT.jar"
stale() {
  [ -f "$runtime_jar" ] && [ -f "$bench_jar" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/runtime/pom.xml" "$root/runtime/src/main" -newer "$runtime_jar" -print -quit)" ] && return 0
  [ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src/main" "$runtime_jar" -newer "$bench_jar" -print -quit)" ] && return 0
  return 1
}
if stale; then
  echo "# building (./mvnw -q -DskipTests install -pl bench -am)" >&2
  "$root/mvnw" -f "$root/pom.xml" -B -q -DskipTests install -pl bench -am
fi

# the JVM flags: one place, the parent pom's loombook.jvm.flags (the tests run with them too)
pom_flags=$(sed -n 's:.*<loombook.jvm.flags>\(.*\)</loombook.jvm.flags>.*:\1:p' "$root/pom.xml" | head -n 1)
[ -n "$pom_flags" ] || { echo "bench/run.sh: no <loombook.jvm.flags> in $root/pom.xml" >&2; exit 1; }
# a young generation that holds the spawn workload's million live processes: otherwise young
# collections copy each one (its stack chunk) and take 60-80% of the spawn time
jvm_flags="${LOOMBOOK_JVM_FLAGS-$pom_flags} -Xmx${LOOMBOOK_BENCH_HEAP:-4g} -Xmn${LOOMBOOK_BENCH_YOUNG:-2g} ${JAVA_FLAGS_EXTRA:-}"
default_flags=$(echo "$jvm_flags" | sed 's|--add-opens java\.base/java\.lang=ALL-UNNAMED||')

out="${RESULTS_DIR:-$here/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/lib"
# run a copy of the jars: a build in this checkout must not swap classes under a running suite,
# and the copy records exactly what was measured
cp "$runtime_jar" "$bench_jar" "$out/lib/"
classpath="$out/lib/${runtime_jar##*/}:$out/lib/${bench_jar##*/}"
{
  echo "date=$(date -Iseconds)"
  echo "host=$(hostname) cores=$(nproc) $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
  echo "mem=$(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GB"}') kernel=$(uname -r)"
  echo "java=$LOOMBOOK_JAVA jvm_flags=$jvm_flags"
  if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    echo "git=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- pom.xml runtime bench || echo '+uncommitted')"
  else
    echo "git=none (not a git checkout)"
  fi
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
} > "$out/machine.txt"

# the BEAM half
beam_dir="${LOOMBOOK_BEAM_BENCH:-$root/../shared/bench/beam}"
have_beam=0
if [ "$beam" = 1 ]; then
  if ! command -v erl >/dev/null 2>&1; then
    echo "# no erl on PATH (Debian: apt-get install -y erlang-nox): running Loombook's suite only" >&2
  elif [ ! -x "$beam_dir/run.sh" ]; then
    echo "# no BEAM suite at $beam_dir (set LOOMBOOK_BEAM_BENCH to its directory): running Loombook's suite only" >&2
  else
    have_beam=1
    echo "== BEAM suite ($beam_dir) -> $out/beam.txt" >&2
    BUILD_DIR="$here/target/beam-build" "$beam_dir/run.sh" ${args[@]+"${args[@]}"} | tee "$out/beam.txt" \
      || echo "# the BEAM suite failed (exit $?); its partial output is in $out/beam.txt" >&2
  fi
fi

# the Loombook half
echo "== Loombook suite (JDK $JAVA_HOME, flags: $jvm_flags) -> $out/loombook.txt" >&2
# shellcheck disable=SC2086  # the flags are words
"$LOOMBOOK_JAVA" $jvm_flags -cp "$classpath" loombook.bench.Bench ${args[@]+"${args[@]}"} | tee "$out/loombook.txt" \
  || echo "# the Loombook suite failed; its partial output is in $out/loombook.txt" >&2
if [ "$default_too" = 1 ]; then
  echo "== Loombook suite, default scheduler (flags: $default_flags) -> $out/loombook-default-scheduler.txt" >&2
  # shellcheck disable=SC2086
  "$LOOMBOOK_JAVA" $default_flags -cp "$classpath" loombook.bench.Bench ${args[@]+"${args[@]}"} | tee "$out/loombook-default-scheduler.txt" \
    || echo "# the Loombook suite (default scheduler) failed; its partial output is in $out/loombook-default-scheduler.txt" >&2
fi
if [ "$one_too" = 1 ]; then
  echo "== Loombook suite, one scheduler (flags: $jvm_flags -Dloombook.schedulers=1) -> $out/loombook-one-scheduler.txt" >&2
  # shellcheck disable=SC2086
  "$LOOMBOOK_JAVA" $jvm_flags -Dloombook.schedulers=1 -cp "$classpath" loombook.bench.Bench ${args[@]+"${args[@]}"} | tee "$out/loombook-one-scheduler.txt" \
    || echo "# the Loombook suite (one scheduler) failed; its partial output is in $out/loombook-one-scheduler.txt" >&2
fi
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >> "$out/machine.txt"

echo
files=()
[ "$have_beam" = 1 ] && files+=("$out/beam.txt")
files+=("$out/loombook.txt")
[ "$default_too" = 1 ] && files+=("$out/loombook-default-scheduler.txt")
[ "$one_too" = 1 ] && files+=("$out/loombook-one-scheduler.txt")
"$here/compare.sh" "${files[@]}" | tee "$out/table.md"
echo
echo "Results in $out ($(tr '\n' ' ' < "$out/machine.txt" | sed 's/java=[^ ]* //'))"
