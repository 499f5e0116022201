#!/usr/bin/env bash
# Builds the single-user image without Docker Hub: a Debian bookworm base made with debootstrap,
# a JDK image made from a local JDK 25, then deploy/image/Dockerfile, all with Debian's buildah.
# How the image was built and run on this project's machine (cgroup v1 hybrid, no systemd, capped
# rlimits: hence runc instead of crun, and explicit ulimits).
#
#   sudo apt-get install buildah podman runc debootstrap
#   sudo deploy/image/build-offline.sh [JDK_HOME] [TAG] [-- extra buildah bud arguments, e.g. --build-arg KERNEL_MEMORY=1536m]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jdk="${1:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"; [ $# -gt 0 ] && shift
tag="${1:-localhost/loombook-singleuser:0.1.0}"; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
[ "$(id -u)" = 0 ] || { echo "build-offline: run as root (debootstrap, buildah)" >&2; exit 1; }
for p in buildah podman debootstrap runc; do command -v "$p" >/dev/null || { echo "build-offline: apt-get install buildah podman runc debootstrap" >&2; exit 1; }; done
[ -x "$jdk/bin/javac" ] || { echo "build-offline: no JDK at $jdk (give its home as the first argument)" >&2; exit 1; }
limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096 --runtime runc)

if ! buildah inspect localhost/debian:bookworm-slim >/dev/null 2>&1; then
  rootfs="$(mktemp -d)"; trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
  tar -C "$rootfs" -c . | podman import - localhost/debian:bookworm-slim
fi
# the JDK as the Temurin image has it: /opt/java/openjdk, with real CA certificates (a distribution's
# JDK often links cacerts to /etc/ssl, which the image does not have)
ctr="$(buildah from localhost/debian:bookworm-slim)"
buildah copy --quiet "$ctr" "$jdk" /opt/java/openjdk
if [ -L "$jdk/lib/security/cacerts" ]; then
  buildah copy --quiet "$ctr" "$(readlink -f "$jdk/lib/security/cacerts")" "$(readlink "$jdk/lib/security/cacerts")"
fi
buildah config --env JAVA_HOME=/opt/java/openjdk --env PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin "$ctr"
buildah commit --quiet --rm "$ctr" localhost/temurin:25-jdk >/dev/null

buildah bud "${limits[@]}" --network host --layers -f "$root/deploy/image/Dockerfile" \
  --build-arg JDK_IMAGE=localhost/temurin:25-jdk --build-arg BASE_IMAGE=localhost/debian:bookworm-slim -t "$tag" "$@" "$root"
echo "built $tag; try it: podman --runtime runc run --rm ${limits[*]:0:4} $tag python3 -c 'import jupyter_client'"
