#!/bin/bash
# cli/good_small_run: the unchanged input of the bad-input tests runs and
# creates its output directory, so their "not created" check is meaningful.
# Usage: good_small_run.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

cp "$SOURCE_DIR/tests/cli/small.prm" small.prm || fail "cannot copy small.prm"
run_deadli 1 small.prm
[ $rc -eq 0 ] || fail "exit code $rc"
! grep -q 'deadli: error:' "$OUT" "$ERR" || fail "an error was reported"
for file in statistics.csv parameters.prm solution.pvd; do
  [ -s "out/run/$file" ] || fail "out/run/$file missing or empty"
done
echo PASSED
