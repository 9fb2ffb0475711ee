#!/usr/bin/env bash
# Installs Debian packages a target needs, unless the files it uses are already there.
#   scripts/ensure_debian_packages.sh "FILE [FILE...]" PACKAGE [PACKAGE...]
# Used for Chromium (the browser tests: Playwright cannot download browsers on these
# machines), nginx (the cluster) and docker-compose (checking the Compose deployment).
set -euo pipefail

needed_files=$1
shift
missing=0
for file in $needed_files; do
  [ -e "$file" ] || missing=1
done
if [ "$missing" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "error: install the Debian packages $* as root" >&2
  exit 1
fi
echo "Installing Debian's $*"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "$@" >/dev/null
