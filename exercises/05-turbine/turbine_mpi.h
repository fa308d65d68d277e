// What the MPI versions (mpi.c, and hybrid.c with threads inside each rank) share
// besides turbine.h: how the ranks split the grid into blocks (and the check that each
// block is big enough), the options that name one of two ways, and --write-out's
// gathering of the blocks on rank 0. The halo exchange, the lesson, is each version's
// own. (The grader compiles every version with this file as it stands here, in
// exercises/05-turbine, whatever was submitted.)
#ifndef TURBINE_MPI_H
#define TURBINE_MPI_H

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "turbine.h"

// The program named in this file's messages. hybrid.c defines it as "turbine-hybrid"
// before it includes this file.
#ifndef TURBINE_MPI_NAME
#define TURBINE_MPI_NAME "turbine-mpi"
#endif

// The smallest block a rank may own, in rows and in columns: a thinner one would
// spend more time exchanging halos than computing.
#define MIN_BLOCK 4

// How the ranks split the grid: --split rows gives dims[0] = ranks, a stack of row
// blocks; --split cart lets MPI_Dims_create pick the most square grid of blocks.
// A grid too small for that many ranks is a bad argument: every rank sees the same
// numbers, so every rank stops, and rank 0 says why (exit status 2, no rank waits).
static void
split_or_exit(long n, int cart, int ranks, int rank, int dims[2])
{
  dims[0] = cart ? 0 : ranks;
  dims[1] = cart ? 0 : 1;
  if (cart)
    MPI_Dims_create(ranks, 2, dims);
  if (n / dims[0] >= MIN_BLOCK && n / dims[1] >= MIN_BLOCK)
    return;
  if (rank == 0)
    fprintf(stderr, TURBINE_MPI_NAME ": error: --size %ld is too small for %d ranks "
            "(%d x %d blocks): each needs at least %d x %d cells\n", n, ranks, dims[0],
            dims[1], MIN_BLOCK, MIN_BLOCK);
  MPI_Barrier(MPI_COMM_WORLD);  // the line is out before any rank exits
  MPI_Finalize();
  exit(2);
}

// An option that names one of two ways (--split rows|cart, --exchange
// blocking|overlap). Returns 0 for `first`, 1 for `second`; anything else is a bad
// argument: one line, exit status 2.
static int
choice_or_exit(const char *option, const char *text, const char *first, const char *second)
{
  if (strcmp(text, first) == 0 || strcmp(text, second) == 0)
    return strcmp(text, second) == 0;
  fprintf(stderr, TURBINE_MPI_NAME ": error: --%s: expected %s or %s, got '%s'\n", option,
          first, second, text);
  exit(2);
}

// Where block `coords` of dims[0] x dims[1] blocks lies: rows r0 .. r0 + rows - 1 and
// columns c0 .. c0 + cols - 1 of the whole grid (row 0 and column 0 are the frame).
struct place {
  long r0, c0, rows, cols;
};

static struct place
block_at(long n, const int dims[2], const int coords[2])
{
  struct range rows = split_block((size_t)coords[0], (size_t)dims[0], (size_t)n);
  struct range cols = split_block((size_t)coords[1], (size_t)dims[1], (size_t)n);
  return (struct place){(long)rows.begin + 1, (long)cols.begin + 1,
                        (long)(rows.end - rows.begin), (long)(cols.end - cols.begin)};
}

// --write-out: rank 0 collects every block into the whole grid (whose frame it fills
// itself) and writes the picture. `g` is this rank's block with its halo, rows of
// `stride` doubles, lying at `mine`; rank r's block is at MPI_Cart_coords in a
// Cartesian `comm` (cart), else at row r. Each block travels packed, row after row.
__attribute__((unused)) static int
gather_picture(const struct turbine *t, MPI_Comm comm, int cart, const int dims[2],
               struct place mine, const double *g, long stride, const double *inflow,
               double peak, const char *path, int rank, int ranks)
{
  long n = t->n, whole_stride = n + 2;
  double *pack = malloc((size_t)(mine.rows * mine.cols) * sizeof *pack);
  if (!pack) {
    perror(TURBINE_MPI_NAME);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  for (long i = 0; i < mine.rows; i++)
    memcpy(pack + i * mine.cols, g + (i + 1) * stride + 1, (size_t)mine.cols * sizeof *pack);
  if (rank != 0) {
    MPI_Send(pack, (int)(mine.rows * mine.cols), MPI_DOUBLE, 0, 9, comm);
    free(pack);
    return 0;
  }
  double *whole = malloc((size_t)(whole_stride * whole_stride) * sizeof *whole),
         *part = malloc((size_t)(n / dims[0] + 1) * (size_t)(n / dims[1] + 1) * sizeof *part);
  if (!whole || !part) {
    perror(TURBINE_MPI_NAME);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  for (long i = 0; i < whole_stride; i++)
    for (long j = 0; j < whole_stride; j++)
      whole[i * whole_stride + j] = initial_value(t, inflow, i, j);
  for (int r = 0; r < ranks; r++) {
    int coords[2] = {r, 0};
    if (cart)
      MPI_Cart_coords(comm, r, 2, coords);
    struct place other = block_at(n, dims, coords);
    if (r == 0)
      memcpy(part, pack, (size_t)(mine.rows * mine.cols) * sizeof *part);
    else
      MPI_Recv(part, (int)(other.rows * other.cols), MPI_DOUBLE, r, 9, comm,
               MPI_STATUS_IGNORE);
    for (long i = 0; i < other.rows; i++)
      memcpy(whole + (other.r0 + i) * whole_stride + other.c0, part + i * other.cols,
             (size_t)other.cols * sizeof *part);
  }
  int status = write_picture(path, whole, n, peak);
  free(whole);
  free(part);
  free(pack);
  return status;
}

#endif
