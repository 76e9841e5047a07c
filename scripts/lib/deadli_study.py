"""Shared machinery of scripts/sweep and scripts/convergence.

A study is a base parameter file plus a list of cases, each of which overrides
some entries of it.  This module turns a study into one directory per case
(DIR/cases/NAME/case.prm), checks every case with `deadli --validate` before
anything runs, runs the cases a few at a time, remembers which ones finished
(DIR/cases/NAME/status.json) so that a re-run skips them and resumes
interrupted ones from their newest checkpoint, and reads the observables of
each finished case from its statistics.csv and cycles.csv into
DIR/summary.csv.

Both scripts share this code so that a convergence study is just a sweep over
'Mesh refinement/Maximum level': the same validation, restart and failure
handling apply to both.
"""

import concurrent.futures
import csv
import dataclasses
import datetime
import hashlib
import io
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

STATUS_FILE = "status.json"
LOG_FILE = "log.txt"
PRM_FILE = "case.prm"
OUTPUT_DIRECTORY = "Output directory"
STOP_AFTER_STEP = "Checkpoint/Stop after step"

# Lines of a failed case's log shown on the console and kept in its status.
LOG_TAIL_LINES = 15


class StudyError(Exception):
    """A problem with the study itself (description, parameters, paths):
    reported before any case runs, without a traceback."""


# ---------------------------------------------------------------------------
# Interpreter


def ensure_plotting_python():
    """Make sure this interpreter has matplotlib and tomllib (Python >= 3.11).

    A pyenv or venv python3 first on PATH often lacks Debian's
    python3-matplotlib, which is installed for /usr/bin/python3; restart the
    calling script with that interpreter then, as scripts/plot_statistics.py
    does.
    """
    try:
        import matplotlib  # noqa: F401
        import tomllib  # noqa: F401
    except ImportError as missing:
        system_python = "/usr/bin/python3"
        if (os.path.exists(system_python)
                and os.path.realpath(sys.executable) != os.path.realpath(system_python)
                and not os.environ.get("DEADLI_STUDY_REEXEC")):
            os.environ["DEADLI_STUDY_REEXEC"] = "1"
            os.execv(system_python, [system_python] + sys.argv)
        sys.exit(f"{Path(sys.argv[0]).name}: {missing}; needs Python >= 3.11 with "
                 "matplotlib (Debian 12: apt-get install python3-matplotlib)")


def import_pyplot():
    """matplotlib.pyplot with the Agg backend: studies run without a display."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


# ---------------------------------------------------------------------------
# Files


def write_atomically(path, text):
    """Write a file so that a reader (or a Ctrl-C) never sees half of it:
    write a temporary file next to it, then rename it over the target."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_text(text)
    os.replace(temporary, path)


def csv_text(header, rows):
    """CSV text of a header and rows of cells (None becomes an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


def read_csv_rows(path):
    """Rows of a csv file as dicts keyed by the stripped header names; an
    empty list if the file is missing or has no rows."""
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = [name.strip() for name in next(reader, [])]
            return [dict(zip(header, (cell.strip() for cell in row)))
                    for row in reader if any(cell.strip() for cell in row)]
    except FileNotFoundError:
        return []


def to_float(text):
    """A csv cell as a float, None if it is empty or not a number."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def format_duration(seconds):
    """H:MM:SS, the format of deadli's own progress lines."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    return str(datetime.timedelta(seconds=int(round(seconds))))


# ---------------------------------------------------------------------------
# Parameter paths and prm text


def split_parameter_path(path):
    """'Cycling/Plating current density [mA/cm2]' -> ['Cycling', 'Plating
    current density [mA/cm2]'].  Slashes inside [...] belong to the unit, not
    to the path, so they do not split."""
    parts, current, depth = [], "", 0
    for character in path:
        if character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
        if character == "/" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += character
    parts.append(current.strip())
    return parts


def prm_value_text(value):
    """A TOML value as deal.II prm text (booleans are 'true'/'false')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def override_text(overrides):
    """prm text that sets each 'Section/Sub/Entry' = value.

    Appended to a base file it overrides the base's entries, because deal.II
    keeps the last `set` of an entry.  Each entry gets its own subsection
    block so that the order of the overrides is kept.
    """
    lines = []
    for path, value in overrides.items():
        *sections, entry = split_parameter_path(path)
        indent = ""
        for section in sections:
            lines.append(f"{indent}subsection {section}")
            indent += "  "
        lines.append(f"{indent}set {entry} = {prm_value_text(value)}")
        for depth in reversed(range(len(sections))):
            lines.append("  " * depth + "end")
    return "\n".join(lines) + "\n"


def read_prm_entries(text):
    """{'Section/Entry': 'value text'} of prm text, later sets winning.

    Understands what DeadLi's files use: comments, subsection/end nesting and
    lines continued with a trailing backslash.
    """
    entries, sections = {}, []
    for line in text.replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("subsection "):
            sections.append(line[len("subsection "):].strip())
        elif line == "end":
            sections.pop()
        elif line.startswith("set ") and "=" in line:
            name, value = line[len("set "):].split("=", 1)
            entries["/".join(sections + [name.strip()])] = value.strip()
    return entries


# ---------------------------------------------------------------------------
# Cases and studies


@dataclasses.dataclass
class Case:
    """One run of a study.

    values: the swept parameters this case sets (summary columns, plots);
    overrides: everything appended to the base file (fixed entries too).
    """
    name: str
    values: dict
    overrides: dict


@dataclasses.dataclass
class Study:
    base_prm: Path
    output: Path
    swept: list
    cases: list
    ranks_per_case: int = 1
    parallel_cases: int = 1

    def case_dir(self, case):
        return self.output / "cases" / case.name


STUDY_KEYS = {"base", "output", "ranks_per_case", "parallel_cases", "fixed",
              "grid", "case"}
SCALAR_TYPES = (str, int, float, bool)


def load_study(study_file):
    """Read and check a study description (TOML); see doc/user-guide.md section 11.

    Every mistake found here is a StudyError that names the key, so that the
    user learns about it before any case runs.  Parameter paths and values
    themselves are checked later by `deadli --validate`, which knows them.
    """
    import tomllib

    study_file = Path(study_file)
    try:
        description = tomllib.loads(study_file.read_text())
    except OSError as error:
        raise StudyError(f"cannot read the study file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise StudyError(f"{study_file}: not valid TOML: {error}") from None

    try:
        return study_from_description(description, study_file)
    except StudyError as error:
        raise StudyError(f"{study_file}: {error}") from None


def study_from_description(description, study_file):
    """The Study of a parsed TOML description; its errors name the key and
    load_study() adds the file."""
    unknown = sorted(set(description) - STUDY_KEYS)
    if unknown:
        raise StudyError(
            f"unknown key(s) {', '.join(map(repr, unknown))}; "
            f"a study file has only {', '.join(sorted(STUDY_KEYS))} "
            "(parameter paths go inside [fixed], [grid] or [[case]])")
    for key in ("base", "output"):
        if not isinstance(description.get(key, ""), str):
            raise StudyError(f"'{key}' must be a path in quotes")
    if "base" not in description:
        raise StudyError("missing key 'base' (the base .prm file, relative to the study file)")

    base_prm = (study_file.parent / description["base"]).resolve()
    if not base_prm.is_file():
        raise StudyError(f"'base' = {description['base']!r}: no such file {base_prm}")
    output = Path(description.get("output", Path("output/studies") / study_file.stem))

    fixed = checked_parameter_table(description.get("fixed", {}), "[fixed]")
    grid = checked_grid(description.get("grid", {}))
    case_tables = checked_case_tables(description.get("case", []))
    if not grid and not case_tables:
        raise StudyError("no cases: [grid] is missing or empty and there is no [[case]] table")

    swept, cases = expand_cases(fixed, grid, case_tables)
    return Study(base_prm=base_prm, output=output, swept=swept, cases=cases,
                 ranks_per_case=positive_int(description, "ranks_per_case"),
                 parallel_cases=positive_int(description, "parallel_cases"))


def positive_int(description, key):
    value = description.get(key, 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise StudyError(f"'{key}' = {value!r}: must be a whole number >= 1")
    return value


def checked_parameter_path(path, where):
    """The sweep owns 'Output directory' (one per case); anything else is
    checked by deadli --validate."""
    if not path.strip() or any(not part for part in split_parameter_path(path)):
        raise StudyError(f"{where}: {path!r} is not a parameter path "
                         "('Section/Entry name')")
    if path.strip() == OUTPUT_DIRECTORY:
        raise StudyError(f"{where}: '{OUTPUT_DIRECTORY}' is set by the sweep "
                         "(DIR/cases/NAME); leave it out")
    return path.strip()


def checked_scalar(value, where):
    if not isinstance(value, SCALAR_TYPES):
        raise StudyError(f"{where}: {value!r} is not a single value "
                         "(a string, number or boolean)")
    if isinstance(value, str) and "\n" in value:
        raise StudyError(f"{where}: a value cannot span lines")
    return value


def checked_parameter_table(table, where):
    """{parameter path: single value}, as in [fixed] or one [[case]]."""
    if not isinstance(table, dict):
        raise StudyError(f"{where} must be a table of 'parameter path' = value")
    checked = {}
    for path, value in table.items():
        path = checked_parameter_path(path, where)
        if isinstance(value, list):
            raise StudyError(f"{where}: '{path}' is a list; here a parameter takes "
                             "one value (sweep lists in [grid])")
        checked[path] = checked_scalar(value, f"{where} '{path}'")
    return checked


def checked_grid(grid):
    """{parameter path: non-empty list of values}."""
    if not isinstance(grid, dict):
        raise StudyError("[grid] must be a table of 'parameter path' = [values]")
    checked = {}
    for path, values in grid.items():
        path = checked_parameter_path(path, "[grid]")
        if not isinstance(values, list):
            values = [values]
        if not values:
            raise StudyError(f"[grid] '{path}': empty value list; give at least one value")
        checked[path] = [checked_scalar(v, f"[grid] '{path}'") for v in values]
    return checked


def checked_case_tables(tables):
    """[(name or None, {parameter path: value})] of the [[case]] tables."""
    if not isinstance(tables, list):
        raise StudyError("'case' must be a list of tables, written [[case]]")
    checked = []
    for number, table in enumerate(tables, start=1):
        where = f"[[case]] number {number}"
        if not isinstance(table, dict):
            raise StudyError(f"{where} is not a table")
        table = dict(table)
        name = table.pop("name", None)
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise StudyError(f"{where}: 'name' must be a non-empty string")
        checked.append((name, checked_parameter_table(table, where + (f" ({name})" if name else ""))))
    return checked


def expand_cases(fixed, grid, case_tables):
    """The cases of a study and the list of swept parameter paths.

    Every [[case]] is combined with every point of the grid (the Cartesian
    product of its value lists); without [[case]] tables the grid alone
    makes the cases.  Overrides are applied in the order fixed, case, grid.
    """
    case_paths = [path for _, table in case_tables for path in table]
    for path in grid:
        if path in fixed:
            raise StudyError(f"'{path}' is in both [fixed] and [grid]")
        if path in case_paths:
            raise StudyError(f"'{path}' is in both [grid] and a [[case]]")
    swept = list(dict.fromkeys(case_paths)) + list(grid)
    labels = parameter_labels(swept)

    grid_points = [{}]
    for path, values in grid.items():
        grid_points = [dict(point, **{path: value})
                       for point in grid_points for value in values]

    cases, used_names = [], set()
    for given_name, table in case_tables or [(None, {})]:
        for point in grid_points:
            values = {**table, **point}
            parts = [given_name] if given_name else [
                value_label(labels[path], table[path]) for path in table]
            parts += [value_label(labels[path], value) for path, value in point.items()]
            name = unique_name(safe_name("_".join(parts) or "base"), used_names)
            cases.append(Case(name=name, values=values,
                              overrides={**fixed, **table, **point}))
    return swept, cases


def parameter_labels(paths):
    """Short labels of parameter paths for case names and file names: the
    entry name ('plating-current-density'), or as many trailing sections as
    it takes to tell two paths with the same entry name apart."""
    def label(path, depth):
        parts = split_parameter_path(path)[-depth:]
        return "-".join(re.sub(r"\s*\[[^]]*\]", "", part) for part in parts)

    labels = {}
    for path in paths:
        depth = 1
        while depth < len(split_parameter_path(path)) and any(
                other != path and label(other, depth) == label(path, depth)
                for other in paths):
            depth += 1
        labels[path] = safe_name(label(path, depth)).lower()
    return labels


def value_label(parameter_label, value):
    return f"{parameter_label}={prm_value_text(value)}"


def safe_name(text):
    """A file name made of letters, digits and . _ = + - only, that does not
    start with a dot or a dash."""
    name = re.sub(r"[^A-Za-z0-9._=+-]+", "-", text.strip())
    return name.lstrip(".-") or "case"


def unique_name(name, used):
    """name, or name-2, name-3, ... if it is taken already."""
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name}-{number}"
    used.add(candidate)
    return candidate


# ---------------------------------------------------------------------------
# Preparing and validating the cases


def default_deadli():
    """build/deadli of this checkout, else deadli on PATH."""
    built = Path(__file__).resolve().parents[2] / "build" / "deadli"
    return str(built) if built.is_file() else "deadli"


def case_prm_text(study, case):
    """The base file with the case's overrides appended: deal.II keeps the
    last `set` of an entry, so a case file reads as the base file plus what
    the case changes."""
    base = study.base_prm.read_text()
    header = (f"# Case '{case.name}' of a DeadLi study, written by the sweep "
              f"machinery (scripts/lib/deadli_study.py).\n"
              f"# Base file: {study.base_prm}; the overrides at the end win.\n\n")
    overrides = dict(case.overrides)
    overrides[OUTPUT_DIRECTORY] = str(study.case_dir(case).resolve())
    return (header + base.rstrip("\n")
            + "\n\n# ---- overrides of this case ----\n" + override_text(overrides))


def prepare_cases(study, deadli, workers=1):
    """Write DIR/cases/NAME/case.prm of every case and validate them all.

    Raises StudyError naming every invalid case with deadli's own message;
    in that case nothing must run, so this comes before any run.
    """
    for case in study.cases:
        text = case_prm_text(study, case)
        if to_float(read_prm_entries(text).get(STOP_AFTER_STEP)):
            raise StudyError(f"case '{case.name}' sets '{STOP_AFTER_STEP}': such a run "
                             "ends early with success and would count as finished; "
                             "leave it at 0 in a study (checkpoints alone are fine)")
        study.case_dir(case).mkdir(parents=True, exist_ok=True)
        write_atomically(study.case_dir(case) / PRM_FILE, text)

    def validate(case):
        result = subprocess.run([deadli, "--validate", str(study.case_dir(case) / PRM_FILE)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=mpi_environment())
        return case, result.returncode, result.stdout.strip()

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            results = list(pool.map(validate, study.cases))
    except OSError as error:
        raise StudyError(f"cannot run deadli '{deadli}': {error}") from None

    invalid = [f"case '{case.name}' ({study.case_dir(case) / PRM_FILE}):\n"
               + indent_block(message)
               for case, returncode, message in results if returncode != 0]
    if invalid:
        raise StudyError(f"{len(invalid)} of {len(study.cases)} case(s) are not valid; "
                         "nothing was run:\n" + "\n".join(invalid))


def indent_block(text, prefix="    | "):
    return "\n".join(prefix + line for line in text.splitlines())


def mpi_environment():
    """The environment for deadli and mpirun: Open MPI must be told that
    running as root and oversubscribing are fine (as scripts/lib/setup.sh
    does); whatever the user set already wins."""
    environment = dict(os.environ)
    for name in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM",
                 "OMPI_MCA_rmaps_base_oversubscribe"):
        environment.setdefault(name, "1")
    return environment


# ---------------------------------------------------------------------------
# Status of a case


def prm_digest(case_dir):
    """Identifies the parameters a status belongs to."""
    return hashlib.sha256((case_dir / PRM_FILE).read_bytes()).hexdigest()


def read_status(case_dir):
    """The case's status.json as a dict, or None if it never started."""
    try:
        return json.loads((case_dir / STATUS_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def finished_before(case_dir):
    """The status of an earlier successful run with this very case.prm, else
    None: a case whose parameters changed since must run again."""
    status = read_status(case_dir)
    if status and status.get("status") == "ok" and status.get("prm sha256") == prm_digest(case_dir):
        return status
    return None


def write_status(case_dir, status, **details):
    """status.json: 'running' from the start of a run, then 'ok' or
    'failed', always with the digest of the case.prm it belongs to."""
    write_atomically(case_dir / STATUS_FILE, json.dumps({
        "status": status,
        "prm sha256": prm_digest(case_dir),
        "time": datetime.datetime.now().isoformat(timespec="seconds"),
        **details,
    }, indent=2) + "\n")


def newest_checkpoint(case_dir):
    """The checkpoint `deadli --resume` would continue from: the newest
    checkpoint-NNNNNN directory with its state file (doc/user-guide.md,
    checkpoints and restart), or None."""
    complete = sorted(path for path in case_dir.glob("checkpoint-[0-9]*")
                      if (path / "state.bin").is_file())
    return complete[-1] if complete else None


def resume_point(case_dir):
    """The checkpoint to resume from if the last run of this very case.prm
    did not finish ok (interrupted, killed, failed) and left one; else None."""
    status = read_status(case_dir)
    if status and status.get("status") != "ok" and status.get("prm sha256") == prm_digest(case_dir):
        return newest_checkpoint(case_dir)
    return None


def remove_checkpoints(case_dir):
    """Checkpoints of an earlier run that will not be resumed (other
    parameters): a later resume must never pick them up."""
    for path in [*case_dir.glob("checkpoint-[0-9]*"), case_dir / "checkpoint.partial"]:
        shutil.rmtree(path, ignore_errors=True)


def log_tail(case_dir, lines=LOG_TAIL_LINES):
    try:
        return (case_dir / LOG_FILE).read_text(errors="replace").splitlines()[-lines:]
    except FileNotFoundError:
        return []


# ---------------------------------------------------------------------------
# Running


@dataclasses.dataclass
class Outcome:
    """What became of a case: status 'ok', 'failed', 'interrupted' (stopped
    by Ctrl-C) or 'not run'; skipped means done in an earlier run."""
    status: str
    wall_time: float = None
    skipped: bool = False


@dataclasses.dataclass
class RunningCase:
    case: Case
    process: subprocess.Popen
    log: object
    start: float


def usable_cores():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def cases_at_once(study, say):
    """parallel_cases, lowered so that the ranks of the cases running at the
    same time fit into the cores of this machine."""
    fitting = max(1, usable_cores() // study.ranks_per_case)
    if study.parallel_cases > fitting:
        say(f"note: {study.parallel_cases} cases of {study.ranks_per_case} rank(s) "
            f"do not fit into {usable_cores()} cores; running {fitting} at a time")
        return fitting
    return study.parallel_cases


class Runner:
    """Runs the cases of a study, a few at a time, and reports progress.

    Cases with a status.json of an earlier successful run of the same
    case.prm are skipped.  A case that exits non-zero is marked failed and
    the others go on.  Ctrl-C (or SIGTERM, e.g. a batch system's time limit)
    stops the running cases, whose status stays 'running': they run again
    next time, from their newest checkpoint if the base file asks for
    checkpoints.  Each case runs in its own process group, so that stopping
    it reaches mpirun's ranks and whatever else it started.
    """

    def __init__(self, study, deadli, mpiexec="mpirun", say=print):
        self.study = study
        self.deadli = deadli
        self.mpiexec = mpiexec
        self.say = say
        self.outcomes = {case.name: Outcome("not run") for case in study.cases}
        self.wall_times = []
        self.finished = 0

    def command(self, case, resume):
        """deadli case.prm, or deadli --resume CASE_DIR; under mpirun for
        more than one rank."""
        case_dir = self.study.case_dir(case)
        arguments = ["--resume", str(case_dir)] if resume else [str(case_dir / PRM_FILE)]
        if self.study.ranks_per_case == 1:
            return [self.deadli] + arguments
        return [self.mpiexec, "-np", str(self.study.ranks_per_case), self.deadli] + arguments

    def run(self):
        """Run all cases; returns {case name: Outcome}."""
        at_once = cases_at_once(self.study, self.say)
        done_before = {case.name: finished_before(self.study.case_dir(case))
                       for case in self.study.cases}
        pending = [case for case in self.study.cases if not done_before[case.name]]
        self.say(f"{len(self.study.cases)} case(s), {len(pending)} to run, "
                 f"{self.study.ranks_per_case} rank(s) each, up to {at_once} at a time; "
                 f"output in {self.study.output}")
        for case in self.study.cases:
            if done_before[case.name]:
                self.skip(case, done_before[case.name])

        running = []
        previous_sigterm = signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
        try:
            while pending or running:
                while pending and len(running) < at_once:
                    running.append(self.start(pending.pop(0)))
                time.sleep(0.2)
                for run in [run for run in running if run.process.poll() is not None]:
                    running.remove(run)
                    self.finish(run)
                    self.report_eta(pending, running, at_once)
        except KeyboardInterrupt:
            self.stop(running)
            raise
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
        return self.outcomes

    def skip(self, case, status):
        wall_time = status.get("wall time [s]")
        self.outcomes[case.name] = Outcome("ok", wall_time, skipped=True)
        self.wall_times.append(wall_time)
        self.finished += 1
        self.say(f"{clock()} skip    {case.name} (done before in {format_duration(wall_time)})")

    def start(self, case):
        case_dir = self.study.case_dir(case)
        checkpoint = resume_point(case_dir)
        if not checkpoint:
            remove_checkpoints(case_dir)
        # Replaces an old status (failed, or ok with other parameters) before
        # the run starts, so that an interrupted run is never taken for done.
        write_status(case_dir, "running")
        log = open(case_dir / LOG_FILE, "a" if checkpoint else "w")
        number = f"(case {self.study.cases.index(case) + 1}/{len(self.study.cases)})"
        if checkpoint:
            log.write(f"\n---- resumed by the sweep from {checkpoint.name} ----\n")
            log.flush()
            self.say(f"{clock()} resume  {case.name} from {checkpoint.name} {number}")
        else:
            self.say(f"{clock()} start   {case.name} {number}")
        command = self.command(case, resume=bool(checkpoint))
        try:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=mpi_environment(),
                                       start_new_session=True)
        except OSError as error:
            log.close()
            raise StudyError(f"cannot start {command[0]}: {error}") from None
        return RunningCase(case, process, log, time.monotonic())

    def finish(self, run):
        run.log.close()
        wall_time = time.monotonic() - run.start
        case_dir = self.study.case_dir(run.case)
        exit_code = run.process.returncode
        self.wall_times.append(wall_time)
        self.finished += 1
        if exit_code == 0:
            write_status(case_dir, "ok", **{"wall time [s]": round(wall_time, 3)})
            self.outcomes[run.case.name] = Outcome("ok", wall_time)
            self.say(f"{clock()} ok      {run.case.name} in {format_duration(wall_time)}")
        else:
            tail = log_tail(case_dir)
            write_status(case_dir, "failed", **{"wall time [s]": round(wall_time, 3),
                                                "exit code": exit_code, "log tail": tail})
            self.outcomes[run.case.name] = Outcome("failed", wall_time)
            self.say(f"{clock()} FAILED  {run.case.name} after {format_duration(wall_time)}, "
                     f"exit code {exit_code}; end of {case_dir / LOG_FILE}:\n"
                     + indent_block("\n".join(tail)))

    def report_eta(self, pending, running, at_once):
        """'case i/n done, ETA ...', from the mean wall time of the cases
        finished so far (here or in an earlier run)."""
        known = [t for t in self.wall_times if t is not None]
        mean = sum(known) / len(known) if known else None
        eta = None
        if mean is not None:
            now = time.monotonic()
            left = sum(max(mean - (now - run.start), 0.0) for run in running)
            eta = (left + mean * len(pending)) / at_once
        self.say(f"case {self.finished}/{len(self.study.cases)} done, "
                 f"ETA {format_duration(eta)}")

    def stop(self, running):
        """Ctrl-C: end the running cases (their status stays 'running', so
        they count as not done and resume from a checkpoint if they wrote
        one) and say so."""
        for run in running:
            signal_group(run.process, signal.SIGTERM)
        for run in running:
            try:
                run.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                signal_group(run.process, signal.SIGKILL)
                run.process.wait()
            run.log.close()
            self.outcomes[run.case.name] = Outcome("interrupted")
        self.say(f"\ninterrupted: stopped {len(running)} running case(s); they (from their "
                 "newest checkpoint, if any) and the cases not started yet run when the "
                 "study is started again")


def raise_keyboard_interrupt(signum, frame):
    """SIGTERM handler: stop the study the way Ctrl-C does."""
    raise KeyboardInterrupt


def signal_group(process, signum):
    """Send a signal to the process group of a case (see Runner.start)."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def clock():
    return datetime.datetime.now().strftime("[%H:%M:%S]")


# ---------------------------------------------------------------------------
# Results


# statistics.csv and cycles.csv columns (doc/user-guide.md, section 5).
POTENTIAL = "collector potential [V]"
CAPACITY = "Li metal capacity [mAh/cm2]"
DEAD = "dead Li0 [mAh/cm2]"
SEI = "SEI Li+ [mAh/cm2]"
LARGEST_FRAGMENT = "largest dead fragment [um3]"
EFFICIENCY = "Coulombic efficiency [%]"
PLATED = "plated [mAh/cm2]"
THICKNESS = "deposit thickness [um]"
POROSITY = "deposit porosity [-]"
AREA_RATIO = "surface area ratio [-]"

# summary.csv columns besides 'CE cycle N [%]'.
SUMMARY_DEAD = "dead Li0 [mAh/cm2]"
SUMMARY_SEI = "SEI Li+ [mAh/cm2]"
SUMMARY_FRAGMENT = "largest dead fragment [um3]"
SUMMARY_POTENTIAL = "max |collector potential| [V]"
SUMMARY_CAPACITY = "final Li metal capacity [mAh/cm2]"
SUMMARY_PLATED = "plated cycle 1 [mAh/cm2]"
# The deposit's shape where it matters most: at the end of the first plating.
SUMMARY_THICKNESS = "deposit thickness after plating 1 [um]"
SUMMARY_POROSITY = "deposit porosity after plating 1 [-]"
SUMMARY_AREA_RATIO = "surface area ratio after plating 1 [-]"
SUMMARY_OBSERVABLES = [SUMMARY_DEAD, SUMMARY_SEI, SUMMARY_FRAGMENT, SUMMARY_POTENTIAL,
                       SUMMARY_CAPACITY, SUMMARY_PLATED, SUMMARY_THICKNESS,
                       SUMMARY_POROSITY, SUMMARY_AREA_RATIO]


def ce_column(cycle):
    return f"CE cycle {cycle} [%]"


def case_observables(case_dir):
    """Observables of a finished case, from its statistics.csv (final state;
    the largest |collector potential| over the run as the overpotential
    proxy; thickness, porosity and surface area ratio of the deposit at the
    end of the first plating) and cycles.csv (CE per cycle, plated in
    cycle 1).  A column that
    a file does not have gives None, not an error: older outputs and new
    geometries may lack some."""
    statistics = read_csv_rows(case_dir / "statistics.csv")
    cycles = read_csv_rows(case_dir / "cycles.csv")
    final = statistics[-1] if statistics else {}
    first_plating = [row for row in statistics
                     if row.get("cycle") == "1" and row.get("stage") == "plate"]
    plated = first_plating[-1] if first_plating else {}
    potentials = [v for v in (to_float(row.get(POTENTIAL)) for row in statistics) if v is not None]

    observables = {ce_column(number): to_float(row.get(EFFICIENCY))
                   for number, row in enumerate(cycles, start=1)}
    observables.update({
        SUMMARY_DEAD: to_float(final.get(DEAD)),
        SUMMARY_SEI: to_float(final.get(SEI)),
        SUMMARY_FRAGMENT: to_float(final.get(LARGEST_FRAGMENT)),
        SUMMARY_POTENTIAL: max(map(abs, potentials)) if potentials else None,
        SUMMARY_CAPACITY: to_float(final.get(CAPACITY)),
        SUMMARY_PLATED: to_float(cycles[0].get(PLATED)) if cycles else None,
        SUMMARY_THICKNESS: to_float(plated.get(THICKNESS)),
        SUMMARY_POROSITY: to_float(plated.get(POROSITY)),
        SUMMARY_AREA_RATIO: to_float(plated.get(AREA_RATIO)),
    })
    return observables


@dataclasses.dataclass
class SummaryRow:
    case: Case
    status: str
    wall_time: float
    observables: dict


def summary_rows(study, outcomes):
    """One row per case; observables only for cases that finished ok, so that
    a failed run's partial output is never mistaken for a result."""
    rows = []
    for case in study.cases:
        outcome = outcomes[case.name]
        observables = case_observables(study.case_dir(case)) if outcome.status == "ok" else {}
        rows.append(SummaryRow(case, outcome.status, outcome.wall_time, observables))
    return rows


def summary_header(study, rows):
    cycles = max([sum(1 for key in row.observables if key.startswith("CE cycle"))
                  for row in rows] + [1])
    return (["case"] + study.swept + ["status", "wall time [s]"]
            + [ce_column(number) for number in range(1, cycles + 1)] + SUMMARY_OBSERVABLES)


def write_summary(study, rows):
    """DIR/summary.csv: case, swept values, status, wall time, observables."""
    header = summary_header(study, rows)
    table = []
    for row in rows:
        swept = [prm_value_text(row.case.values[path]) if path in row.case.values else None
                 for path in study.swept]
        wall = None if row.wall_time is None else f"{row.wall_time:.1f}"
        observables = [format_number(row.observables.get(name))
                       for name in header[len(study.swept) + 3:]]
        table.append([row.case.name] + swept + [row.status, wall] + observables)
    path = study.output / "summary.csv"
    write_atomically(path, csv_text(header, table))
    return path


def format_number(value, digits=10):
    """Numbers with 10 significant digits in csv files, fewer on screen."""
    return None if value is None else f"{value:.{digits}g}"


def print_summary_table(rows, say=print):
    """The end-of-study table: the observables that fit on one screen."""
    columns = [("CE 1 [%]", ce_column(1)), ("dead Li0", SUMMARY_DEAD),
               ("SEI Li+", SUMMARY_SEI), ("largest frag.", SUMMARY_FRAGMENT),
               ("max|E| [V]", SUMMARY_POTENTIAL)]
    name_width = min(max([len(row.case.name) for row in rows] + [4]), 44)
    say(f"{'case':<{name_width}}  {'status':<11} {'wall':>8}"
        + "".join(f" {title:>13}" for title, _ in columns))
    for row in rows:
        name = row.case.name if len(row.case.name) <= name_width else row.case.name[:name_width - 1] + "~"
        cells = "".join(f" {format_number(row.observables.get(key), 6) or '-':>13}"
                        for _, key in columns)
        say(f"{name:<{name_width}}  {row.status:<11} {format_duration(row.wall_time):>8}{cells}")
    say("(dead Li0 and SEI Li+ in mAh/cm2 at the end of the run; largest dead fragment in um3)")


def run_study(study, deadli, mpiexec="mpirun", dry_run=False, say=print):
    """Prepare, validate and (unless dry_run) run a study; write summary.csv.

    Returns the summary rows, or None for a dry run.  Ctrl-C writes the
    summary of what is there and re-raises KeyboardInterrupt.
    """
    study.output.mkdir(parents=True, exist_ok=True)
    prepare_cases(study, deadli, workers=cases_at_once(study, lambda _: None))
    say(f"{len(study.cases)} case(s) valid: "
        + ", ".join(case.name for case in study.cases))
    if dry_run:
        for case in study.cases:
            case_dir = study.case_dir(case)
            state = ("done" if finished_before(case_dir)
                     else "resume" if resume_point(case_dir) else "to run")
            say(f"  {state:<6}  {case_dir / PRM_FILE}")
        return None

    runner = Runner(study, deadli, mpiexec, say)
    try:
        outcomes = runner.run()
    except KeyboardInterrupt:
        write_summary(study, summary_rows(study, runner.outcomes))
        raise
    rows = summary_rows(study, outcomes)
    say(f"wrote {write_summary(study, rows)}")
    return rows
