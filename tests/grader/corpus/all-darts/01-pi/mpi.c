// Corpus: every rank throws all the darts, not its own block (hits = P x the serial).
#include <mpi.h>
#include <stdint.h>

#include "cli.h"
#include "prng.h"
#include "result.h"
#include "split.h"

// Throws darts first..end-1 at the unit square and counts those that land inside
// the quarter circle of radius 1. Dart i's coordinates are random numbers 2i and
// 2i+1 of the seed's stream, so every dart lands in the same place whoever throws it.
static long long
count_hits(uint64_t seed, long long first, long long end)
{
  long long hits = 0;
  for (long long i = first; i < end; i++) {
    double x = prng_uniform(seed, 2 * (uint64_t)i);
    double y = prng_uniform(seed, 2 * (uint64_t)i + 1);
    if (x * x + y * y <= 1.0)
      hits++;
  }
  return hits;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 10000000, .seed = 1};
  cli_parse_or_exit(argc, argv,
                    "Estimate pi by throwing --size random darts (MPI; the number of\n"
                    "workers is the number of ranks: mpirun -np P).",
                    &args, NULL, 0);
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  double start = MPI_Wtime();
  // slide: mpi-reduce
  // Each rank throws its own block of the darts; rank 0 receives the sum.
  long long my_hits = count_hits(args.seed, 0, (long long)args.size);
  long long hits = 0;
  MPI_Reduce(&my_hits, &hits, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
  // end slide
  double seconds = MPI_Wtime() - start;

  int status = 0;
  if (rank == 0) {  // one rank writes the answer
    // The quarter circle covers pi/4 of the unit square.
    struct result r = {0};
    result_add_int(&r, "darts", args.size);
    result_add_int(&r, "hits", hits);
    result_add_double(&r, "pi", 4.0 * (double)hits / (double)args.size);
    result_add_double(&r, "kernel_seconds", seconds);
    status = result_save(&r, args.output, "pi-mpi") == 0 ? 0 : 1;
    result_free(&r);
  }
  MPI_Finalize();
  return status;
}
