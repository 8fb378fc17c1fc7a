#!/bin/sh
# OrchLab TEST STAND-IN for the node image's entrypoint: "docker run image -e 'x'" runs node, anything else runs as is.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" 2>/dev/null)" ]; then
  set -- node "$@"
fi
exec "$@"
