#!/bin/bash
# cli/print_parameters: --print-parameters prints the parameter file listing
# with known entries; --markdown prints Markdown with a heading.
# Usage: print_parameters.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

run_deadli 1 --print-parameters
[ $rc -eq 0 ] || fail "--print-parameters exited with $rc"
expect_in "$OUT" \
  "set Dimension" \
  "set Output directory" \
  "subsection Material" \
  "Exchange current density [mA/cm2]" \
  "subsection Phase field" \
  "Interface width [um]" \
  "subsection Mesh refinement" \
  "Maximum level" \
  "subsection Cycling" \
  "Charge transfer coefficient"
grep -q '^end' "$OUT" || fail "no 'end' closing a subsection"
[ "$(grep -c '^subsection ' "$OUT")" -eq "$(grep -c '^end' "$OUT")" ] ||
  fail "unbalanced subsection/end in the listing"
[ ! -s "$ERR" ] || fail "--print-parameters wrote to stderr"

run_deadli 1 --print-parameters --markdown
[ $rc -eq 0 ] || fail "--print-parameters --markdown exited with $rc"
grep -qE '^#{1,6} +[^ ]' "$OUT" || fail "no Markdown heading in --markdown output"
expect_in "$OUT" "Exchange current density [mA/cm2]"
[ ! -s "$ERR" ] || fail "--print-parameters --markdown wrote to stderr"

[ -z "$(ls -A)" ] || { ls -lA; fail "printing the parameters created files"; }
echo PASSED
