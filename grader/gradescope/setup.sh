#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu):
# it installs what the project needs and builds pargrade in $SOURCE/build.
#
# The zip's contents are at /autograder/source; AUTOGRADER_ROOT (default /autograder)
# or PARGRADE_SOURCE moves that, for a test or a trial run on your own machine.
set -euo pipefail

ROOT=${AUTOGRADER_ROOT:-/autograder}
SOURCE=${PARGRADE_SOURCE:-$ROOT/source}
cd "$SOURCE"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The project's own list of packages (compilers, Open MPI, CUnit, inih, cJSON).
sh cmake/install-deps.sh grade

# The project needs CMake 3.25 or newer (Ubuntu 24.04 has it; 22.04 has 3.22): an
# older one is replaced by the CMake that pip installs.
cmake_ok() {
  local v
  v=$(cmake --version 2>/dev/null | sed -n 's/^cmake version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  # shellcheck disable=SC2086  # split "3 28" into $1 and $2
  [ -n "$v" ] && set -- $v && { [ "$1" -gt 3 ] || { [ "$1" -eq 3 ] && [ "$2" -ge 25 ]; }; }
}
if ! cmake_ok; then
  apt-get install -y -qq --no-install-recommends python3-pip
  pip3 install --quiet 'cmake>=3.25' || pip3 install --quiet --break-system-packages 'cmake>=3.25'
  hash -r
fi

cmake --preset default
cmake --build build --parallel "$(nproc)"
test -x build/bin/pargrade
echo "setup.sh: pargrade is built: $SOURCE/build/bin/pargrade"
