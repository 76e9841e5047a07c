#!/bin/bash
# cli/sweep_bad_description: study files that scripts/sweep must refuse
# before any case runs, with exit code 2 and a message that names the fault:
# an unknown parameter path and a value out of range (found by deadli
# --validate: deadli's message and the case name; the valid cases of the same
# study do not run either), an empty value list, an unknown key, no cases at
# all, a list in a [[case]], 'Output directory' set by the study,
# 'Checkpoint/Stop after step' (such a run would end early with success), a
# missing base file and a malformed TOML file. No case may have a log.txt or
# a status afterwards, and there is no summary.csv.
# Usage: sweep_bad_description.sh DEADLI MPIEXEC SOURCE_DIR
. "$(dirname "$0")/../cli/common.sh"
. "$(dirname "$0")/study_common.sh"

cp "$SOURCE_DIR/tests/cli/small.prm" small.prm || fail "cannot copy small.prm"

# refused NAME STUDY_TEXT FRAGMENT...: the study is refused with exit code 2,
# the message has every FRAGMENT and nothing ran.
refused() {
  local name=$1 text=$2
  shift 2
  echo "== $name"
  printf '%s\n' "$text" > "$name.toml"
  run_tool "$name.log" "$SWEEP" "$name.toml" --deadli "$DEADLI" --output "study_$name"
  [ $rc -eq 2 ] || fail "$name: exit code $rc, expected 2"
  expect_in "$name.log" "sweep: error:" "$@"
  if [ -d "study_$name" ]; then
    [ -z "$(find "study_$name" -name log.txt -o -name status.json -o -name summary.csv)" ] ||
      fail "$name: something ran: $(find "study_$name" -name log.txt -o -name status.json)"
  fi
}

refused unknown_parameter 'base = "small.prm"
[grid]
"Cycling/Plating current densty [mA/cm2]" = [1, 2]' \
  "2 of 2 case(s) are not valid; nothing was run" \
  "case 'plating-current-densty=1'" "case 'plating-current-densty=2'" \
  "No entry with name <Plating current densty [mA/cm2]>"

refused bad_value 'base = "small.prm"
[grid]
"Material/Charge transfer coefficient" = [0.5, 1.5]' \
  "1 of 2 case(s) are not valid; nothing was run" \
  "case 'charge-transfer-coefficient=1.5'" "Charge transfer coefficient" "1.5"
expect_not_in bad_value.log "case 'charge-transfer-coefficient=0.5'"

refused empty_value_list 'base = "small.prm"
[grid]
"Cycling/Plating current density [mA/cm2]" = []
"Cycling/Stripping time [s]" = [1]' \
  "[grid] 'Cycling/Plating current density [mA/cm2]': empty value list"
[ ! -e study_empty_value_list ] || fail "a study directory was made for an empty value list"

refused unknown_key 'base = "small.prm"
parallel = 2
[grid]
"Cycling/Stripping time [s]" = [1]' \
  "unknown key(s) 'parallel'"

refused no_cases 'base = "small.prm"
[fixed]
"Cycling/Stripping time [s]" = 1' \
  "no cases: [grid] is missing or empty and there is no [[case]] table"

refused list_in_case 'base = "small.prm"
[[case]]
name = "a"
"Cycling/Stripping time [s]" = [1, 2]' \
  "[[case]] number 1 (a): 'Cycling/Stripping time [s]' is a list"

refused output_directory 'base = "small.prm"
[fixed]
"Output directory" = "elsewhere"
[grid]
"Cycling/Stripping time [s]" = [1]' \
  "[fixed]: 'Output directory' is set by the sweep"

refused stop_after_step 'base = "small.prm"
[fixed]
"Checkpoint/Stop after step" = 5
[grid]
"Cycling/Stripping time [s]" = [1]' \
  "case 'stripping-time=1' sets 'Checkpoint/Stop after step'"

refused missing_base 'base = "no_such.prm"
[grid]
"Cycling/Stripping time [s]" = [1]' \
  "'base' = 'no_such.prm': no such file"

refused not_toml 'base = "small.prm"
[grid' \
  "not valid TOML"
echo PASSED
