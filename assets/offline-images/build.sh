#!/usr/bin/env bash
# Builds the OrchLab TEST STAND-IN images (see README.md) and tags them with the names the course's
# solutions use in FROM (python:3.12-slim, node:20-alpine, nginx:alpine, postgres:16) plus alpine:3.17
# for Testcontainers. For offline CI only: learners on a normal machine pull the real images.
#
# Idempotent: rebuilding hits the build cache. Never replaces a real image: a tag that exists without
# the org.orchlab.stand-in=true label is left alone. Skips (exit 0) when there is no Docker engine.
# The static busybox binary comes from the busybox-static Debian package (or $BUSYBOX) and is copied
# into a temporary build context; it is never written into the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
label="org.orchlab.stand-in=true"

if ! command -v docker >/dev/null 2>&1; then
  echo "offline-images: no docker command found — skipping the stand-in images"
  exit 0
fi
if ! docker info >/dev/null 2>&1; then
  echo "offline-images: no Docker engine answers (is dockerd running?) — skipping the stand-in images"
  exit 0
fi

busybox="${BUSYBOX:-}"
if [ -z "$busybox" ] && command -v dpkg >/dev/null 2>&1; then
  busybox="$(dpkg -L busybox-static 2>/dev/null | grep '/busybox$' | head -n 1 || true)"
fi
[ -n "$busybox" ] || busybox="/bin/busybox"
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "offline-images: need a statically linked busybox: apt-get install busybox-static (or set BUSYBOX=/path/to/busybox)" >&2
  exit 1
fi

built=0
for recipe in "$here"/*/; do
  recipe="${recipe%/}"
  [ -f "$recipe/Dockerfile" ] && [ -f "$recipe/TAG" ] || continue
  tags=()
  while read -r tag; do
    [ -n "$tag" ] || continue
    if docker image inspect "$tag" >/dev/null 2>&1 \
       && [ "$(docker image inspect --format '{{ index .Config.Labels "org.orchlab.stand-in" }}' "$tag")" != "true" ]; then
      echo "offline-images: $tag exists and is a real image — leaving it alone"
      continue
    fi
    tags+=("$tag")
  done < "$recipe/TAG"
  [ ${#tags[@]} -gt 0 ] || continue

  context="$(mktemp -d)"
  trap 'rm -rf "$context"' EXIT
  cp -R "$recipe"/. "$context"/
  cp -R "$here/common" "$context/common"
  cp "$busybox" "$context/busybox"
  tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  echo "offline-images: building ${tags[*]} (TEST STAND-IN) from $(basename "$recipe")/"
  # the classic builder works with every engine and needs no buildx plugin; its output is shown only on failure
  if ! output="$(DOCKER_BUILDKIT=0 docker build --label "$label" \
      --label "org.opencontainers.image.description=OrchLab TEST STAND-IN for ${tags[0]} (busybox), not the real image" \
      "${tag_args[@]}" "$context" 2>&1)"; then
    echo "$output" >&2
    echo "offline-images: building ${tags[*]} failed" >&2
    exit 1
  fi
  rm -rf "$context"
  trap - EXIT
  built=$((built + 1))
done
echo "offline-images: $built stand-in image(s) ready"
