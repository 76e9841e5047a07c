# Shared helpers of the study-tool tests (sourced after tests/cli/common.sh,
# which has checked the arguments and entered the scratch directory).

STUDIES_TEST_DIR=$SOURCE_DIR/tests/studies
SWEEP=$SOURCE_DIR/scripts/sweep
CONVERGENCE=$SOURCE_DIR/scripts/convergence
# No writes to $HOME, a fresh font cache.
export MPLCONFIGDIR=$PWD/mplconfig

# run_tool LOG COMMAND...: run a study script with stdout and stderr in LOG
# and the exit code in $rc; show LOG. A hang is killed after 100 s.
run_tool() {
  local log=$1
  shift
  timeout -k 5 100 "$@" > "$log" 2>&1
  rc=$?
  echo "ran: ${*#"$SOURCE_DIR"/} -> exit code $rc"
  show "$log" "$log"
  [ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "$1 did not finish within 100 s"
  ! grep -q Traceback "$log" || fail "$1 raised an exception"
}

# check_csv FILE EXPRESSION...: every Python expression over the rows of
# FILE holds (tests/studies/check_csv.py).
check_csv() {
  python3 "$STUDIES_TEST_DIR/check_csv.py" "$@" || fail "a check of $1 failed"
}

# expect_not_in FILE FRAGMENT...: no fixed-string FRAGMENT occurs in FILE.
expect_not_in() {
  local file=$1
  shift
  local fragment
  for fragment in "$@"; do
    ! grep -qF -- "$fragment" "$file" || fail "'$fragment' found in $file"
  done
}

# expect_png FILE: FILE exists and starts with the PNG signature.
expect_png() {
  [ -s "$1" ] || fail "$1 missing or empty"
  [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$1 is not a PNG"
}
