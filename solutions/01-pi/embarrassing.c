// Pi by throwing darts with separate processes: the reference solution.
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

// slide: pi-share
// The darts are cut into `shares` blocks; one task of the pool throws one block.
struct dart_job {
  uint64_t seed;
  long long darts;
  size_t shares;
};

static int
count_share(size_t share, void *result, void *context)
{
  const struct dart_job *job = context;
  struct range block = split_block(share, job->shares, (size_t)job->darts);
  *(long long *)result = count_hits(job->seed, (long long)block.begin, (long long)block.end);
  return 0;
}
// end slide

// The combine step for shares run as separate commands (--shard I/N): adds up the
// partial counts of every share of one run, each once (shards.h checks that).
static int
combine_files(char **files, int nfiles, long long *darts, long long *hits)
{
  static const char *const no_run_fields[] = {NULL};
  struct shards sh;
  char err[1200];
  int ok = shards_load(files, nfiles, no_run_fields, &sh, err, sizeof err) == 0;
  for (int i = 0; ok && i < sh.count; i++) {
    const struct result_field *d = result_find(&sh.part[i], "darts"),
                              *h = result_find(&sh.part[i], "hits");
    if (d && h && d->is_number && h->is_number)
      *darts += (long long)d->number, *hits += (long long)h->number;
    else
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d lacks its darts or hits",
                       sh.file[i], i, sh.count);
  }
  if (!ok)
    fprintf(stderr, "pi-embarrassing: %s\n", err);
  shards_free(&sh);
  return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 10000000, .seed = 1, .accepts_files = 1};
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"shard", CLI_SHARD, &shard, "I/N", "throw only share I of N and write its partial counts"},
    {"combine", CLI_FLAG, &combine, NULL, "add up the partial result FILEs that --shard wrote"},
  };
  cli_parse_or_exit(argc, argv,
                    "Estimate pi by throwing --size random darts (--workers processes,\n"
                    "default: one per core). Usage with shares: see README.md.",
                    &args, options, 2);
  int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);

  struct result r = {0};
  long long darts = 0, hits = 0;
  double start = timer_now();
  if (combine) {
    if (combine_files(args.files, args.nfiles, &darts, &hits) != 0)
      return 1;
  } else {
    // Eight shares per worker, handed out as workers free up (POOL_DYNAMIC): a worker
    // whose core the machine slows down for a while simply throws fewer shares.
    // With --shard, the shares of the run that this share belongs to.
    struct dart_job job = {args.seed, args.size,
                           shard.count ? (size_t)shard.count : 8 * (size_t)workers};
    struct pool_job tasks = {job.shares, sizeof(long long), count_share, &job, POOL_DYNAMIC};
    long long *share_hits = calloc(job.shares, sizeof *share_hits);
    unsigned char *done = calloc(job.shares, 1);
    struct pool_report report;
    int failed = 0;
    if (shard.count) {
      failed = pool_map_shard(&tasks, shard, share_hits, done, &report);
    } else {
      // `workers` forked processes throw their shares at the same time; each
      // share's count comes back to this process through the pool.
      failed = pool_map(&tasks, workers, share_hits, done, &report);
    }
    if (failed) {
      fprintf(stderr, "pi-embarrassing: %s\n", report.message);
      return 1;
    }
    // The combine step: add up the counts of the shares that ran here.
    for (size_t s = 0; s < job.shares; s++)
      if (done[s]) {
        struct range block = split_block(s, job.shares, (size_t)args.size);
        darts += (long long)(block.end - block.begin);
        hits += share_hits[s];
      }
    free(share_hits);
    free(done);
    if (shard.count) {
      char text[32];
      snprintf(text, sizeof text, "%d/%d", shard.index, shard.count);
      result_add_text(&r, "share", text);
    }
  }
  double seconds = timer_since(start);

  // The quarter circle covers pi/4 of the unit square.
  result_add_int(&r, "darts", darts);
  result_add_int(&r, "hits", hits);
  result_add_double(&r, "pi", 4.0 * (double)hits / (double)darts);
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, args.output, "pi-embarrassing") == 0 ? 0 : 1;
  result_free(&r);
  return status;
}
