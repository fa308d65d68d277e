// Slide demo: MPI point-to-point, every rank sends its partial sum to rank 0.
#include <mpi.h>
#include <stdio.h>

#include "split.h"

int
main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const size_t n = 1000000;

  // slide: mpi-send-recv
  struct range mine = split_block((size_t)rank, (size_t)ranks, n);
  long long part = 0;
  for (size_t i = mine.begin; i < mine.end; i++)
    part += (long long)i;
  if (rank != 0) {
    MPI_Send(&part, 1, MPI_LONG_LONG, 0, 0, MPI_COMM_WORLD);   // to rank 0, tag 0
  } else {
    long long total = part;
    for (int from = 1; from < ranks; from++) {
      long long other;
      MPI_Recv(&other, 1, MPI_LONG_LONG, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      total += other;
    }
    printf("sum of 0..%zu = %lld from %d ranks\n", n - 1, total, ranks);
  }
  // end slide
  MPI_Finalize();
  return 0;
}
