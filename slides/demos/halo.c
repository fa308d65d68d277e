// Slide demo: heat spreading along a rod split over MPI ranks, with halo exchange.
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "split.h"

#define CELLS 1200
#define STEPS 500

int
main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  struct range mine = split_block((size_t)rank, (size_t)ranks, CELLS);
  int n = (int)(mine.end - mine.begin);
  // Cells 1..n are this rank's; 0 and n+1 are the halo: copies of the neighbours'
  // edge cells. The rod's own ends stay at 0 degrees.
  double *t = calloc((size_t)n + 2, sizeof *t), *next = calloc((size_t)n + 2, sizeof *t);
  for (int i = 1; i <= n; i++)
    t[i] = mine.begin + i - 1 == CELLS / 2 ? 1000.0 : 0.0;  // one hot cell

  int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;   // MPI_PROC_NULL: no neighbour,
  int right = rank < ranks - 1 ? rank + 1 : MPI_PROC_NULL;  // the call does nothing
  for (int step = 0; step < STEPS; step++) {
    // slide: halo-exchange
    // Send my first cell to the left and receive my right halo from the right,
    // then the other way round. Sendrecv pairs them, so no rank waits for ever.
    MPI_Sendrecv(&t[1], 1, MPI_DOUBLE, left, 0, &t[n + 1], 1, MPI_DOUBLE, right, 0,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&t[n], 1, MPI_DOUBLE, right, 1, &t[0], 1, MPI_DOUBLE, left, 1,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 1; i <= n; i++)  // each cell moves towards its neighbours' mean
      next[i] = t[i] + 0.25 * (t[i - 1] - 2 * t[i] + t[i + 1]);
    // end slide
    double *swap = t;
    t = next;
    next = swap;
  }
  double local = 0, heat = 0, mid = 0;
  for (int i = 1; i <= n; i++) {
    local += t[i];
    if (mine.begin + i - 1 == CELLS / 2)
      mid = t[i];
  }
  MPI_Reduce(&local, &heat, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  double mid_all = 0;
  MPI_Reduce(&mid, &mid_all, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0)
    printf("ranks %d heat %.6f middle %.9f\n", ranks, heat, mid_all);
  free(t);
  free(next);
  MPI_Finalize();
  return 0;
}
