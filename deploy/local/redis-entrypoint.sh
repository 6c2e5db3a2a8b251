#!/bin/sh
# Entrypoint of the local Redis stand-in (redis.Dockerfile). Like the official image, it
# turns protected mode off (the server is reachable only on the compose network) and
# listens on every address; the options given after `redis-server` still win.
set -eu
if [ "${1:-}" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no --bind "* -::*" --dir /data "$@"
fi
exec "$@"
