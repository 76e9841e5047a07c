#!/bin/bash
# regression/restart: a run stopped at a checkpoint and resumed on a
# different number of ranks ends with the same statistics.csv and cycles.csv
# as the uninterrupted run, to relative 1e-6 as across partitions. The
# resumed run starts its solvers afresh (no warm starts, new AMG
# hierarchies, another partition), so its Newton iterates stop elsewhere
# within the potential's tolerance of 1e-7 V: 1.1e-7 relative measured on
# 'charge passed' at step 17, where plating and stripping nearly cancel
# (1.3e-10 mAh/cm2 absolute; 1.8e-9 relative with the earlier 1e-10 V). A
# state the checkpoint lost would show as far larger deviations.
#
# Usage: run_restart.sh DEADLI MPIEXEC SOURCE_DIR CASE STOP_STEP REFERENCE_OUTPUT
#
# tests/regression/CASE.prm runs on 2 ranks with 'Checkpoint/Stop after
# step' = STOP_STEP, and is resumed from copies of its output directory on 1
# and on 3 ranks. Each copy also gets the debris of a crash while writing a
# later checkpoint (a checkpoint.partial directory and a checkpoint directory
# without its state file), which --resume must pass over. REFERENCE_OUTPUT is
# the output directory of the uninterrupted 2-rank run.
#
# A checkpoint of another format (its 'format' file changed, or missing as in
# checkpoints of DeadLi before format 1) must stop --resume with a message
# naming the checkpoint and both formats, and leave its statistics alone; so
# must a truncated state.bin, with a message naming the checkpoint.
set -u
[ $# -eq 6 ] ||
  { echo "usage: $0 DEADLI MPIEXEC SOURCE_DIR CASE STOP_STEP REFERENCE_OUTPUT"; exit 2; }
deadli=$1
mpiexec=$2
source_dir=$3
prm=$4.prm
stop_step=$5
reference=$6

fail() {
  echo "FAIL: $*"
  exit 1
}

rm -rf output resumed_np* other_format* no_format* damaged_state* "$prm" stdout stderr
cp "$source_dir/tests/regression/$prm" . || exit 1
printf 'subsection Checkpoint\n  set Stop after step = %s\nend\n' "$stop_step" \
  >> "$prm"

echo "running: $mpiexec -np 2 $deadli $prm (stops at step $stop_step)"
timeout -k 5 170 "$mpiexec" -np 2 "$deadli" "$prm" > stdout 2> stderr ||
  { tail -n 20 stdout; cat stderr; fail "the stopped run exited with $?"; }
grep "Stopped at step $stop_step" stdout || fail "no 'Stopped at step' line"
checkpoint=$(printf 'checkpoint-%06d' "$stop_step")
[ -f "output/$checkpoint/state.bin" ] || fail "output/$checkpoint missing"

for nprocs in 1 3; do
  resumed=resumed_np$nprocs
  cp -r output "$resumed"
  mkdir -p "$resumed/checkpoint.partial" "$resumed/checkpoint-999999"
  echo "running: $mpiexec -np $nprocs $deadli --resume $resumed"
  timeout -k 5 170 "$mpiexec" -np "$nprocs" "$deadli" --resume "$resumed" \
    > "$resumed.stdout" 2> "$resumed.stderr" ||
    { tail -n 20 "$resumed.stdout"; cat "$resumed.stderr";
      fail "the run resumed on $nprocs rank(s) failed"; }
  grep "Resumed from $resumed/$checkpoint at step $stop_step" "$resumed.stdout" ||
    fail "the run on $nprocs rank(s) did not resume from $checkpoint"
  for table in statistics cycles; do
    python3 "$source_dir/tests/regression/compare_statistics.py" \
      "$reference/$table.csv" "$resumed/$table.csv" ||
      fail "$table.csv of the run resumed on $nprocs rank(s) differs"
  done
done
# expect_refused_resume DIRECTORY PATTERN: --resume DIRECTORY fails, prints
# PATTERN, and leaves statistics.csv as it was.
expect_refused_resume() {
  local directory=$1 pattern=$2
  cp "$directory/statistics.csv" "$directory.statistics_before"
  echo "running: $mpiexec -np 1 $deadli --resume $directory (must refuse)"
  if timeout -k 5 60 "$mpiexec" -np 1 "$deadli" --resume "$directory" \
    > "$directory.stdout" 2>&1; then
    fail "--resume accepted the checkpoint in $directory"
  fi
  grep -F "$pattern" "$directory.stdout" ||
    { cat "$directory.stdout"; fail "no message '$pattern'"; }
  grep -F "$directory/$checkpoint" "$directory.stdout" > /dev/null ||
    fail "the message does not name the checkpoint"
  cmp -s "$directory/statistics.csv" "$directory.statistics_before" ||
    fail "the refused resume changed $directory/statistics.csv"
}

cp -r output other_format
echo "DeadLi checkpoint format 0" > "other_format/$checkpoint/format"
expect_refused_resume other_format \
  "says 'DeadLi checkpoint format 0', and this DeadLi reads 'DeadLi checkpoint format"
cp -r output no_format
rm "no_format/$checkpoint/format"
expect_refused_resume no_format "it has no file 'format'"
cp -r output damaged_state
head -c 100 "output/$checkpoint/state.bin" > "damaged_state/$checkpoint/state.bin"
expect_refused_resume damaged_state "The file is damaged or incomplete"
echo PASSED
