#!/usr/bin/env bash
# Installs the Loombook Jupyter kernel (a kernelspec) for this user, for every user, or into a prefix.
#
#   install/install.sh                 build if needed, install for this user
#   install/install.sh --system        for every user of this machine: /usr/local/share/jupyter/kernels/loombook,
#                                      and the course in /usr/local/share/loombook/course (run as root)
#   install/install.sh --prefix P      the same under P: P/share/jupyter/kernels/loombook, P/share/loombook/course
#   install/install.sh --sys-prefix    into the Python environment's prefix (where its Jupyter looks)
#   install/install.sh --dir D         into D/loombook (D is a Jupyter "kernels" directory)
#   install/install.sh --uninstall     remove it (with the same location options; the course too)
#   install/install.sh --open          install for this user, then open the course in Jupyter
#
# Other options:
#   --name NAME            kernelspec name (default: loombook)
#   --display-name TEXT    name shown in Jupyter (default: "Java 25 (Loombook)")
#   --kernel-memory SIZE   the memory one kernel may use, e.g. 1g or 1536m (default: 2g, or a quarter of
#                          this machine's memory if less); its heap is SIZE minus 160m for the JVM's own
#   --setting NAME=VALUE   a %settings value every kernel starts with (repeat), e.g. processLimit=50000
#   --jvm-flags "FLAGS"    the kernel JVM's tunable flags (default below; or env LOOMBOOK_JVM_FLAGS)
#   --docs-url URL         the runtime's documentation in Jupyter's Help menu (default: the README
#                          copied next to kernel.json)
#   --course, --no-course  install the course notebooks too (default: with --system and --prefix only)
#   --no-aot               skip the ahead-of-time cache (slower start, faster install)
#   --no-build             use the jars already built in kernel/target
#   --rebuild              build even if the jars look up to date
#
# The kernelspec runs an absolute java with an absolute class path and needs nothing from PATH or
# from this checkout: the jars, the AOT cache and the README are copied next to kernel.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/install/jdk.sh"

# The kernel JVM's flags, chosen by measurement (docs/decisions/0102-kernel-jvm-flags.md): SerialGC,
# a small young generation and tight free-heap ratios keep resident memory low while the heap may
# still grow (up to the kernel's memory budget, below) for big process demos; C1 only, because JShell's compiler is most
# of what a kernel runs and C2 spends more CPU and memory warming up than it gives back in a
# notebook; card marks only on clean cards (UseCondCardMark: two schedulers' processes, allocated
# side by side, otherwise write one cache line of the card table, decision 0006); the runtime's two
# memory knobs (a smaller process) (docs/decisions/0002-scheduler.md).
LOOMBOOK_DEFAULT_JVM_FLAGS="-XX:+UseSerialGC -XX:+UseCondCardMark -Xms16m -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Djava.lang.ScopedValue.cacheSize=2 -Djdk.trackAllThreads=false"
# What the kernel needs whatever the tunable flags are: JShell's source list, for the runtime's Javadoc;
# and the kernel jar as a Java agent (added below, with its installed path): the exit gate, which refuses
# System.exit/Runtime.halt to cell code on every path (docs/decisions/0301-hostile-cells.md).
LOOMBOOK_REQUIRED_JVM_FLAGS="--add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"

# The memory one kernel may use, by default (MiB), and what of it the JVM keeps outside the heap: code,
# classes, threads and malloc arenas took 100-110 MB after four course notebooks (NMT, RSS minus heap).
LOOMBOOK_DEFAULT_KERNEL_MEMORY_MB=2048
LOOMBOOK_NON_HEAP_MB=160

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; echo "Default JVM flags: $LOOMBOOK_DEFAULT_JVM_FLAGS"; }
die() { echo "install: $*" >&2; exit 1; }
umask 022

where=user; target=""; name=loombook; display="Java 25 (Loombook)"
uninstall=0; open=0; build=auto; aot=1; course=auto; docs_url=""; kernel_memory=auto; settings=""
jvm_flags="${LOOMBOOK_JVM_FLAGS:-$LOOMBOOK_DEFAULT_JVM_FLAGS}"
while [ $# -gt 0 ]; do
  case "$1" in
    --user) where=user ;;
    --system) where=prefix; target=/usr/local ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; where=prefix; target="$2"; shift ;;
    --prefix=*) where=prefix; target="${1#*=}" ;;
    --sys-prefix) where=sys-prefix ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; where=dir; target="$2"; shift ;;
    --dir=*) where=dir; target="${1#*=}" ;;
    --name) [ $# -ge 2 ] || die "--name needs a name"; name="$2"; shift ;;
    --display-name) [ $# -ge 2 ] || die "--display-name needs a text"; display="$2"; shift ;;
    --kernel-memory) [ $# -ge 2 ] || die "--kernel-memory needs a size, e.g. 1g"; kernel_memory="$2"; shift ;;
    --kernel-memory=*) kernel_memory="${1#*=}" ;;
    --setting) [ $# -ge 2 ] || die "--setting needs NAME=VALUE"; settings="${settings:+$settings }$2"; shift ;;
    --setting=*) settings="${settings:+$settings }${1#*=}" ;;
    --jvm-flags) [ $# -ge 2 ] || die "--jvm-flags needs the flags, quoted"; jvm_flags="$2"; shift ;;
    --jvm-flags=*) jvm_flags="${1#*=}" ;;
    --docs-url) [ $# -ge 2 ] || die "--docs-url needs a URL"; docs_url="$2"; shift ;;
    --docs-url=*) docs_url="${1#*=}" ;;
    --course) course=yes ;;
    --no-course) course=no ;;
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
for s in $settings; do
  [[ "$s" =~ ^[A-Za-z]+=[^[:space:]]+$ ]] || die "--setting takes NAME=VALUE with no spaces (e.g. processLimit=50000), not '$s'"
done
if [ "$where" = prefix ]; then
  [ -n "$target" ] || die "--prefix needs a directory"
  case "$target" in /*) ;; *) target="$(pwd)/$target" ;; esac
fi

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
# The course goes beside a shared install, where a hub copies it into each student's home.
course_dir=""
if [ "$where" = prefix ]; then course_dir="$target/share/loombook/course"; fi
[ "$course" = auto ] && { [ -n "$course_dir" ] && course=yes || course=no; }
if [ "$course" = yes ] && [ -z "$course_dir" ]; then
  course_dir="$(dirname "$(dirname "$kernels")")/loombook/course"    # <data dir>/jupyter/kernels -> <data dir>/loombook/course
fi

if [ "$uninstall" = 1 ]; then
  if [ -f "$kdir/kernel.json" ] && grep -q 'loombook.kernel.Main' "$kdir/kernel.json"; then
    rm -rf "$kdir"; echo "removed the Loombook kernelspec $kdir"
  elif [ -e "$kdir" ]; then
    die "$kdir is not a Loombook kernelspec; leaving it alone"
  else
    echo "no Loombook kernelspec at $kdir (nothing to remove)"
  fi
  if [ -n "$course_dir" ] && [ -f "$course_dir/.loombook-course" ]; then
    rm -rf "$course_dir"; rmdir "$(dirname "$course_dir")" 2>/dev/null || true
    echo "removed the Loombook course $course_dir"
  fi
  exit 0
fi

if ! mkdir -p "$kernels" 2>/dev/null || [ ! -w "$kernels" ]; then
  [ "$target" = /usr/local ] && die "--system writes to $kernels: run it as root (sudo ./loombook install --system)"
  die "cannot write to $kernels"
fi

loombook_find_jdk || exit 1
java="$JAVA_HOME/bin/java"
if [ "$where" = prefix ] && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
  # every user's kernel runs this java: make sure one who is not root can (a JDK under a home often cannot)
  setpriv --reuid=65534 --regid=65534 --clear-groups "$java" -version >/dev/null 2>&1 \
    || echo "install: warning: other users cannot run $java (a JDK inside a home directory?); install a JDK 25 for everyone, e.g. under /usr/lib/jvm, and point JAVA_HOME at it" >&2
fi

# ---------------------------------------------------------------- memory
# A size such as 1g, 1536m, 1G or 2GiB, in MiB; nothing if it is not one.
to_mib() {
  local v; v="$(echo "$1" | tr 'A-Z' 'a-z' | sed 's/i\{0,1\}b$//')"
  case "$v" in
    *[!0-9kmgt]*|"") return 1 ;;
    *t) echo $(( ${v%t} * 1024 * 1024 )) ;;
    *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo $(( ${v%m} )) ;;
    *k) echo $(( ${v%k} / 1024 )) ;;
    *) echo $(( v / 1024 / 1024 )) ;;
  esac
}
machine_mib() {
  if [ -r /proc/meminfo ]; then awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo
  elif command -v sysctl >/dev/null 2>&1; then echo $(( $(sysctl -n hw.memsize) / 1024 / 1024 ))
  fi
}
if [ "$kernel_memory" = auto ]; then
  memory_mb=$LOOMBOOK_DEFAULT_KERNEL_MEMORY_MB
  ram="$(machine_mib || true)"
  [ -n "$ram" ] && [ $(( ram / 4 )) -lt "$memory_mb" ] && memory_mb=$(( ram / 4 ))
  [ "$memory_mb" -lt 384 ] && memory_mb=384
else
  memory_mb="$(to_mib "$kernel_memory")" || die "--kernel-memory takes a size such as 1g or 1536m, not '$kernel_memory'"
  [ "$memory_mb" -ge 384 ] || die "--kernel-memory $kernel_memory is too small: a kernel needs at least 384m (its JVM alone keeps about ${LOOMBOOK_NON_HEAP_MB}m outside the heap)"
fi
heap_flag="-Xmx$(( memory_mb - LOOMBOOK_NON_HEAP_MB ))m"
case " $jvm_flags " in
  *" -Xmx"*|*" -XX:MaxHeapSize="*|*" -XX:MaxRAM"*)
    heap_flag=""
    [ "$kernel_memory" = auto ] || echo "install: warning: --jvm-flags sets the heap itself; --kernel-memory $kernel_memory is not applied" >&2 ;;
esac

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

# The settings every kernel starts with: checked now by the kernel itself, so a typo fails the install.
if [ -n "$settings" ]; then
  "$java" -cp "$jar:$root/kernel/target/lib/*" loombook.kernel.Main --check-settings "$settings" >/dev/null \
    || die "the kernel does not take --setting '$settings' (see above; %settings in a cell lists them)"
fi

# ---------------------------------------------------------------- course
install_course() {
  local src="$root/notebooks" tmp
  ls "$src"/*.ipynb >/dev/null 2>&1 || die "no course notebooks in $src"
  mkdir -p "$(dirname "$course_dir")"
  tmp="$(mktemp -d "$(dirname "$course_dir")/.course.XXXXXX")"
  cp "$src"/*.ipynb "$tmp/"
  source_id > "$tmp/.loombook-course"
  chmod -R a+rX "$tmp"
  rm -rf "$course_dir"; mv "$tmp" "$course_dir"
  echo "installed the course ($(ls "$course_dir"/*.ipynb | wc -l) notebooks) in $course_dir"
}
# What was installed, for the record: the commit, if this is a git checkout.
source_id() {
  local c; c="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)"
  if [ -n "$c" ]; then
    [ -n "$(git -C "$root" status --porcelain -- kernel runtime notebooks 2>/dev/null)" ] && c="$c+changes"
    echo "git $c"
  else echo "unknown"; fi
}

# ---------------------------------------------------------------- install
# Nothing changed since the last install here (same jars, java, flags): keep it, and its AOT cache.
stamp="$( { echo "$java $jvm_flags $heap_flag $aot $display $docs_url $settings"; cksum "$jar" "$root"/kernel/target/lib/*.jar "$root/README.md" | awk '{print $1, $2}'; } | cksum | awk '{print $1}')"
if [ "$build" = no ] && [ -f "$kdir/kernel.json" ] && [ "$(cat "$kdir/.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "the Loombook kernel '$name' in $kdir is up to date"
  install_done=1
fi
if [ -z "${install_done:-}" ]; then
tmp="$(mktemp -d "$kernels/.$name.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/docs"
cp "$jar" "$tmp/lib/"
runtime_jar=""
for f in "$root"/kernel/target/lib/*.jar; do
  cp "$f" "$tmp/lib/"
  case "$(basename "$f")" in loombook-runtime-*) runtime_jar="$(basename "$f")" ;; esac
done
cp "$root/install/logo-svg.svg" "$tmp/" 2>/dev/null || true
cp "$root/README.md" "$tmp/docs/README.md"

# class path: the kernel, the runtime, then the libraries (the resolver last: it loads only for %maven)
cp_list="$kdir/lib/loombook-kernel.jar"
[ -n "$runtime_jar" ] && cp_list="$cp_list:$kdir/lib/$runtime_jar"
for f in $(cd "$tmp/lib" && ls *.jar | sort); do
  case "$f" in loombook-kernel.jar|"$runtime_jar") ;; *) cp_list="$cp_list:$kdir/lib/$f" ;; esac
done

[ -n "$docs_url" ] || docs_url="file://$kdir/docs/README.md"
# every kernel starts with these %settings (checked above)
settings_flag=""; [ -n "$settings" ] && settings_flag="-Dloombook.settings=$settings"

# The ahead-of-time cache (JDK 25, JEP 483/514/515): a training run records the classes the kernel
# loads and links and its method profiles; every kernel start then maps them instead of redoing it.
# It has to be made at the final place, with the class path the kernel will use.
rm -rf "$kdir.old"; [ -e "$kdir" ] && mv "$kdir" "$kdir.old"
chmod -R a+rX "$tmp"; mv "$tmp" "$kdir"; trap - EXIT
rm -rf "$kdir.old"
agent_flag="-javaagent:$kdir/lib/loombook-kernel.jar"
aot_flag=""
if [ "$aot" = 1 ]; then
  echo "training the kernel for its ahead-of-time cache..."
  # shellcheck disable=SC2086
  # the agent is told it trains: it leaves the JDK's reflection classes as they are then (rewritten in
  # the cache, they crashed the JVM that assembles it), and rewrites them when the kernel starts
  if (cd "$kdir" && "$java" $jvm_flags $heap_flag $LOOMBOOK_REQUIRED_JVM_FLAGS "$agent_flag=aot-training" -XX:AOTCacheOutput="$kdir/loombook.aot" \
        -cp "$cp_list" loombook.kernel.Training) > "$kdir/aot-training.log" 2>&1 && [ -s "$kdir/loombook.aot" ]; then
    aot_flag="-XX:AOTCache=$kdir/loombook.aot"
    chmod a+r "$kdir/loombook.aot"
    rm -f "$kdir/aot-training.log"
  else
    echo "install: warning: the ahead-of-time cache could not be built (see $kdir/aot-training.log); the kernel works, but starts slower" >&2
  fi
fi

json_string() { local s=$1; s=${s//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
{
  printf '{\n  "argv": [\n    %s' "$(json_string "$java")"
  # shellcheck disable=SC2086
  for f in $jvm_flags $heap_flag $LOOMBOOK_REQUIRED_JVM_FLAGS "$agent_flag" "-Dloombook.docs=$docs_url" ${settings_flag:+"$settings_flag"} $aot_flag \
           -cp "$cp_list" loombook.kernel.Main "{connection_file}"; do
    printf ',\n    %s' "$(json_string "$f")"
  done
  printf '\n  ],\n  "display_name": %s,\n  "language": "java",\n  "interrupt_mode": "message",\n' "$(json_string "$display")"
  # Only literal values here, nothing the kernel needs to find its way (java and jars are absolute
  # paths above): VS Code, a hub or jupyter_client merge this over their own environment, and VS
  # Code and jupyter_client expand ${VAR} differently. Fewer glibc malloc arenas: less native memory
  # for the same work (measured in docs/decisions/0102).
  printf '  "env": {"MALLOC_ARENA_MAX": "2"},\n'
  printf '  "metadata": {"debugger": false, "loombook": {"kernel_memory": "%sm", "heap": %s, "settings": %s, "jvm_flags": %s, "source": %s}}\n}\n' \
    "$memory_mb" "$(json_string "${heap_flag:-set by jvm_flags}")" "$(json_string "$settings")" "$(json_string "$jvm_flags")" "$(json_string "$(source_id)")"
} > "$kdir/kernel.json"
chmod a+r "$kdir/kernel.json"

echo "$stamp" > "$kdir/.stamp"
echo "installed the Loombook kernel '$name' in $kdir (java: $java, ${memory_mb}m per kernel${aot_flag:+, with an AOT cache})"
fi
[ "$course" = yes ] && install_course

if [ "$open" = 1 ]; then
  cd "$root/notebooks"
  as_root=(); [ "$(id -u)" = 0 ] && as_root=(--allow-root)     # containers often run as root
  if command -v jupyter-lab >/dev/null 2>&1; then exec jupyter lab "${as_root[@]}"
  elif command -v jupyter-notebook >/dev/null 2>&1; then exec jupyter notebook "${as_root[@]}"
  else die "no Jupyter found on PATH (jupyter-lab or jupyter-notebook). Install one, for example: apt-get install jupyter-notebook, or pip install notebook"
  fi
fi
