#!/bin/bash
# cli/validate_examples: --validate accepts every example input prm/*.prm
# (each geometry type has one) and bench/*.prm and writes nothing, and every mitigation
# fragment prm/mitigation/*.prm appended to the base case of the mitigation
# ranking study (doc/mitigation.md) gives a valid file.
# Usage: validate_examples.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

n_files=0
for example in "$SOURCE_DIR"/prm/*.prm "$SOURCE_DIR"/bench/*.prm; do
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

n_fragments=0
for fragment in "$SOURCE_DIR"/prm/mitigation/*.prm; do
  name=$(basename "$fragment" .prm)
  combined=../mitigation_$name.prm
  cat "$SOURCE_DIR"/prm/studies/mitigation_ranking.prm "$fragment" > "$combined"
  run_deadli 1 --validate "$combined"
  [ $rc -eq 0 ] || fail "--validate mitigation_ranking.prm + $name.prm exited with $rc"
  expect_in "$OUT" "mitigation_$name.prm: valid"
  n_fragments=$((n_fragments + 1))
done
[ $n_fragments -ge 7 ] || fail "expected 7 mitigation fragments, found $n_fragments"
echo "PASSED ($n_files example inputs, $n_fragments mitigation fragments)"
