#!/usr/bin/env bash
# Makes the zip to upload as a Gradescope programming assignment's autograder:
# setup.sh and run_autograder at the root, the project's tracked files beside them,
# and, when EXERCISE is given, the file pargrade-exercise naming the assignment's
# exercise (so that flat uploads of embarrassing.c, openmp.c, mpi.c can be placed),
# and, when PARGRADE_ARGS is set, the file pargrade-args with those options for every
# grading (e.g. PARGRADE_ARGS=--quick for correctness only).
#
# usage: grader/gradescope/make-autograder-zip.sh [EXERCISE] [OUTPUT.zip]
#   e.g. grader/gradescope/make-autograder-zip.sh 01-pi autograder-01-pi.zip
set -euo pipefail
exercise=${1:-}
output=${2:-autograder${exercise:+-$exercise}.zip}
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
case $output in /*) ;; *) output=$(pwd)/$output ;; esac
if [ -n "$exercise" ] && [ ! -d "$project/exercises/$exercise" ]; then
  echo "make-autograder-zip: no exercise $exercise in $project/exercises" >&2
  exit 2
fi
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# The files git knows or would take (tracked, and new ones not ignored): no build/.
(cd "$project" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do
    [ -f "$f" ] && cp --parents -- "$f" "$stage"
  done)
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
if [ -n "$exercise" ]; then echo "$exercise" > "$stage/pargrade-exercise"; fi
if [ -n "${PARGRADE_ARGS:-}" ]; then echo "$PARGRADE_ARGS" > "$stage/pargrade-args"; fi
rm -f "$output"
(cd "$stage" && zip -qr "$output" .)
echo "make-autograder-zip: wrote $output${exercise:+ (exercise $exercise)}"
