#!/bin/sh
# Slide demo: run the shares of pi-embarrassing as separate commands, two ways.
# Usage: shares.sh BIN_DIR WORK_DIR   (BIN_DIR holds pi-embarrassing)
set -eu
P="$1/pi-embarrassing"
cd "$2"

# slide: shell-and
for i in 0 1 2 3; do
  $P --size 4000000 --seed 7 --shard $i/4 --output part$i.txt &
done
wait    # until all four have finished
$P --combine part0.txt part1.txt part2.txt part3.txt --output amp.txt
# end slide

rm -f part*.txt
# slide: xargs
seq 0 7 | xargs -P 2 -I{} $P --size 4000000 --seed 7 --shard {}/8 --output part{}.txt
$P --combine part*.txt --output xargs.txt
# end slide
