#!/bin/bash
# cli/validate_examples: --validate accepts every example input prm/*.prm
# (each geometry type has one) and bench/*.prm and writes nothing, and every mitigation
# fragment prm/mitigation/*.prm appended to the base case of the mitigation
# ranking study (doc/mitigation.md) gives a valid file. The benchmarks
# bench/hong_viswanathan.prm and bench/hong_viswanathan_finger.prm are inputs
# of deadli_hong_viswanathan, which must accept them and refuse a
# non-physical value naming the entry.
# Usage: validate_examples.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

n_files=0
for example in "$SOURCE_DIR"/prm/*.prm "$SOURCE_DIR"/bench/*.prm; do
  name=$(basename "$example")
  case $name in hong_viswanathan.prm | hong_viswanathan_finger.prm) continue ;; esac
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

benchmark=$(dirname "$DEADLI")/bench/deadli_hong_viswanathan
[ -x "$benchmark" ] || fail "'$benchmark' not found"
for name in hong_viswanathan hong_viswanathan_finger; do
  timeout -k 5 50 "$benchmark" --validate "$SOURCE_DIR"/bench/$name.prm > "$OUT" 2> "$ERR"
  rc=$?
  show stdout "$OUT"
  [ $rc -eq 0 ] || fail "deadli_hong_viswanathan --validate $name.prm exited with $rc"
  expect_in "$OUT" "$name.prm: valid"
done
# benchmark_refuses NAME SED_EDIT WHAT EXPECTED...: the benchmark's input
# edited by SED_EDIT, saved as NAME.prm, must be refused with a message that
# contains the file name and each EXPECTED text.
benchmark_refuses() {
  local name=$1 edit=$2 what=$3
  shift 3
  sed "$edit" "$SOURCE_DIR"/bench/hong_viswanathan.prm > ../"$name".prm
  timeout -k 5 50 "$benchmark" --validate ../"$name".prm > "$OUT" 2> "$ERR"
  rc=$?
  show stderr "$ERR"
  [ $rc -ne 0 ] || fail "deadli_hong_viswanathan accepted $what"
  expect_in "$ERR" "$name.prm" "$@"
}
benchmark_refuses negative_diffusivity \
  's/Diffusivity \[um2\/s\] *= .*/Diffusivity [um2\/s] = -1/' \
  "a negative diffusivity" "Diffusivity [um2/s]" "Double 0...MAX_DOUBLE"
benchmark_refuses no_metal \
  's/Initial electrode thickness \[um\] *= .*/Initial electrode thickness [um] = 0/' \
  "a run without metal" "Initial electrode thickness [um]" "allowed range"

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
