#!/usr/bin/env bash
# The whole test suite: the Maven build with its unit tests, then the real-client tests
# (the kernel installed into a temporary Jupyter path and driven by jupyter_client) and the course.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/install/jdk.sh"
loombook_find_jdk
echo "== unit tests (JDK: $JAVA_HOME)"
"$root/mvnw" -f "$root/pom.xml" -B install "$@"
