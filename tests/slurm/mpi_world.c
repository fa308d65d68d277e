// The test cluster's MPI launch, checked: rank 0 prints how many ranks MPI_COMM_WORLD
// has, so `srun --mpi=pmix -n 2` shows whether its ranks joined one world ("ranks 2")
// or each started alone ("ranks 1", twice), which would still give right answers.
#include <mpi.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (rank == 0)
    printf("ranks %d\n", ranks);
  MPI_Finalize();
  return 0;
}
