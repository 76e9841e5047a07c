#!/bin/bash
# cli/validate_quickstart: --validate accepts prm/quickstart.prm and writes
# nothing, in particular not the output directory.
# Usage: validate_quickstart.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/common.sh"

quickstart=$SOURCE_DIR/prm/quickstart.prm
[ -r "$quickstart" ] || fail "$quickstart not found"
# Same file with the output directory pointing into this test's directory.
sed 's|^\( *set Output directory *=\).*$|\1 validate_out/quickstart|' \
  "$quickstart" > quickstart.prm
grep -qF 'validate_out/quickstart' quickstart.prm ||
  fail "could not rewrite the Output directory of $quickstart"
ls -A > ../files_before

run_deadli 1 --validate quickstart.prm
[ $rc -eq 0 ] || fail "--validate exited with $rc"
expect_in "$OUT" "quickstart.prm: valid"
[ ! -e validate_out ] || fail "--validate created the output directory"
ls -A > ../files_after
diff ../files_before ../files_after > /dev/null || {
  diff ../files_before ../files_after
  fail "--validate wrote files"
}
echo PASSED
