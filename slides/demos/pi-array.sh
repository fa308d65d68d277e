#!/bin/sh
# Slide demo: one task of a Slurm job array; each task throws one share of the darts.
# Submit with:  sbatch pi-array.sh   then, when all 8 have ended:
#               build/bin/pi-embarrassing --combine part*.txt
# (The test runs it by hand, once per task, with the variables Slurm would set.)
# slide: slurm-array
#SBATCH --job-name=pi
#SBATCH --array=0-7
#SBATCH --ntasks=1
#SBATCH --time=00:10:00
P=${PI:-build/bin/pi-embarrassing}
$P --size "${SIZE:-400000000}" --seed 7 \
   --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
   --output "part$SLURM_ARRAY_TASK_ID.txt"
# end slide
