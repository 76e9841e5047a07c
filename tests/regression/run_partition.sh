#!/bin/bash
# regression/<case>_np<N>: run tests/regression/<case>.prm on N ranks in the
# current directory (its output goes to ./output), for the comparisons of
# regression/*_independence and the checks of regression/*_outputs.
# Usage: run_partition.sh DEADLI MPIEXEC SOURCE_DIR NPROCS [CASE]
# CASE defaults to partition.
set -u
[ $# -eq 4 ] || [ $# -eq 5 ] ||
  { echo "usage: $0 DEADLI MPIEXEC SOURCE_DIR NPROCS [CASE]"; exit 2; }
deadli=$1
mpiexec=$2
source_dir=$3
nprocs=$4
prm=${5:-partition}.prm

rm -rf output "$prm" stdout stderr
cp "$source_dir/tests/regression/$prm" . || exit 1
echo "running: $mpiexec -np $nprocs $deadli $prm in $PWD"
timeout -k 5 170 "$mpiexec" -np "$nprocs" "$deadli" "$prm" \
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
