# Find a JDK 25 or later. Source this file, then call: loombook_find_jdk
# On success it sets and exports JAVA_HOME (and LOOMBOOK_JAVA) and returns 0;
# otherwise it prints what it looked at and how to fix it, and returns 1.
# Order: $JAVA_HOME if it is 25+, then the standard install locations, then `java` on PATH.

loombook_jdk_major() {  # prints the feature version of the JDK at $1, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ -n "$v" ] && echo "$v"
}

loombook_find_jdk() {
  local want=25 c major seen=""
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/java/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /opt/*jdk* \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v /usr/libexec/java_home >/dev/null 2>&1; then
    c=$(/usr/libexec/java_home -v "$want+" 2>/dev/null) && candidates+=("$c")
  fi
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)" 2>/dev/null) && candidates+=("${c%/bin/java}")
  fi
  for c in "${candidates[@]}"; do
    major=$(loombook_jdk_major "$c") || { seen="$seen\n  $c (no java/javac)"; continue; }
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      export JAVA_HOME="$c" LOOMBOOK_JAVA="$c/bin/java"
      return 0
    fi
    seen="$seen\n  $c (Java $major)"
  done
  printf 'loombook: no JDK %s or later found.\nLooked at:%b\n' "$want" "${seen:-\n  (nothing)}" >&2
  printf 'Install one (for example Temurin 25 from https://adoptium.net, or `apt-get install openjdk-25-jdk`),\nor point JAVA_HOME at it: JAVA_HOME=/path/to/jdk-25 %s\n' "${0##*/}" >&2
  return 1
}
