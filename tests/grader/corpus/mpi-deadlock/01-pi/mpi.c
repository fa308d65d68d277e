// Corpus: every rank waits in a blocking receive from the next one; nobody sends.
#include <mpi.h>

#include "cli.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  MPI_Init(&argc, &argv);
  int rank, ranks;
  long long hits;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  MPI_Recv(&hits, 1, MPI_LONG_LONG, (rank + 1) % ranks, 0, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  MPI_Finalize();
  return 0;
}
