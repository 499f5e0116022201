#!/usr/bin/env bash
# Installs the Loombook Jupyter kernel (a kernelspec) for this user, or into a prefix or directory.
#
#   install/install.sh                 build if needed, install for this user
#   install/install.sh --prefix P      into P/share/jupyter/kernels/loombook
#   install/install.sh --sys-prefix    into the Python environment's prefix (where its Jupyter looks)
#   install/install.sh --dir D         into D/loombook (D is a Jupyter "kernels" directory)
#   install/install.sh --uninstall     remove it (with the same location options)
#   install/install.sh --open          install for this user, then open the course in Jupyter
#
# Other options:
#   --name NAME            kernelspec name (default: loombook)
#   --display-name TEXT    name shown in Jupyter (default: "Java 25 (Loombook)")
#   --jvm-flags "FLAGS"    the kernel JVM's tunable flags (default below; or env LOOMBOOK_JVM_FLAGS)
#   --no-aot               skip the ahead-of-time cache (slower start, faster install)
#   --no-build             use the jars already built in kernel/target
#   --rebuild              build even if the jars look up to date
#
# The kernelspec runs an absolute java with an absolute class path: it needs nothing from PATH.
# Its jars are copied next to kernel.json, so `mvn clean` in the checkout does not break it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/install/jdk.sh"

# The kernel JVM's flags, chosen by measurement (docs/decisions/0102-kernel-jvm-flags.md): SerialGC,
# a small young generation and tight free-heap ratios keep resident memory low while the heap may
# still grow (to a quarter of RAM) for big process demos; C1 only, because JShell's compiler is most
# of what a kernel runs and C2 spends more CPU and memory warming up than it gives back in a
# notebook; one carrier thread for processes and the runtime's two memory knobs (a smaller process)
# (docs/decisions/0002-scheduler.md).
LOOMBOOK_DEFAULT_JVM_FLAGS="-XX:+UseSerialGC -Xms16m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Djdk.virtualThreadScheduler.parallelism=1 -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false"
# What the kernel needs whatever the tunable flags are: JShell's source list, for the runtime's Javadoc;
# and the kernel jar as a Java agent (added below, with its installed path): the exit gate, which refuses
# System.exit/Runtime.halt to cell code on every path (docs/decisions/0301-hostile-cells.md).
LOOMBOOK_REQUIRED_JVM_FLAGS="--add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED"

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; echo "Default JVM flags: $LOOMBOOK_DEFAULT_JVM_FLAGS"; }
die() { echo "install: $*" >&2; exit 1; }

where=user; target=""; name=loombook; display="Java 25 (Loombook)"
uninstall=0; open=0; build=auto; aot=1
jvm_flags="${LOOMBOOK_JVM_FLAGS:-$LOOMBOOK_DEFAULT_JVM_FLAGS}"
while [ $# -gt 0 ]; do
  case "$1" in
    --user) where=user ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; where=prefix; target="$2"; shift ;;
    --prefix=*) where=prefix; target="${1#*=}" ;;
    --sys-prefix) where=sys-prefix ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; where=dir; target="$2"; shift ;;
    --dir=*) where=dir; target="${1#*=}" ;;
    --name) [ $# -ge 2 ] || die "--name needs a name"; name="$2"; shift ;;
    --display-name) [ $# -ge 2 ] || die "--display-name needs a text"; display="$2"; shift ;;
    --jvm-flags) [ $# -ge 2 ] || die "--jvm-flags needs the flags, quoted"; jvm_flags="$2"; shift ;;
    --jvm-flags=*) jvm_flags="${1#*=}" ;;
    --no-aot) aot=0 ;;
    --no-build) build=no ;;
    --rebuild) build=yes ;;
    --uninstall) uninstall=1 ;;
    --open) open=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "a kernelspec name is letters, digits, '.', '_' and '-', not '$name'"

# ---------------------------------------------------------------- where
jupyter_user_dir() {
  if [ -n "${JUPYTER_DATA_DIR:-}" ]; then echo "$JUPYTER_DATA_DIR/kernels"
  elif [ "$(uname -s)" = Darwin ]; then echo "$HOME/Library/Jupyter/kernels"
  else echo "${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels"; fi
}
case "$where" in
  user) kernels="$(jupyter_user_dir)" ;;
  prefix) kernels="$target/share/jupyter/kernels" ;;
  sys-prefix)
    py="$(command -v python3 || true)"; [ -n "$py" ] || die "--sys-prefix needs python3 on PATH (the Python whose Jupyter should see the kernel)"
    kernels="$("$py" -c 'import sys; print(sys.prefix)')/share/jupyter/kernels" ;;
  dir) kernels="$target" ;;
esac
kdir="$kernels/$name"

if [ "$uninstall" = 1 ]; then
  if [ -f "$kdir/kernel.json" ] && grep -q 'loombook.kernel.Main' "$kdir/kernel.json"; then
    rm -rf "$kdir"; echo "removed the Loombook kernelspec $kdir"
  elif [ -e "$kdir" ]; then
    die "$kdir is not a Loombook kernelspec; leaving it alone"
  else
    echo "no Loombook kernelspec at $kdir (nothing to remove)"
  fi
  exit 0
fi

loombook_find_jdk || exit 1
java="$JAVA_HOME/bin/java"

# ---------------------------------------------------------------- build
jar="$root/kernel/target/loombook-kernel.jar"
if [ "$build" = auto ]; then
  if [ ! -f "$jar" ] || [ ! -d "$root/kernel/target/lib" ]; then build=yes
  elif [ -n "$(find "$root/pom.xml" "$root/runtime/pom.xml" "$root/kernel/pom.xml" "$root/runtime/src/main" "$root/kernel/src/main" \
                  -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then build=yes
  else build=no; fi
fi
if [ "$build" = yes ]; then
  echo "building the kernel (JDK: $JAVA_HOME)..."
  "$root/mvnw" -f "$root/pom.xml" -q -B -DskipTests package -pl kernel -am || die "the build failed (see above)"
fi
[ -f "$jar" ] || die "no kernel jar at $jar; build with ./loombook build"

# ---------------------------------------------------------------- install
mkdir -p "$kernels" || die "cannot create $kernels"
# Nothing changed since the last install here (same jars, java, flags): keep it, and its AOT cache.
stamp="$( { echo "$java $jvm_flags $aot $display"; cksum "$jar" "$root"/kernel/target/lib/*.jar | awk '{print $1, $2}'; } | cksum | awk '{print $1}')"
if [ "$build" = no ] && [ -f "$kdir/kernel.json" ] && [ "$(cat "$kdir/.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "the Loombook kernel '$name' in $kdir is up to date"
  if [ "$open" = 1 ]; then install_done=1; else exit 0; fi
fi
if [ -z "${install_done:-}" ]; then
tmp="$(mktemp -d "$kernels/.$name.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib"
cp "$jar" "$tmp/lib/"
runtime_jar=""
for f in "$root"/kernel/target/lib/*.jar; do
  cp "$f" "$tmp/lib/"
  case "$(basename "$f")" in loombook-runtime-*) runtime_jar="$(basename "$f")" ;; esac
done
cp "$root/install/logo-svg.svg" "$tmp/" 2>/dev/null || true

# class path: the kernel, the runtime, then the libraries (the resolver last: it loads only for %maven)
cp_list="$kdir/lib/loombook-kernel.jar"
[ -n "$runtime_jar" ] && cp_list="$cp_list:$kdir/lib/$runtime_jar"
for f in $(cd "$tmp/lib" && ls *.jar | sort); do
  case "$f" in loombook-kernel.jar|"$runtime_jar") ;; *) cp_list="$cp_list:$kdir/lib/$f" ;; esac
done

docs_url="file://$root/README.md"

# The ahead-of-time cache (JDK 25, JEP 483/514/515): a training run records the classes the kernel
# loads and links and its method profiles; every kernel start then maps them instead of redoing it.
# It has to be made at the final place, with the class path the kernel will use.
rm -rf "$kdir.old"; [ -e "$kdir" ] && mv "$kdir" "$kdir.old"
chmod 755 "$tmp"; mv "$tmp" "$kdir"; trap - EXIT
rm -rf "$kdir.old"
agent_flag="-javaagent:$kdir/lib/loombook-kernel.jar"
aot_flag=""
if [ "$aot" = 1 ]; then
  echo "training the kernel for its ahead-of-time cache..."
  # shellcheck disable=SC2086
  if (cd "$kdir" && "$java" $jvm_flags $LOOMBOOK_REQUIRED_JVM_FLAGS "$agent_flag" -XX:AOTCacheOutput="$kdir/loombook.aot" \
        -cp "$cp_list" loombook.kernel.Training) > "$kdir/aot-training.log" 2>&1 && [ -s "$kdir/loombook.aot" ]; then
    aot_flag="-XX:AOTCache=$kdir/loombook.aot"
    rm -f "$kdir/aot-training.log"
  else
    echo "install: warning: the ahead-of-time cache could not be built (see $kdir/aot-training.log); the kernel works, but starts slower" >&2
  fi
fi

json_string() { local s=$1; s=${s//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
{
  printf '{\n  "argv": [\n    %s' "$(json_string "$java")"
  # shellcheck disable=SC2086
  for f in $jvm_flags $LOOMBOOK_REQUIRED_JVM_FLAGS "$agent_flag" "-Dloombook.docs=$docs_url" $aot_flag -cp "$cp_list" loombook.kernel.Main "{connection_file}"; do
    printf ',\n    %s' "$(json_string "$f")"
  done
  printf '\n  ],\n  "display_name": %s,\n  "language": "java",\n  "interrupt_mode": "message",\n' "$(json_string "$display")"
  # fewer glibc malloc arenas: less native memory for the same work (measured in the decision record)
  printf '  "env": {"MALLOC_ARENA_MAX": "2"},\n'
  printf '  "metadata": {"debugger": false, "loombook": {"jvm_flags": %s, "root": %s}}\n}\n' "$(json_string "$jvm_flags")" "$(json_string "$root")"
} > "$kdir/kernel.json"

echo "$stamp" > "$kdir/.stamp"
echo "installed the Loombook kernel '$name' in $kdir (java: $java${aot_flag:+, with an AOT cache})"
fi

if [ "$open" = 1 ]; then
  cd "$root/notebooks"
  as_root=(); [ "$(id -u)" = 0 ] && as_root=(--allow-root)     # containers often run as root
  if command -v jupyter-lab >/dev/null 2>&1; then exec jupyter lab "${as_root[@]}"
  elif command -v jupyter-notebook >/dev/null 2>&1; then exec jupyter notebook "${as_root[@]}"
  else die "no Jupyter found on PATH (jupyter-lab or jupyter-notebook). Install one, for example: apt-get install jupyter-notebook, or pip install notebook"
  fi
fi
