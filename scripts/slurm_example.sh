#!/usr/bin/env bash
#
# Example SLURM job script for DeadLi.  Copy it and adapt the #SBATCH lines,
# the module/Spack lines and the paths to your cluster.
#
#   sbatch scripts/slurm_example.sh                  # runs prm/quickstart.prm
#   sbatch scripts/slurm_example.sh prm/planar.prm   # any other parameter file
#
# Submit from the repository root (or wherever the relative paths in the .prm
# file should be resolved): the job changes into $SLURM_SUBMIT_DIR.
#
# Sizing: keep at least ~100k degrees of freedom per MPI rank (the usual rule
# of thumb for deal.II/PETSc codes; with fewer, communication dominates).
# The `dofs` column of statistics.csv tells the size of a run; a short run on
# a few ranks tells you what to expect before you submit a big one.
#
#SBATCH --job-name=deadli
#SBATCH --nodes=2
#SBATCH --ntasks=64
#SBATCH --time=24:00:00
#SBATCH --output=deadli-%j.out
#SBATCH --requeue
#
# --requeue lets SLURM put the job back in the queue after a node failure or
# preemption.  READ THIS: DeadLi does not write checkpoints or resume from
# them yet, so a requeued job currently starts over from t = 0 and overwrites
# the output directory of the first attempt.  Drop --requeue if that is not
# what you want.

set -euo pipefail

# --- Software environment (examples; use whichever your cluster provides) ---
# DeadLi needs deal.II >= 9.4 configured with MPI, p4est and PETSc (+hypre).
# module load dealii
# spack load dealii

PRM="${1:-prm/quickstart.prm}"
# The binary: `deadli` on PATH if installed there, else the build tree.
DEADLI="${DEADLI:-$(command -v deadli || echo build/deadli)}"
# Must match the output directory set in the .prm file; the quickstart writes
# to output/quickstart, and the shipped .prm files follow output/<name>.
OUTPUT="${DEADLI_OUTPUT:-output/$(basename "$PRM" .prm)}"

cd "${SLURM_SUBMIT_DIR:-.}"

if [[ ! -f "$PRM" ]]; then
  echo "error: parameter file '$PRM' not found (relative to $PWD)" >&2
  exit 1
fi

if ((${SLURM_RESTART_COUNT:-0} > 0)); then
  echo "WARNING: this job was requeued (SLURM_RESTART_COUNT=$SLURM_RESTART_COUNT)." >&2
  echo "WARNING: DeadLi cannot resume from checkpoints yet: the run starts over" >&2
  echo "WARNING: from t = 0 and overwrites $OUTPUT." >&2
fi

# --- Resume from checkpoint: NOT IMPLEMENTED YET --------------------------
# Planned: DeadLi will write restart files to $OUTPUT/restart/ and accept a
# --resume flag.  When it does, this block will enable it.  Until then it must
# stay commented out: the current deadli does not know --resume.
#
# RESUME=()
# if [[ -d "$OUTPUT/restart" ]]; then
#   echo "resuming from $OUTPUT/restart"
#   RESUME=(--resume)
# fi
# srun "$DEADLI" ${RESUME[@]+"${RESUME[@]}"} "$PRM"
# exit
# ---------------------------------------------------------------------------

echo "$(date): running $DEADLI $PRM on ${SLURM_NTASKS:-?} ranks, output in $OUTPUT"
srun "$DEADLI" "$PRM"
echo "$(date): done"
