#!/usr/bin/env bash
# Installs the Debian packages Nianlun needs that a fresh machine may lack; with no root or
# no apt-get it stops and prints the exact command to run. `--compose` adds what
# `make compose-test` needs: the Docker engine and debootstrap (for the local base image).
set -euo pipefail

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep "$1" >/dev/null; }  # not -q: an early exit fails the pipe under pipefail
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v chromium >/dev/null || missing+=(chromium)  # the browser tests drive Debian's Chromium
command -v zbarimg >/dev/null || missing+=(zbar-tools)  # the tests decode every QR code
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ "${1:-}" = --compose ]; then
  command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
fi

[ ${#missing[@]} -eq 0 ] && exit 0
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "Nianlun needs these system packages: ${missing[*]}" >&2
  echo "Run:  sudo sh -c '$command'" >&2
  exit 1
fi
