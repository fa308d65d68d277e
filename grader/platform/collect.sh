# Sourced by the course platforms' runners (grader/gradescope/run_autograder,
# grader/prairielearn/run): the files of a student's upload, copied into a folder
# that mirrors exercises/, which pargrade --submission grades.
#
# collect_submission UPLOAD DEST
#   UPLOAD may be a tree that mirrors exercises/ (01-pi/openmp.c, 00-choose/
#   answers.txt, ..., also inside one top folder, as a zip of a folder gives), or the
#   flat files of one exercise (embarrassing.c, openmp.c, mpi.c, or answers.txt),
#   which go to DEST/$EXERCISE. It reads and may set EXERCISE (flat answers.txt alone
#   is 00-choose), and calls the caller's `fail MESSAGE` when there is nothing to
#   grade; EXERCISE_HINT ends the message for flat files without an exercise (how the
#   instructor names it on this platform). Only plain files are taken (find -type f
#   does not follow links: a link to the reference solution is not a submission).

collect_wanted=(-name embarrassing.c -o -name openmp.c -o -name mpi.c -o -name answers.txt)

collect_submission() {
  local upload=$1 dest=$2 found_tree=0 dir name files f
  rm -rf "$dest"
  mkdir -p "$dest"
  # A tree: folders named NN-name, at most three levels down; the shallowest of a
  # name wins.
  while IFS= read -r dir; do
    name=$(basename "$dir")
    [ -d "$dest/$name" ] && continue
    mkdir -p "$dest/$name"
    find "$dir" -maxdepth 1 -type f \( "${collect_wanted[@]}" \) -exec cp -- {} "$dest/$name/" \;
    found_tree=1
  done < <(find "$upload" -mindepth 1 -maxdepth 3 -type d -name '[0-9][0-9]-*' \
             -printf '%d %p\n' | sort -n | cut -d' ' -f2-)
  [ "$found_tree" -eq 1 ] && return 0

  # Flat files: the shallowest of each name, up to one folder down.
  files=$(find "$upload" -mindepth 1 -maxdepth 2 -type f \( "${collect_wanted[@]}" \) \
            -printf '%d %p\n' | sort -n | cut -d' ' -f2-)
  [ -n "$files" ] || fail "The upload holds none of the files to grade (embarrassing.c, openmp.c, mpi.c, or answers.txt for 00-choose), and no exercise folder such as 01-pi/."
  if [ -z "$EXERCISE" ]; then
    if printf '%s\n' "$files" | grep -q '/answers.txt$'; then
      EXERCISE=00-choose
    else
      fail "The files were uploaded without their exercise folder, and this assignment does not name its exercise. Upload the folder (e.g. 01-pi/ with its .c files), or ask the instructor to set the exercise ($EXERCISE_HINT)."
    fi
  fi
  mkdir -p "$dest/$EXERCISE"
  while IFS= read -r f; do
    [ -e "$dest/$EXERCISE/$(basename "$f")" ] || cp -- "$f" "$dest/$EXERCISE/"
  done <<< "$files"
}
