#!/bin/bash
# cli/validate_examples: --validate accepts every example input prm/*.prm
# (each geometry type has one) and writes nothing.
# Usage: validate_examples.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

n_files=0
for example in "$SOURCE_DIR"/prm/*.prm; do
  name=$(basename "$example")
  # Validated in place: relative mesh and image names are relative to the
  # prm file's directory. --validate writes nothing, in particular not the
  # output directory (relative names would land in this directory).
  ls -A > ../files_before
  run_deadli 1 --validate "$example"
  [ $rc -eq 0 ] || fail "--validate $name exited with $rc"
  expect_in "$OUT" "$name: valid"
  ls -A > ../files_after
  diff ../files_before ../files_after > /dev/null || {
    diff ../files_before ../files_after
    fail "--validate wrote files"
  }
  n_files=$((n_files + 1))
done
[ $n_files -ge 6 ] || fail "expected at least 6 example inputs, found $n_files"
echo "PASSED ($n_files example inputs)"
