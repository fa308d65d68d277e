// Coral growth over a parameter sweep with MPI processes: the reference solution.
// The model itself (a walker, a reef, the sweep, the result lines) is in coral.h.
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coral.h"
#include "prng.h"
#include "split.h"

// The task farm's books, kept by rank 0: the next combination to hand out, how
// many worker ranks still ask for work, and where their outcomes go.
struct farm {
  int next, count, working;
  struct outcome *out;
};

// Rank 0 answers the requests that have arrived (with wait: until every worker has
// been told to stop). A request carries the worker's last outcome, or index -1.
static void
farm_serve(struct farm *f, int wait)
{
  while (f->working > 0) {
    int arrived = 1;
    MPI_Status st;
    if (!wait)
      MPI_Iprobe(MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &arrived, &st);
    if (!arrived)
      return;
    long long msg[4];
    MPI_Recv(msg, 4, MPI_LONG_LONG, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &st);
    if (msg[0] >= 0)
      memcpy(&f->out[msg[0]], msg + 1, sizeof *f->out);
    int task = f->next < f->count ? f->next++ : -1;
    f->working -= task < 0;
    MPI_Send(&task, 1, MPI_INT, st.MPI_SOURCE, 0, MPI_COMM_WORLD);
  }
}

// grow() of coral.h on rank 0 of the farm: the same reef, from the same streams, but
// it serves the workers as it goes.
static void
grow_serving(uint64_t seed, int i, const struct combination *c, struct outcome *out,
             struct farm *farm)
{
  unsigned char *grid = reef_new(c);
  long long top = 0, mass = 0;
  uint64_t key = prng_key(seed, (uint64_t)i);
  for (long w = 0; w < c->walkers; w++) {
    mass += walk(grid, &top, prng_key(key, (uint64_t)w), c->stickiness);
    if (w % 16 == 0)  // a worker that asks waits a fraction of a millisecond
      farm_serve(farm, 0);
  }
  *out = (struct outcome){mass, top, reef_checksum(grid, top)};
  free(grid);
}

// Static: each rank grows its block of the sweep. The other outcomes stay zero, so
// summing every rank's array on rank 0 collects them all there.
static void
grow_block(uint64_t seed, const struct sweep *s, int rank, int ranks, struct outcome *out)
{
  struct range mine = split_block((size_t)rank, (size_t)ranks, (size_t)s->count);
  for (size_t i = mine.begin; i < mine.end; i++)
    grow(seed, (int)i, &s->c[i], &out[i]);
  MPI_Reduce(rank == 0 ? MPI_IN_PLACE : out, out, 3 * s->count, MPI_LONG_LONG, MPI_SUM, 0,
             MPI_COMM_WORLD);
}

// Dynamic: rank 0 hands out combinations one at a time and grows some itself,
// serving requests between walkers; a worker asks again as soon as it is done.
static void
grow_farm(uint64_t seed, const struct sweep *s, int rank, int ranks, struct outcome *out)
{
  if (rank == 0) {
    struct farm f = {0, s->count, ranks - 1, out};
    while (f.next < f.count) {
      int i = f.next++;
      grow_serving(seed, i, &s->c[i], &out[i], &f);
    }
    farm_serve(&f, 1);
    return;
  }
  long long msg[4] = {-1};  // the task's index, then its outcome
  for (;;) {
    int task;
    MPI_Send(msg, 4, MPI_LONG_LONG, 0, 0, MPI_COMM_WORLD);
    MPI_Recv(&task, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (task < 0)
      return;
    grow(seed, task, &s->c[task], &out[task]);
    msg[0] = task;
    memcpy(msg + 1, &out[task], sizeof *out);
  }
}

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
  // Each combination is grown by one rank; rank 0 ends up with every outcome.
  if (dynamic)
    grow_farm(args.seed, &sweep, rank, ranks, out);
  else
    grow_block(args.seed, &sweep, rank, ranks, out);
  double seconds = MPI_Wtime() - start;

  int status = 0;
  struct range all = {0, (size_t)sweep.count};  // every combination, and no share
  if (rank == 0)  // one rank writes the answer
    status = write_results(&sweep, out, all, NULL, seconds, args.output, "coral-mpi");
  free(out);
  MPI_Finalize();
  return status;
}
