# Shared helpers of the DeadLi CLI test scripts (sourced, not executed).
#
# Each script runs in its own ctest working directory. deadli runs in a fresh
# sub-directory "scratch" of it, which must contain nothing but the input
# files afterwards; the captured output goes to $OUT and $ERR next to it.

set -u

fail() {
  echo "FAIL: $*"
  exit 1
}

# Print a captured file for the log, indented.
show() {
  echo "---- $1 ----"
  sed 's/^/  | /' "$2"
}

# run_deadli NPROCS ARGS...: run deadli (directly for 1 rank, under mpiexec
# otherwise) with stdout/stderr captured in $OUT, $ERR and the exit code in
# $rc. A run that hangs is killed after 50 s (ctest TIMEOUT is 60).
run_deadli() {
  local nprocs=$1
  shift
  if [ "$nprocs" -eq 1 ]; then
    timeout -k 5 50 "$DEADLI" "$@" > "$OUT" 2> "$ERR"
  else
    timeout -k 5 50 "$MPIEXEC" -np "$nprocs" "$DEADLI" "$@" > "$OUT" 2> "$ERR"
  fi
  rc=$?
  echo "ran: ${nprocs} rank(s): deadli $* -> exit code $rc"
  show stdout "$OUT"
  show stderr "$ERR"
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    fail "deadli did not finish within 50 s (hang?)"
  fi
}

# expect_in FILE FRAGMENT...: every fixed-string FRAGMENT occurs in FILE.
expect_in() {
  local file=$1
  shift
  local fragment
  for fragment in "$@"; do
    grep -qF -- "$fragment" "$file" ||
      fail "'$fragment' not found in $file"
  done
}

# Arguments common to all scripts: DEADLI MPIEXEC SOURCE_DIR.
[ $# -ge 3 ] || { echo "usage: $0 DEADLI MPIEXEC SOURCE_DIR ..."; exit 2; }
DEADLI=$1
MPIEXEC=$2
SOURCE_DIR=$3
shift 3
[ -x "$DEADLI" ] || fail "deadli executable '$DEADLI' not found"
OUT=$PWD/stdout
ERR=$PWD/stderr
rm -rf scratch "$OUT" "$ERR"
mkdir scratch
cd scratch || fail "cannot enter scratch directory"
