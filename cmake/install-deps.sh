#!/bin/sh
# Installs the Debian/Ubuntu packages the build and the tests need, if any are missing.
# Run by `make grade`, `make test` and `make slides` before CMake; when nothing is missing
# it does nothing.
set -eu

# usage: install-deps.sh [grade|slides|test]   (what the packages are for; default grade)
purpose=${1:-grade}

# Building and grading the exercises; gdb and binutils' addr2line name the place of a
# hang or a crash in the grader's feedback, clang 14 with its OpenMP runtime (Archer)
# and its ThreadSanitizer runtime (libclang-rt, only recommended by clang-14) finds
# data races in OpenMP versions; llvm-14's symbolizer gives their lines.
packages="cmake gcc make pkg-config openmpi-bin libopenmpi-dev libcunit1-dev libinih-dev libcjson-dev gdb binutils clang-14 libomp-14-dev libclang-rt-14-dev llvm-14"
# The slides: Node.js and npm run Marp CLI (`make slides`); Chromium and a font
# render the decks in the browser test (`make test`). A student who only grades
# does not need a browser. iproute2's `ip` makes the network namespaces that the
# multinode test spreads MPI ranks over. slurm-wlm and munge: the single-node Slurm
# cluster that the job scripts' test (tests/slurm) starts and submits to; its srun
# --mpi=pmix loads libpmix.so, which only libpmix-dev has.
case $purpose in
  grade) ;;
  slides) packages="$packages nodejs npm" ;;
  test) packages="$packages nodejs npm chromium fonts-dejavu-core iproute2 slurm-wlm munge libpmix-dev" ;;
  *) echo "setup: unknown purpose '$purpose' (expected grade, slides or test)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian/Ubuntu system, so nothing is installed for you." >&2
  echo "setup: if the build fails, install the equivalents of: $packages" >&2
  exit 0
fi

missing=""
for p in $packages; do
  # A Node.js installed some other way (nvm, a tarball) serves as well as Debian's.
  case $p in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
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
