// Corpus: rank 1 writes through a null pointer; rank 0 waits for it in MPI_Finalize.
#include <mpi.h>

#include "cli.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  volatile int *volatile nowhere = NULL;  // volatile: the write is not optimised away
  if (rank == 1)
    *nowhere = rank;
  MPI_Finalize();
  return 0;
}
