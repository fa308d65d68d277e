// Heat through a turbine section with MPI processes: the skeleton you complete (README.md, step 3).
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
                    "of inflow temperatures (MPI; the number of workers is the number of\n"
                    "ranks: mpirun -np P). --size N: N x N cells.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-mpi", args.size);
  int cart = choice_or_exit("split", split, "rows", "cart");
  int overlap = choice_or_exit("exchange", exchange, "blocking", "overlap");
  long n = args.size, stride = n + 2;
  MPI_Init(&argc, &argv);
  int rank, ranks, dims[2];
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  split_or_exit(n, cart, ranks, rank, dims);
  // TODO(README steps 3a and 3b): every rank holds and computes the whole grid. Give
  // each rank its block (rows first, then --split cart: MPI_Cart_create with dims),
  // with one cell of halo around it, and exchange the halos before every step.
  // TODO(README step 3c, stretch): --exchange overlap hides the exchange behind the
  // work. When it is right at every rank count, make it the default, as the reference
  // solution does.
  (void)overlap;
  struct turbine t;
  turbine_init(&t, n, (int)blades, args.seed);
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!cur || !next || !inflow_column || !s) {
    perror("turbine-mpi");
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
      for (long i = 1; i <= n; i++)
        step_row(&t, cur, next, stride, i);
      double *swap = cur;
      cur = next;
      next = swap;
    }
    // TODO(README step 3a): with blocks, each rank sums its own cells; combine the
    // parts on rank 0 (MPI_Reduce). For --write-out, gather_picture (turbine_mpi.h)
    // collects the blocks there.
    summarise(&t, cur, stride, &s[m]);
    if (rank == 0 && m == 0 && write_out)
      status |= write_picture(write_out, cur, n, peak);
  }
  double seconds = MPI_Wtime() - start;

  if (rank == 0)  // one rank writes the answer
    status |= write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s,
                            (struct range){0, (size_t)members}, NULL, seconds,
                            args.output, "turbine-mpi");
  free(cur);
  free(next);
  free(inflow_column);
  free(s);
  turbine_free(&t);
  MPI_Finalize();
  return status;
}
