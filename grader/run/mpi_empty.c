// An empty MPI program: its run time under mpirun is the launch cost of MPI itself.
#include <mpi.h>

int
main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  MPI_Finalize();
  return 0;
}
