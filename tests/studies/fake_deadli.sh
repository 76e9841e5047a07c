#!/bin/bash
# A stand-in for deadli in cli/sweep_parallel_interrupt, so that scheduling,
# Ctrl-C and resuming can be tested with runs that take time but no CPU.
#
#   fake_deadli.sh --validate FILE.prm   accepts any file
#   fake_deadli.sh FILE.prm              in FILE.prm's Output directory: copies
#                                        FILE.prm to parameters.prm, writes a
#                                        checkpoint (checkpoint-000001 with a
#                                        state.bin), sleeps $FAKE_DEADLI_SECONDS
#                                        (default 1), then writes statistics.csv
#                                        and a 2-cycle cycles.csv
#   fake_deadli.sh --resume DIR          the same with DIR/parameters.prm, after
#                                        checking that DIR has a checkpoint
#
# Its process id goes to fake_deadli.pid in the output directory. The outputs
# depend on the plating current density i of the file: dead Li0 = i/100
# mAh/cm2, CE = 100 - i %. statistics.csv has no 'largest dead fragment
# [um3]' column, to test that a missing column leaves an empty cell.
set -eu
case $1 in
  --validate)
    echo "$2: valid (fake deadli)"
    exit 0
    ;;
  --resume)
    prm=$2/parameters.prm
    [ -f "$2"/checkpoint-000001/state.bin ] || { echo "fake deadli: no checkpoint in $2"; exit 1; }
    echo "fake deadli: resumed from checkpoint-000001"
    ;;
  *)
    prm=$1
    ;;
esac
last_entry() { sed -n "s/^ *set $1 *= *//p" "$prm" | tail -n 1; }
output=$(last_entry 'Output directory')
current=$(last_entry 'Plating current density \[mA\/cm2\]')
echo "fake deadli: $prm, current density $current, output in $output"
mkdir -p "$output/checkpoint-000001"
[ "$1" = --resume ] || cp "$prm" "$output/parameters.prm"
touch "$output/checkpoint-000001/state.bin"
echo $$ > "$output/fake_deadli.pid"
sleep "${FAKE_DEADLI_SECONDS:-1}"
awk -v i="$current" 'BEGIN {
  print "time [s],step,cycle,stage,collector potential [V],Li metal capacity [mAh/cm2],dead Li0 [mAh/cm2],SEI Li+ [mAh/cm2]"
  print "0,0,1,plate,0,0.5,0,0"
  print "1,1,1,plate,-0.05,0.6,0,0.001"
  print "2,2,2,strip," 0.01 * i ",0.4," i / 100 ",0.002"
}' > "$output/statistics.csv"
awk -v i="$current" 'BEGIN {
  print "cycle,plated [mAh/cm2],stripped [mAh/cm2],Coulombic efficiency [%]"
  print "1,0.1,0.09," 100 - i
  print "2,0.1,0.095," 100 - i / 2
}' > "$output/cycles.csv"
echo "fake deadli: done"
