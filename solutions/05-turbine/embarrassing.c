// Heat through a turbine section, an ensemble run in separate processes: the reference solution.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pool.h"
#include "prng.h"
#include "result.h"
#include "shards.h"
#include "split.h"
#include "timer.h"
#include "turbine.h"

// The combine step for shares run as separate commands (--shard I/N): the FILEs must
// be every share of one run, once each, agreeing on every field that says what the
// run is (shards.h checks that). The members' fields are copied as the shares wrote
// them, so the result is the serial one to the last bit. Returns the exit status,
// after one line on stderr if not 0.
static int
combine_files(char **files, int nfiles, const char *path)
{
  static const char *const run[] = {"seed", "inflow", "size", "steps", "blades", "members",
                                    NULL};
  double start = timer_now();
  struct shards sh;
  struct result full = {0};
  char err[1200];
  int ok = shards_load(files, nfiles, run, &sh, err, sizeof err) == 0;
  const struct result_field *m = ok ? result_find(&sh.part[0], "members") : NULL;
  long members = m && m->is_number ? (long)m->number : 0;
  if (ok && (members < 1 || members > MAX_MEMBERS))
    ok = 0, snprintf(err, sizeof err, "%s: members %s: expected 1 to %d", sh.file[0],
                     m->text, MAX_MEMBERS);
  // The full result: the header of the serial's, then each member from its share.
  for (int k = 2; ok && run[k]; k++)
    result_add_text(&full, run[k], result_find(&sh.part[0], run[k])->text);
  for (long member = 0; ok && member < members; member++) {
    int i = (int)split_block_owner((size_t)member, (size_t)sh.count, (size_t)members);
    for (int k = 0; ok && k < MEMBER_FIELDS; k++) {
      char name[RESULT_NAME_MAX];
      snprintf(name, sizeof name, "m%02ld.%s", member, member_fields[k]);
      const struct result_field *v = result_find(&sh.part[i], name);
      if (v)
        result_add_text(&full, name, v->text);
      else
        ok = 0, snprintf(err, sizeof err, "%s: share %d/%d lacks %s", sh.file[i], i,
                         sh.count, name);
    }
  }
  int status = 1;
  if (ok) {
    result_add_double(&full, "kernel_seconds", timer_since(start));
    status = result_save(&full, path, "turbine-embarrassing") == 0 ? 0 : 1;
  } else {
    fprintf(stderr, "turbine-embarrassing: %s\n", err);
  }
  shards_free(&sh);
  result_free(&full);
  return status;
}

// Everything a task needs to know: the same for every member.
struct ensemble {
  const struct turbine *t;
  uint64_t seed;
  long steps;
  double inflow;
  const char *write_out;  // --write-out FILE, or NULL
};

// One task: member `task` of the ensemble from start to end, in whatever process
// runs it, with grids of its own. Its summary is the result the pool sends back.
static int
member_task(size_t task, void *result, void *context)
{
  const struct ensemble *e = context;
  const struct turbine *t = e->t;
  long n = t->n, stride = n + 2;
  int m = (int)task, status = 0;
  double peak = e->inflow + m * T_STEP;
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
  if (!cur || !next || !inflow_column) {
    perror("turbine-embarrassing");
    return 1;
  }
  inflow_profile(e->seed, m, peak, n, inflow_column);
  for (long i = 0; i < stride; i++)
    for (long j = 0; j < stride; j++)
      cur[i * stride + j] = next[i * stride + j] = initial_value(t, inflow_column, i, j);
  for (long step = 0; step < e->steps; step++) {
    for (long i = 1; i <= n; i++)
      step_row(t, cur, next, stride, i);
    double *swap = cur;
    cur = next;
    next = swap;
  }
  summarise(t, cur, stride, result);
  if (m == 0 && e->write_out)  // the process that ran member 0 writes its picture
    status = write_picture(e->write_out, cur, n, peak);
  free(cur);
  free(next);
  free(inflow_column);
  return status;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1, .accepts_files = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL;
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    TURBINE_OPTIONS(steps, members, inflow, blades, write_out),
    {"shard", CLI_SHARD, &shard, "I/N", "run only share I of N of the members, write theirs",
     0, 0},
    {"combine", CLI_FLAG, &combine, NULL, "join the partial result FILEs that --shard wrote",
     0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Heat through a turbine section with a few cooled blades, for an ensemble\n"
                    "of inflow temperatures (--workers processes, default: one per core, each\n"
                    "running whole members). --size N: N x N cells. Usage with shares:\n"
                    "see README.md.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-embarrassing", args.size);
  // FILEs are the partial results that --combine joins; a combine runs no share.
  if (combine ? shard.count != 0 : args.nfiles > 0) {
    fprintf(stderr, "turbine-embarrassing: error: %s\n",
            combine ? "--shard: not with --combine" : "FILE arguments: only with --combine");
    exit(2);
  }
  if (combine)
    return combine_files(args.files, args.nfiles, args.output);
  int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
  struct turbine t;
  turbine_init(&t, args.size, (int)blades, args.seed);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!s) {
    perror("turbine-embarrassing");
    return 1;
  }
  struct ensemble e = {&t, args.seed, steps, inflow, write_out};
  struct pool_job job = {(size_t)members, sizeof(struct summary), member_task, &e,
                         POOL_DYNAMIC};
  struct pool_report report;

  double start = timer_now();
  struct range block = {0, (size_t)members};  // the members to write
  char share[32] = "";
  if (shard.count) {
    // --shard I/N: only share I's block of the members, in this process.
    block = split_block((size_t)shard.index, (size_t)shard.count, (size_t)members);
    snprintf(share, sizeof share, "%d/%d", shard.index, shard.count);
    if (pool_map_shard(&job, shard, s, NULL, &report) != 0) {
      fprintf(stderr, "turbine-embarrassing: %s\n", report.message);
      return 1;
    }
  } else {
    // Each worker process runs whole members; their summaries come back through pipes.
    if (pool_map(&job, workers, s, NULL, &report) != 0) {
      fprintf(stderr, "turbine-embarrassing: %s\n", report.message);
      return 1;
    }
  }
  double seconds = timer_since(start);

  int status = write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s, block,
                             share[0] ? share : NULL, seconds, args.output,
                             "turbine-embarrassing");
  free(s);
  turbine_free(&t);
  return status;
}
