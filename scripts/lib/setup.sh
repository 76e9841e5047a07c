# shellcheck shell=bash
#
# Shared setup for DeadLi's scripts.  Source this file, do not execute it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
#   deadli_setup            # packages + MPI environment + configure + build
#   deadli_check_format     # clang-format --dry-run --Werror over the C++
#
# Sourcing defines the functions and these variables, and changes nothing:
#   DEADLI_ROOT    the repository root (derived from this file's location)
#   DEADLI_BUILD   "$DEADLI_ROOT/build"
#
# Environment knobs:
#   DEADLI_BUILD_TYPE     Release (default) or Debug
#   DEADLI_CLANG_FORMAT   clang-format binary to use (default: clang-format-14
#                         if installed, else clang-format)

DEADLI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEADLI_BUILD="$DEADLI_ROOT/build"

# Debian 12 packages DeadLi needs to build, run, test and plot.
DEADLI_DEBIAN_PACKAGES=(
  libdeal.ii-dev
  openmpi-bin
  cmake
  gmsh
  libtiff-dev
  numdiff
  python3-matplotlib
  python3-numpy
  clang-format
)

# Print the name of each package in DEADLI_DEBIAN_PACKAGES not installed.
_deadli_missing_packages() {
  local pkg info
  for pkg in "${DEADLI_DEBIAN_PACKAGES[@]}"; do
    # `dpkg -s` also succeeds for removed packages whose config files are
    # left, so look at the status line itself.
    info="$(dpkg -s "$pkg" 2>/dev/null || true)"
    if [[ "$info" != *$'\nStatus: install ok installed'* ]]; then
      echo "$pkg"
    fi
  done
}

# Install whatever is missing (nothing at all on a machine already set up).
_deadli_install_packages() {
  local missing
  mapfile -t missing < <(_deadli_missing_packages)
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local sudo=()
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "deadli: missing Debian packages: ${missing[*]}" >&2
      echo "deadli: not root and no sudo; install them by hand:" >&2
      echo "  apt-get install ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo)
  fi

  echo "deadli: installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

# Open MPI refuses to run as root and to start more ranks than cores unless
# told; both are normal in containers and CI.
_deadli_mpi_environment() {
  export OMPI_ALLOW_RUN_AS_ROOT=1
  export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  export OMPI_MCA_rmaps_base_oversubscribe=1
}

# Configure (only when needed) and build.
_deadli_build() {
  local root="$DEADLI_ROOT"
  local build_type="${DEADLI_BUILD_TYPE:-Release}"
  local cache="$DEADLI_BUILD/CMakeCache.txt"
  local cached_type=""

  if [[ -f "$cache" ]]; then
    cached_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache" | head -n 1)"
  fi
  if [[ ! -f "$cache" || "$cached_type" != "$build_type" ]]; then
    echo "deadli: configuring $root/build (CMAKE_BUILD_TYPE=$build_type)"
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE="$build_type"
  fi

  echo "deadli: building with $(nproc) jobs"
  cmake --build "$root/build" -j "$(nproc)"
}

# Everything a script needs before it can run DeadLi or its tests:
#   (a) install missing Debian packages (apt-get; sudo when not root),
#   (b) export the Open MPI variables for root and oversubscription,
#   (c) configure build/ if needed and build.
deadli_setup() {
  _deadli_install_packages
  _deadli_mpi_environment
  _deadli_build
}

# Check that every *.h and *.cc under include/ source/ tests/ bench/ is
# formatted according to .clang-format.  Prints the offending files and
# returns 1 if any is not; returns 0 (and says so) if there is nothing to check.
deadli_check_format() {
  local root="$DEADLI_ROOT"
  local clang_format="${DEADLI_CLANG_FORMAT:-}"
  if [[ -z "$clang_format" ]]; then
    if command -v clang-format-14 >/dev/null 2>&1; then
      clang_format=clang-format-14
    else
      clang_format=clang-format
    fi
  fi
  if ! command -v "$clang_format" >/dev/null 2>&1; then
    echo "deadli: $clang_format not found (apt-get install clang-format)" >&2
    return 1
  fi
  local version
  version="$("$clang_format" --version)"
  if [[ "$version" != *"version 14."* ]]; then
    echo "deadli: warning: $version is not version 14;" \
      "its line breaks may differ from CI's" >&2
  fi

  local dirs=() dir
  for dir in include source tests bench; do
    if [[ -d "$root/$dir" ]]; then
      dirs+=("$root/$dir")
    fi
  done

  local files=()
  if ((${#dirs[@]} > 0)); then
    mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.h' -o -name '*.cc' \) | LC_ALL=C sort)
  fi
  if ((${#files[@]} == 0)); then
    echo "deadli: format check: no *.h or *.cc files, nothing to check"
    return 0
  fi

  local bad=() file
  for file in "${files[@]}"; do
    if ! "$clang_format" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
      bad+=("${file#"$root"/}")
    fi
  done

  if ((${#bad[@]} > 0)); then
    echo "deadli: format check FAILED: ${#bad[@]} of ${#files[@]} files are not clang-formatted:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "deadli: fix with: (cd $root && $clang_format -i ${bad[*]})" >&2
    return 1
  fi
  echo "deadli: format check passed (${#files[@]} files)"
  return 0
}

# A Python 3 interpreter that can import matplotlib.  With pyenv or a venv
# first on PATH, `python3` may lack Debian's python3-matplotlib, which is
# installed for /usr/bin/python3.
deadli_python() {
  local py
  for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import matplotlib' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  echo "deadli: no python3 with matplotlib (apt-get install python3-matplotlib)" >&2
  return 1
}
