#include <deal.II/lac/exceptions.h>

#include <deadli/mesh/cell_loop_event.h>

namespace deadli
{
  PetscLogEvent
  CellLoopEvent::id()
  {
    // Registered once per process, on first use: after PetscInitialize,
    // which MPI_InitFinalize in main() calls before any operator exists.
    static const PetscLogEvent event = []() {
      PetscClassId   class_id;
      PetscErrorCode error = PetscClassIdRegister("DeadLi", &class_id);
      AssertThrow(error == 0, dealii::LACExceptions::ExcPETScError(error));
      PetscLogEvent registered;
      error = PetscLogEventRegister(name, class_id, &registered);
      AssertThrow(error == 0, dealii::LACExceptions::ExcPETScError(error));
      return registered;
    }();
    return event;
  }



  CellLoopEvent::CellLoopEvent()
  {
    const PetscErrorCode error = PetscLogEventBegin(id(), 0, 0, 0, 0);
    AssertThrow(error == 0, dealii::LACExceptions::ExcPETScError(error));
  }



  void
  CellLoopEvent::end()
  {
    if (!running)
      return;
    running                    = false;
    const PetscErrorCode error = PetscLogEventEnd(id(), 0, 0, 0, 0);
    AssertThrow(error == 0, dealii::LACExceptions::ExcPETScError(error));
  }



  CellLoopEvent::~CellLoopEvent()
  {
    // Left by an exception: end quietly, a failed end only spoils the log.
    if (running)
      PetscLogEventEnd(id(), 0, 0, 0, 0);
  }
} // namespace deadli
