#!/bin/bash
# regression/partition_np<N>: run tests/regression/partition.prm on N ranks in
# the current directory (its output goes to ./output), for the comparison in
# regression/partition_independence and the checks of
# regression/quickstart_outputs.
# Usage: run_partition.sh DEADLI MPIEXEC SOURCE_DIR NPROCS
set -u
[ $# -eq 4 ] || { echo "usage: $0 DEADLI MPIEXEC SOURCE_DIR NPROCS"; exit 2; }
deadli=$1
mpiexec=$2
source_dir=$3
nprocs=$4

rm -rf output partition.prm stdout stderr
cp "$source_dir/tests/regression/partition.prm" . || exit 1
echo "running: $mpiexec -np $nprocs $deadli partition.prm in $PWD"
timeout -k 5 55 "$mpiexec" -np "$nprocs" "$deadli" partition.prm \
  > stdout 2> stderr
rc=$?
tail -n 25 stdout
cat stderr
if [ $rc -ne 0 ]; then
  echo "FAIL: deadli on $nprocs rank(s) exited with $rc"
  exit 1
fi
if [ ! -s output/statistics.csv ]; then
  echo "FAIL: output/statistics.csv missing"
  exit 1
fi
echo "PASSED: $(($(wc -l < output/statistics.csv) - 1)) statistics rows"
