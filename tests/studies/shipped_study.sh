#!/bin/bash
# cli/study_NAME: the shipped study prm/studies/NAME.toml is valid: every
# case's parameter file passes deadli --validate (a dry run, nothing runs).
# Usage: shipped_study.sh DEADLI MPIEXEC SOURCE_DIR NAME
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"
[ $# -eq 1 ] || fail "usage: shipped_study.sh DEADLI MPIEXEC SOURCE_DIR NAME"
study=$SOURCE_DIR/prm/studies/$1.toml

run_tool dry_run.log "$SWEEP" "$study" --deadli "$DEADLI" --output study --dry-run
[ $rc -eq 0 ] || fail "exit code $rc"
expect_in dry_run.log "case(s) valid:"
[ -z "$(find study -name log.txt)" ] || fail "a dry run ran a case"
echo PASSED
