#!/bin/bash
# A stand-in for deadli in cli/sweep_parallel_interrupt, so that scheduling
# and Ctrl-C can be tested with runs that take time but no CPU.
#
#   fake_deadli.sh --validate FILE.prm   accepts any file
#   fake_deadli.sh FILE.prm              sleeps $FAKE_DEADLI_SECONDS (default
#                                        1), then writes statistics.csv and a
#                                        2-cycle cycles.csv into the file's
#                                        Output directory; its process id
#                                        goes to fake_deadli.pid next to
#                                        FILE.prm
#
# The outputs depend on the plating current density i of the file: dead Li0
# = i/100 mAh/cm2, CE = 100 - i %. statistics.csv has no 'largest dead
# fragment [um3]' column, to test that a missing column leaves an empty cell.
set -eu
if [ "$1" = --validate ]; then
  echo "$2: valid (fake deadli)"
  exit 0
fi
prm=$1
last_entry() { sed -n "s/^ *set $1 *= *//p" "$prm" | tail -n 1; }
output=$(last_entry 'Output directory')
current=$(last_entry 'Plating current density \[mA\/cm2\]')
echo "fake deadli: $prm, current density $current, output in $output"
echo $$ > "$(dirname "$prm")/fake_deadli.pid" # for the Ctrl-C test
sleep "${FAKE_DEADLI_SECONDS:-1}"
mkdir -p "$output"
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
