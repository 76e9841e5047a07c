#ifndef deadli_mesh_cell_loop_event_h
#define deadli_mesh_cell_loop_event_h

#include <petsclog.h>

namespace deadli
{
  /**
   * Marks the operators' cell loops, from construction to end(), as one
   * PETSc log event, "DeadLi cell loops".
   *
   * Why: a step's wall time is the same on every rank, because the
   * compress() after each loop and the Krylov solves synchronise them, so
   * it cannot tell which rank holds more interface work. The event counts
   * each rank's own time in the loops, without the waits that follow them;
   * `-log_view` and the benchmark show it per rank (its max/min ratio is
   * the load imbalance of the assembly).
   */
  class CellLoopEvent
  {
  public:
    /// Begin the event (registered on first use).
    CellLoopEvent();

    /// End the event, unless end() did.
    ~CellLoopEvent();

    /// End the event here, before the compress() that follows the loop.
    void
    end();

    CellLoopEvent(const CellLoopEvent &) = delete;
    CellLoopEvent &
    operator=(const CellLoopEvent &) = delete;

    /// The event's name in PETSc's log.
    static constexpr const char *name = "DeadLi cell loops";

  private:
    bool running = true;

    /// The event's id, registered with PETSc on the first call.
    static PetscLogEvent
    id();
  };
} // namespace deadli

#endif
