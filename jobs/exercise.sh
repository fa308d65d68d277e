# What every job script in this folder starts with: the exercise's program, its size
# and seed, its input, and where its result goes. A script reads it with
#   . jobs/exercise.sh EXERCISE
# so submit from the project's top folder, after `make`, for example:
#   sbatch jobs/openmp.sbatch 01-pi
# Another size or seed, for one job:
#   SIZE=1000000 SEED=3 sbatch jobs/openmp.sbatch 01-pi

# The program of each exercise, and the size a job runs when you give none (a few
# seconds for the serial program).
case $1 in
  01-pi)       PROGRAM=pi;       DEFAULT_SIZE=400000000 ;;  # darts
  02-images)   PROGRAM=images;   DEFAULT_SIZE=1000 ;;       # images (about 300 MB)
  03-coral)    PROGRAM=coral;    DEFAULT_SIZE=3200 ;;       # walkers
  04-genomics) PROGRAM=genomics; DEFAULT_SIZE=200000000 ;;  # bases (a 203 MB file)
  05-turbine)  PROGRAM=turbine;  DEFAULT_SIZE=640 ;;        # a 640 x 640 grid
  *)
    echo "jobs: which exercise? Put its folder's name after the script, for example: sbatch jobs/openmp.sbatch 01-pi (got '$1')" >&2
    exit 2 ;;
esac
SIZE=${SIZE:-$DEFAULT_SIZE}
SEED=${SEED:-1}
BIN=build/bin       # where `make` puts the programs
OUT=jobs/output     # where the results go: jobs/output/PROGRAM-VERSION.txt

if [ ! -x "$BIN/$PROGRAM-serial" ]; then
  echo "jobs: there is no $BIN/$PROGRAM-serial in $(pwd): run make first, and submit from the project's top folder" >&2
  exit 1
fi
mkdir -p "$OUT"

# Sets INPUT to what the program reads besides its options. 02-images and 04-genomics
# read an input that PROGRAM-generate makes from SIZE and SEED; the first job that needs
# it makes it, under a name of its own and then renamed, so that jobs running at the
# same time never read a half-written one. On a cluster, jobs/output must be on a file
# system that every node sees (your home folder usually is).
exercise_input() {
  INPUT=""
  [ -x "$BIN/$PROGRAM-generate" ] || return 0
  INPUT=$OUT/$PROGRAM-input-size$SIZE-seed$SEED
  [ -e "$INPUT" ] && return 0
  local mine=$INPUT.job$SLURM_JOB_ID
  "$BIN/$PROGRAM-generate" --size "$SIZE" --seed "$SEED" --output "$mine" || exit 1
  mv -T "$mine" "$INPUT" 2>/dev/null || rm -rf "$mine"   # another job made it first
}
