#!/usr/bin/env bash
# What the woven reductions check costs on tight loops of snippet code: the same cells compiled by
# JShell with nothing woven, with the stop check alone (the kernel before the fairness design, decision 0300), and with the
# reductions check, timed side by side in one JVM that runs with the kernel's own JVM flags.
#
#   bench/woven_bench.sh [ROUNDS [COPIES]]     (defaults 5 and 2; builds first if needed)
#
# The figures are quoted in the README ("Fairness and runaway safety") and in
# docs/decisions/0300-woven-reductions.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/install/jdk.sh"
loombook_find_jdk
flags="$(sed -n 's/^LOOMBOOK_DEFAULT_JVM_FLAGS="\(.*\)"$/\1/p' "$root/install/install.sh")"
required="$(sed -n 's/^LOOMBOOK_REQUIRED_JVM_FLAGS="\(.*\)"$/\1/p' "$root/install/install.sh")"
[ -n "$flags" ] || { echo "woven_bench: cannot read the kernel's JVM flags from install/install.sh" >&2; exit 1; }
if [ ! -f "$root/bench/target/classes/loombook/bench/WovenCheckBench.class" ] || [ ! -d "$root/kernel/target/lib" ]; then
  "$root/mvnw" -q -f "$root/pom.xml" -DskipTests install
fi
cp="$root/bench/target/classes:$root/kernel/target/classes:$root/kernel/target/lib/*"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $flags $required -cp "$cp" loombook.bench.WovenCheckBench "$@"
