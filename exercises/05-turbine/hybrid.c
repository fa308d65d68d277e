// Heat through a turbine section with MPI ranks and threads: the skeleton you complete (README.md, step 4).
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

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL, *split = "cart", *exchange = "blocking";
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
  long n = args.size, stride = n + 2;
  // Threads, but only the main thread calls MPI (every exchange is outside the
  // parallel regions): MPI_THREAD_FUNNELED is the level this needs.
  int provided, rank, ranks, dims[2];
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
  split_or_exit(n, cart, ranks, rank, dims);
  // TODO(README step 4a): every rank holds and computes the whole grid, with one
  // thread. Bring the blocks and the halo exchange of your mpi.c (step 3): each rank's
  // block (--split rows and cart), the exchange before every step, --exchange overlap
  // if you did it (with your mpi.c's defaults), and each rank's share of the summary.
  // Check it with OMP_NUM_THREADS=1 against turbine-serial before you add threads.
  (void)overlap;
  struct turbine t;
  turbine_init(&t, n, (int)blades, args.seed);
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
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
    for (long i = 0; i < stride; i++)
      for (long j = 0; j < stride; j++)
        cur[i * stride + j] = next[i * stride + j] = initial_value(&t, inflow_column, i, j);
    for (long step = 0; step < steps; step++) {
      // TODO(README step 4b): once the blocks work, let the rank's threads share the
      // rows of its block, with one OpenMP directive on the loop over the rows. The
      // grids are shared (each thread writes only its own rows of next); what a thread
      // changes itself (the row number, pointers into the row) must be its own. Every
      // MPI call stays outside the parallel region: MPI_THREAD_FUNNELED, asked for
      // above, lets only the main thread call MPI.
      for (long i = 1; i <= n; i++)
        step_row(&t, cur, next, stride, i);
      double *swap = cur;
      cur = next;
      next = swap;
    }
    // TODO(README step 4a): with blocks, each rank sums its own cells and rank 0
    // combines the parts (MPI_Reduce), as in your mpi.c; gather_picture for --write-out.
    summarise(&t, cur, stride, &s[m]);
    if (rank == 0 && m == 0 && write_out)
      status |= write_picture(write_out, cur, n, peak);
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
  MPI_Finalize();
  return status;
}
