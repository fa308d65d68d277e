// Heat through a turbine section with MPI ranks and OpenMP threads inside each: the reference solution.
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prng.h"
#include "result.h"
#include "split.h"
#include "turbine.h"
#define TURBINE_MPI_NAME "turbine-hybrid"  // in turbine_mpi.h's messages
#include "turbine_mpi.h"

// This rank's block of the section: rows r0..r1-1 and columns c0..c1-1 of the whole
// grid, kept with a ring of one cell around it (the halo: copies of the neighbours'
// edge cells, or the frame where there is no neighbour). Local cell (i, j), 0 <= i <=
// rows + 1, 0 <= j <= cols + 1, is cell (i + r0 - 1, j + c0 - 1) of the whole grid.
struct block {
  long r0, r1, c0, c1, rows, cols, stride;
  int dims[2], coords[2];
  int up, down, left, right;  // neighbour ranks; MPI_PROC_NULL at the frame
  MPI_Comm comm;
  MPI_Datatype column;        // one cell of each of the block's rows: a halo column
  int cart;
};

// This rank's block: how the ranks split the grid, who its neighbours are, where it
// lies, and the datatype of a halo column.
static void
block_setup(struct block *b, long n, int cart, int rank, int ranks)
{
  b->cart = cart;
  split_or_exit(n, cart, ranks, rank, b->dims);
  if (!cart) {  // step 3a: a stack of row blocks, the neighbours are rank - 1 and rank + 1
    b->comm = MPI_COMM_WORLD;
    b->coords[0] = rank, b->coords[1] = 0;
    b->up = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    b->down = rank < ranks - 1 ? rank + 1 : MPI_PROC_NULL;
    b->left = b->right = MPI_PROC_NULL;
  } else {  // step 3b: a grid of blocks; MPI knows who is next to whom
    int periods[2] = {0, 0};
    MPI_Cart_create(MPI_COMM_WORLD, 2, b->dims, periods, 0, &b->comm);
    MPI_Cart_coords(b->comm, rank, 2, b->coords);
    MPI_Cart_shift(b->comm, 0, 1, &b->up, &b->down);
    MPI_Cart_shift(b->comm, 1, 1, &b->left, &b->right);
  }
  struct place p = block_at(n, b->dims, b->coords);
  b->r0 = p.r0, b->r1 = p.r0 + p.rows, b->c0 = p.c0, b->c1 = p.c0 + p.cols;
  b->rows = p.rows, b->cols = p.cols, b->stride = b->cols + 2;
  // A column of the block is `rows` doubles, one per row: `stride` apart in memory.
  MPI_Type_vector((int)b->rows, 1, (int)b->stride, MPI_DOUBLE, &b->column);
  MPI_Type_commit(&b->column);
}

static void
block_free(struct block *b)
{
  MPI_Type_free(&b->column);
  if (b->cart)
    MPI_Comm_free(&b->comm);
}

// Advances the local cells (i, j), i0 <= i < i1, j0 <= j < j1, one step from cur to
// next and puts the blade cells among them back: the serial arithmetic, cell by cell.
// The rank's threads share the rows (README step 4). Everything declared outside the
// loop is only read (shared); what the loop declares is each thread's own (private).
// A row never reads what another row writes (cur in, next out), so the rows need no
// order, and the barrier at the end of the loop finishes them all before anyone uses
// next. An edge strip one row or one column wide is too little work to wake the team:
// one thread does it.
static void
step_cells(const struct turbine *t, const struct block *b, const double *cur, double *next,
           long i0, long i1, long j0, long j1)
{
  long stride = b->stride, dj = b->c0 - 1;
#pragma omp parallel for schedule(static) if (i1 - i0 > 1 && j1 - j0 > 1)
  for (long i = i0; i < i1; i++) {
    const double *c = cur + i * stride;
    double *out = next + i * stride;
    stencil(c + j0, c + j0 - stride, c + j0 + stride, out + j0, j1 - j0);
    long row = i + b->r0 - 1;
    for (long k = t->first[row]; k < t->first[row + 1]; k++) {
      long x0 = t->segment[k].x0 - dj, x1 = t->segment[k].x1 - dj;
      for (long j = x0 > j0 ? x0 : j0; j < (x1 < j1 ? x1 : j1); j++)
        out[j] = T_BLADE;
    }
  }
}

// Blocking halo exchange: my first row goes up while the row below my last arrives
// from below, then the other way round; then the columns the same way (cart only).
// MPI_Sendrecv pairs each send with a receive, so no two ranks wait for each other.
static void
exchange(const struct block *b, double *g)
{
  long s = b->stride, rows = b->rows, cols = b->cols;
  MPI_Sendrecv(&g[1 * s + 1], (int)cols, MPI_DOUBLE, b->up, 0, &g[(rows + 1) * s + 1],
               (int)cols, MPI_DOUBLE, b->down, 0, b->comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&g[rows * s + 1], (int)cols, MPI_DOUBLE, b->down, 1, &g[0 * s + 1],
               (int)cols, MPI_DOUBLE, b->up, 1, b->comm, MPI_STATUS_IGNORE);
  if (!b->cart)
    return;
  MPI_Sendrecv(&g[1 * s + 1], 1, b->column, b->left, 2, &g[1 * s + cols + 1], 1, b->column,
               b->right, 2, b->comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&g[1 * s + cols], 1, b->column, b->right, 3, &g[1 * s + 0], 1, b->column,
               b->left, 3, b->comm, MPI_STATUS_IGNORE);
}

// One step, halo first, then every cell.
static void
step_blocking(const struct turbine *t, const struct block *b, double *cur, double *next)
{
  exchange(b, cur);
  step_cells(t, b, cur, next, 1, b->rows + 1, 1, b->cols + 1);
}

// One step that hides the exchange behind the work: start it, advance the cells that
// need no halo, wait for the halo, then advance the edges that do. Only an edge that
// faces a neighbour waits: an edge at the frame reads the frame, which never changes
// (with one rank, or a stack of row blocks, whole rows and columns need no halo).
// The halo cells being written are read by nobody meanwhile.
static void
step_overlap(const struct turbine *t, const struct block *b, double *cur, double *next)
{
  long s = b->stride, rows = b->rows, cols = b->cols;
  MPI_Request req[8];
  int r = 0;
  MPI_Irecv(&cur[(rows + 1) * s + 1], (int)cols, MPI_DOUBLE, b->down, 0, b->comm, &req[r++]);
  MPI_Irecv(&cur[0 * s + 1], (int)cols, MPI_DOUBLE, b->up, 1, b->comm, &req[r++]);
  MPI_Isend(&cur[1 * s + 1], (int)cols, MPI_DOUBLE, b->up, 0, b->comm, &req[r++]);
  MPI_Isend(&cur[rows * s + 1], (int)cols, MPI_DOUBLE, b->down, 1, b->comm, &req[r++]);
  if (b->cart) {
    MPI_Irecv(&cur[1 * s + cols + 1], 1, b->column, b->right, 2, b->comm, &req[r++]);
    MPI_Irecv(&cur[1 * s + 0], 1, b->column, b->left, 3, b->comm, &req[r++]);
    MPI_Isend(&cur[1 * s + 1], 1, b->column, b->left, 2, b->comm, &req[r++]);
    MPI_Isend(&cur[1 * s + cols], 1, b->column, b->right, 3, b->comm, &req[r++]);
  }
  // The inner cells: rows i0..i1-1, columns j0..j1-1 (blocks are >= 4 x 4: never empty).
  long i0 = b->up == MPI_PROC_NULL ? 1 : 2, i1 = b->down == MPI_PROC_NULL ? rows + 1 : rows;
  long j0 = b->left == MPI_PROC_NULL ? 1 : 2, j1 = b->right == MPI_PROC_NULL ? cols + 1 : cols;
  step_cells(t, b, cur, next, i0, i1, j0, j1);
  MPI_Waitall(r, req, MPI_STATUSES_IGNORE);
  if (i0 == 2)
    step_cells(t, b, cur, next, 1, 2, 1, cols + 1);            // the first row
  if (i1 == rows)
    step_cells(t, b, cur, next, rows, rows + 1, 1, cols + 1);  // the last row
  if (j0 == 2)
    step_cells(t, b, cur, next, i0, i1, 1, 2);                 // the first column
  if (j1 == cols)
    step_cells(t, b, cur, next, i0, i1, cols, cols + 1);       // the last column
}

// This rank's share of the summary; rank 0 gets the whole one. Sums of the cells and
// of their hashes add up in any order (the hashes exactly, the sum to the last few
// bits); each probe is in one block and is 0 in the others.
static void
summarise_block(const struct turbine *t, const struct block *b, const double *g,
                struct summary *out)
{
  struct summary s = {0, T_START, {0, 0, 0}, 0};
  for (long i = 1; i <= b->rows; i++)
    for (long j = 1; j <= b->cols; j++) {
      double v = g[i * b->stride + j];
      uint64_t bits;
      long gi = i + b->r0 - 1, gj = j + b->c0 - 1;
      memcpy(&bits, &v, sizeof bits);
      s.sum += v;
      s.max = v > s.max ? v : s.max;
      s.hash += prng_u64(bits, (uint64_t)(gi * (t->n + 2) + gj));
    }
  for (int p = 0; p < 3; p++) {
    long i = t->probe_row - b->r0 + 1, j = t->probe_col[p] - b->c0 + 1;
    if (i >= 1 && i <= b->rows && j >= 1 && j <= b->cols)
      s.probe[p] = g[i * b->stride + j];
  }
  double sums[4] = {s.sum, s.probe[0], s.probe[1], s.probe[2]}, total[4];
  MPI_Reduce(sums, total, 4, MPI_DOUBLE, MPI_SUM, 0, b->comm);
  MPI_Reduce(&s.max, &out->max, 1, MPI_DOUBLE, MPI_MAX, 0, b->comm);
  MPI_Reduce(&s.hash, &out->hash, 1, MPI_UINT64_T, MPI_SUM, 0, b->comm);
  out->sum = total[0];
  memcpy(out->probe, total + 1, sizeof out->probe);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL, *split = "cart", *exchange = "overlap";
  struct cli_option options[] = {
    TURBINE_OPTIONS(steps, members, inflow, blades, write_out),
    {"split", CLI_STRING, &split, "HOW", "rows (README step 3a) or cart (step 3b)", 0, 0},
    {"exchange", CLI_STRING, &exchange, "HOW", "blocking (halos first, then the cells) or "
     "overlap (halos while the inner cells are computed, README step 3c)", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Heat through a turbine section with a few cooled blades, for an ensemble\n"
                    "of inflow temperatures (MPI ranks, OpenMP threads inside each rank; the\n"
                    "number of workers is ranks x threads: mpirun -np R with OMP_NUM_THREADS=T\n"
                    "is R x T workers, and --workers is not needed. The grader runs W workers as\n"
                    "T = 2 threads per rank when W is even, else 1, and R = W / T ranks).\n"
                    "--size N: N x N cells.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-hybrid", args.size);
  int cart = choice_or_exit("split", split, "rows", "cart");
  int overlap = choice_or_exit("exchange", exchange, "blocking", "overlap");
  long n = args.size;
  // slide: hybrid-init
  // Threads, but only the main thread calls MPI (every exchange is outside the
  // parallel regions): MPI_THREAD_FUNNELED is the level this needs.
  int provided, rank, ranks;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (provided < MPI_THREAD_FUNNELED) {  // the same answer on every rank: all stop
    if (rank == 0)
      fprintf(stderr, "turbine-hybrid: error: this MPI library allows no threads "
              "(MPI_THREAD_SINGLE); threads in a rank need MPI_THREAD_FUNNELED\n");
    MPI_Finalize();
    return 1;
  }
  // end slide
  struct block b;
  block_setup(&b, n, cart, rank, ranks);
  struct turbine t;
  turbine_init(&t, n, (int)blades, args.seed);
  size_t cells = (size_t)((b.rows + 2) * b.stride);
  double *cur = malloc(cells * sizeof *cur), *next = malloc(cells * sizeof *next),
         *inflow_column = malloc((size_t)(n + 2) * sizeof *inflow_column);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!cur || !next || !inflow_column || !s) {
    perror("turbine-hybrid");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }

  int status = 0;
  double start = MPI_Wtime();
  for (int m = 0; m < members; m++) {
    double peak = inflow + m * T_STEP;
    inflow_profile(args.seed, m, peak, n, inflow_column);
    // First touch (README step 2): each thread writes the rows it will compute.
#pragma omp parallel for schedule(static)
    for (long i = 0; i < b.rows + 2; i++)
      for (long j = 0; j < b.stride; j++)
        cur[i * b.stride + j] = next[i * b.stride + j] =
            initial_value(&t, inflow_column, i + b.r0 - 1, j + b.c0 - 1);
    for (long step = 0; step < steps; step++) {
      if (overlap)
        step_overlap(&t, &b, cur, next);
      else
        step_blocking(&t, &b, cur, next);
      double *swap = cur;
      cur = next;
      next = swap;
    }
    summarise_block(&t, &b, cur, &s[m]);
    if (m == 0 && write_out)
      status |= gather_picture(&t, b.comm, b.cart, b.dims,
                               (struct place){b.r0, b.c0, b.rows, b.cols}, cur, b.stride,
                               inflow_column, peak, write_out, rank, ranks);
  }
  double seconds = MPI_Wtime() - start;

  if (rank == 0)  // one rank writes the answer
    status |= write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s,
                            (struct range){0, (size_t)members}, NULL, seconds,
                            args.output, "turbine-hybrid");
  free(cur);
  free(next);
  free(inflow_column);
  free(s);
  turbine_free(&t);
  block_free(&b);
  MPI_Finalize();
  return status;
}
