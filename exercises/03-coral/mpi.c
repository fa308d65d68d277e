// Coral growth over a parameter sweep with MPI processes: the skeleton you complete (README.md, step 3).
// The model itself (a walker, a reef, the sweep, the result lines) is in coral.h.
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coral.h"
#include "prng.h"
#include "split.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 500, .seed = 1};
  const char *params = NULL, *schedule = "dynamic";
  struct cli_option options[] = {
    {"params", CLI_STRING, &params, "FILE",
     "run the combinations in FILE ('STICKINESS WALKERS' per line), not the built-in sweep"},
    {"schedule", CLI_STRING, &schedule, "KIND", "static or dynamic (README.md, step 3)"},
  };
  cli_parse_or_exit(argc, argv,
                    "Grow a coral reef for every combination of a parameter sweep (MPI; the\n"
                    "number of workers is the number of ranks: mpirun -np P).\n"
                    "--size: walkers of the cheapest combinations of the built-in sweep.",
                    &args, options, 2);
  int dynamic = schedule_parse_or_exit("coral-mpi", schedule);
  static struct sweep sweep;
  sweep_load_or_exit("coral-mpi", params, args.size, &sweep);
  struct outcome *out = calloc((size_t)sweep.count, sizeof *out);
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  double start = MPI_Wtime();
  // TODO(README step 3): every rank grows every combination, so P ranks take as
  // long as one. With --schedule static, let each rank grow its own block
  // (split_block in split.h) and collect the outcomes on rank 0; with dynamic,
  // let rank 0 hand out combinations as ranks ask for work (a task farm).
  (void)dynamic;
  for (int i = 0; i < sweep.count; i++)
    grow(args.seed, i, &sweep.c[i], &out[i]);
  double seconds = MPI_Wtime() - start;

  int status = 0;
  struct range all = {0, (size_t)sweep.count};  // every combination, and no share
  if (rank == 0)  // one rank writes the answer
    status = write_results(&sweep, out, all, NULL, seconds, args.output, "coral-mpi");
  free(out);
  MPI_Finalize();
  return status;
}
