#!/usr/bin/env bash
# Builds the OrchLab k3s TEST STAND-IN image (see Dockerfile) from the lab's own jars and the local JDK — nothing is
# downloaded. Unlike the other stand-ins it needs the built lab, so .ci/run's build of the stand-ins skips it (no TAG
# file); the integration tests call this script with their class path (app/sim K3sStandInImage).
#
#   build.sh CLASSPATH_FILE TAG [TAG...]
#
# CLASSPATH_FILE lists the jars and class folders of the stand-in, one per line (folders are packed as jars).
# Two images: orchlab/k3s-standin-base:<key> (busybox, the jlinked runtime, glibc; built once per JDK) and, on it, TAG
# with the jars.
# JAVA_HOME (default: the JDK of the `java` on PATH) supplies jlink and the runtime modules; the glibc libraries the
# runtime links against (ldd) are copied beside it, and the static busybox (busybox-static package or $BUSYBOX) gives
# /bin/sh, as for the other stand-ins. Exit status 3: a tool is missing here (the tests then skip and say which).
set -euo pipefail
command -v docker >/dev/null 2>&1 || { echo "k3s-standin: no docker command found" >&2; exit 3; }
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 CLASSPATH_FILE TAG [TAG...]" >&2; exit 2; }
classpath_file="$1"; shift

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[ -x "$java_home/bin/jlink" ] || { echo "k3s-standin: no jlink in $java_home (set JAVA_HOME to a JDK)" >&2; exit 3; }
busybox="${BUSYBOX:-}"
if [ -z "$busybox" ] && command -v dpkg >/dev/null 2>&1; then
  busybox="$(dpkg -L busybox-static 2>/dev/null | grep '/busybox$' | head -n 1 || true)"
fi
[ -n "$busybox" ] || busybox="/bin/busybox"
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "k3s-standin: need a statically linked busybox: apt-get install busybox-static (or set BUSYBOX=/path/to/busybox)" >&2
  exit 3
fi

label_args=(--label org.orchlab.stand-in=true
  --label "org.opencontainers.image.description=OrchLab TEST STAND-IN for rancher/k3s (the simulated cluster), not k3s")
modules="java.base,java.logging,java.naming,java.net.http,java.sql,java.xml,java.management,jdk.httpserver,jdk.crypto.ec,jdk.unsupported"

# 1. the base: busybox, a Java runtime jlinked from this JDK and the glibc it needs. It depends only on the JDK, the
#    busybox and this script, so it is built once per JDK (jlink takes ~20 s on a busy machine) and kept by its tag.
base_key="$( { echo "$modules"; "$java_home/bin/java" -version 2>&1; readlink -f "$java_home"; sha256sum "$busybox" "$0" | cut -d' ' -f1; } \
  | sha256sum | cut -c1-16)"
base="orchlab/k3s-standin-base:$base_key"
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
if ! docker image inspect "$base" >/dev/null 2>&1; then
  # the whole file system is laid out here and copied in one layer: no RUN step, so no build container is started
  mkdir -p "$context/rootfs/bin" "$context/rootfs/opt/orchlab/lib" "$context/rootfs/etc/rancher/k3s" \
    "$context/rootfs/var/lib/rancher/k3s" "$context/rootfs/tmp"
  chmod 1777 "$context/rootfs/tmp"
  cp "$busybox" "$context/rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [ -e "$context/rootfs/bin/$applet" ] || ln -s busybox "$context/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$context/rootfs/etc/passwd"
  printf 'root:x:0:\n' > "$context/rootfs/etc/group"
  printf 'hosts: files dns\n' > "$context/rootfs/etc/nsswitch.conf"
  # the Java runtime: only the modules the simulated cluster uses (jdk.httpserver serves the API, jdk.crypto.ec the EC keys)
  "$java_home/bin/jlink" --add-modules "$modules" --no-header-files --no-man-pages --output "$context/rootfs/opt/java"
  # the shared libraries it links against, at the same paths (glibc's loader included)
  for lib in $( { ldd "$context/rootfs/opt/java/bin/java"; find "$context/rootfs/opt/java/lib" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
      | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$context" | sort -u); do
    mkdir -p "$context/rootfs$(dirname "$lib")"
    cp -L "$lib" "$context/rootfs$lib"
  done
  printf 'FROM scratch\nCOPY rootfs/ /\n' > "$context/Dockerfile"
  echo "k3s-standin: building $base (busybox + Java runtime of $java_home)"
  if ! output="$(DOCKER_BUILDKIT=0 docker build "${label_args[@]}" -t "$base" "$context" 2>&1)"; then
    echo "$output" >&2
    echo "k3s-standin: building $base failed" >&2
    exit 1
  fi
  rm -rf "${context:?}"/*
fi

# 2. the stand-in: the base plus /bin/k3s and the lab's jars (class folders become jars), one layer
cp "$here/Dockerfile" "$context/"
mkdir -p "$context/rootfs/bin" "$context/rootfs/opt/orchlab/lib"
install -m 755 "$here/k3s" "$context/rootfs/bin/k3s"
n=0
while IFS= read -r entry; do
  [ -n "$entry" ] || continue
  n=$((n + 1))
  if [ -d "$entry" ]; then
    (cd "$entry" && "$java_home/bin/jar" --create --no-compress --file "$context/rootfs/opt/orchlab/lib/$(printf '%03d' "$n")-classes.jar" .)
  elif [ -f "$entry" ]; then
    cp "$entry" "$context/rootfs/opt/orchlab/lib/$(printf '%03d' "$n")-$(basename "$entry")"
  fi
done < "$classpath_file"

tag_args=()
for tag in "$@"; do tag_args+=(-t "$tag"); done
echo "k3s-standin: building $* (TEST STAND-IN for k3s) on $base with $n class path entries"
if ! output="$(DOCKER_BUILDKIT=0 docker build --build-arg "BASE=$base" "${label_args[@]}" "${tag_args[@]}" "$context" 2>&1)"; then
  echo "$output" >&2
  echo "k3s-standin: building $* failed" >&2
  exit 1
fi
echo "k3s-standin: $* ready"
