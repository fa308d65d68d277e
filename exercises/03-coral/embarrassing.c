// Coral growth over a parameter sweep with separate processes: the skeleton you complete (README.md, step 1).
// The model itself (a walker, a reef, the sweep, the result lines) is in coral.h.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "coral.h"
#include "pool.h"
#include "result.h"
#include "shards.h"
#include "split.h"
#include "timer.h"

// One task of the pool grows one combination; its outcome is the task's result.
struct grow_job {
  uint64_t seed;
  const struct sweep *sweep;
};

static int
grow_task(size_t task, void *result, void *context)
{
  const struct grow_job *job = context;
  grow(job->seed, (int)task, &job->sweep->c[task], result);
  return 0;
}

// The combine step for shares run as separate commands (--shard I/N): reads the
// combinations of every share of one run, each once (shards.h checks that), back into
// s and o.
static int
combine_files(char **files, int nfiles, struct sweep *s, struct outcome *o)
{
  static const char *const run[] = {"combinations", NULL};
  struct shards sh;
  char err[1200], name[RESULT_NAME_MAX];
  int ok = shards_load(files, nfiles, run, &sh, err, sizeof err) == 0;
  const struct result_field *n = ok ? result_find(&sh.part[0], "combinations") : NULL;
  if (ok && !(n->is_number && n->number >= 1 && n->number <= MAX_COMBINATIONS))
    ok = 0, snprintf(err, sizeof err, "%s: combinations %s: expected 1 to %d", sh.file[0],
                     n->text, MAX_COMBINATIONS);
  if (ok)
    s->count = (int)n->number;
  for (int share = 0; ok && share < sh.count; share++) {
    struct range block = split_block((size_t)share, (size_t)sh.count, (size_t)s->count);
    for (size_t i = block.begin; ok && i < block.end; i++) {
      const struct result_field *v[5];
      for (int k = 0; ok && k < 5; k++) {
        field_name(name, s->count, (int)i, k);
        ok = (v[k] = result_find(&sh.part[share], name)) != NULL && v[k]->is_number;
      }
      if (ok) {
        s->c[i] = (struct combination){v[0]->number, (long)v[1]->number};
        o[i] = (struct outcome){(long long)v[2]->number, (long long)v[3]->number,
                                (long long)v[4]->number};
      } else {
        snprintf(err, sizeof err, "%s: share %d/%d lacks %s", sh.file[share], share,
                 sh.count, name);
      }
    }
  }
  if (!ok)
    fprintf(stderr, "coral-embarrassing: %s\n", err);
  shards_free(&sh);
  return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 500, .seed = 1, .accepts_files = 1};
  const char *params = NULL, *schedule = "dynamic";
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"params", CLI_STRING, &params, "FILE",
     "run the combinations in FILE ('STICKINESS WALKERS' per line), not the built-in sweep"},
    {"schedule", CLI_STRING, &schedule, "KIND", "static or dynamic (README.md, step 1)"},
    {"shard", CLI_SHARD, &shard, "I/N", "grow only share I of N and write its combinations"},
    {"combine", CLI_FLAG, &combine, NULL, "join the partial result FILEs that --shard wrote"},
  };
  cli_parse_or_exit(argc, argv,
                    "Grow a coral reef for every combination of a parameter sweep (--workers\n"
                    "processes, default: one per core). --size: walkers of the cheapest ones.\n"
                    "Usage with shares: see README.md.",
                    &args, options, 4);
  int dynamic = schedule_parse_or_exit("coral-embarrassing", schedule);
  static struct sweep sweep;
  if (!combine)
    sweep_load_or_exit("coral-embarrassing", params, args.size, &sweep);
  struct outcome *out = calloc(MAX_COMBINATIONS, sizeof *out);

  double start = timer_now();
  if (combine && combine_files(args.files, args.nfiles, &sweep, out) != 0)
    return 1;
  struct grow_job job = {args.seed, &sweep};
  struct pool_job tasks = {(size_t)sweep.count, sizeof(struct outcome), grow_task, &job,
                           dynamic ? POOL_DYNAMIC : POOL_STATIC};
  struct pool_report report;
  int failed = 0;
  struct range block = {0, (size_t)sweep.count};  // the combinations to write
  char share[32] = "";
  if (shard.count && !combine) {
    // --shard I/N: only share I's block of the combinations, in this process.
    block = split_block((size_t)shard.index, (size_t)shard.count, (size_t)sweep.count);
    snprintf(share, sizeof share, "%d/%d", shard.index, shard.count);
    failed = pool_map_shard(&tasks, shard, out, NULL, &report);
  } else if (!combine) {
    // TODO(README step 1): this loop grows the combinations one after the other, in
    // this one process. Hand the tasks to the pool instead (pool_map in pool.h), so
    // that --workers processes (default: one per core, sysconf(_SC_NPROCESSORS_ONLN))
    // grow reefs at the same time; then compare --schedule static with dynamic.
    for (size_t t = 0; t < tasks.tasks; t++)
      grow_task(t, &out[t], &job);
  }
  if (failed) {
    fprintf(stderr, "coral-embarrassing: %s\n", report.message);
    return 1;
  }
  double seconds = timer_since(start);

  int status = write_results(&sweep, out, block, share[0] ? share : NULL, seconds, args.output,
                             "coral-embarrassing");
  free(out);
  return status;
}
