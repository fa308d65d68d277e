#!/bin/sh
# Installs the Debian/Ubuntu packages the build and the tests need, if any are missing.
# Run by `make grade` and `make test` before CMake; when nothing is missing it does nothing.
set -eu

packages="cmake gcc make pkg-config openmpi-bin libopenmpi-dev libcunit1-dev libinih-dev libcjson-dev"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian/Ubuntu system, so nothing is installed for you." >&2
  echo "setup: if the build fails, install the equivalents of: $packages" >&2
  exit 0
fi

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

install="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
  sudo="sudo"   # works without a password, or can ask for one at this terminal
else
  echo "setup: these packages are missing:$missing" >&2
  echo "setup: ask an administrator to run, then try again:" >&2
  echo "  sudo apt-get update && sudo $install" >&2
  exit 1
fi
echo "setup: installing$missing" >&2
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive $install
