// A stand-in for an MPI library that allows no threads, for test_turbine.c: preloaded
// into a rank (LD_PRELOAD), its MPI_Init_thread starts MPI through the profiling
// interface as usual, and then answers MPI_THREAD_SINGLE, whatever was asked.
#include <mpi.h>

int
MPI_Init_thread(int *argc, char ***argv, int required, int *provided)
{
  (void)required;
  int status = PMPI_Init_thread(argc, argv, MPI_THREAD_SINGLE, provided);
  *provided = MPI_THREAD_SINGLE;
  return status;
}
