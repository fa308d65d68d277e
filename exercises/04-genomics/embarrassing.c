// Counting the k-mers of a genome with separate processes: the skeleton you complete (README.md, step 1).
// What every version shares (opening FILE, count_kmers, count_range, the table, the result)
// is in genomics.h, with the partial tables, --shard's files and --combine.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fasta.h"
#include "genomics.h"
#include "pool.h"
#include "result.h"
#include "split.h"
#include "timer.h"

// slide: genomics-share
// The file is cut into `shares` byte ranges; one task of the pool counts one range
// into a table of its own, which is the task's result.
struct count_job {
  const struct fasta *f;
  int k, strands;
  size_t shares;
};

static int
count_share(size_t share, void *result, void *context)
{
  const struct count_job *job = context;
  struct partial *p = result;
  struct range bytes = split_block(share, job->shares, (size_t)job->f->size);
  // TODO(README step 1b): a k-mer that starts near the end of this range
  // ends in the next one. How many bases past the end must a range read, so that
  // every k-mer is counted once? (0 is right only while one range is the whole file.)
  size_t overlap = 0;
  memset(p->table, 0, sizeof(uint32_t) << (2 * job->k));
  p->kmers = count_range(job->f, (long long)bytes.begin, (long long)bytes.end, overlap,
                         BLOCK_BYTES, job->k, job->strands, p->table, "genomics-embarrassing");
  return p->kmers < 0;
}
// end slide

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000000, .seed = 1, .accepts_files = 1};
  long k = 8, strands = 2;
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"k", CLI_LONG, &k, "K", "k-mer length", K_MIN, K_MAX},
    {"strands", CLI_LONG, &strands, "S",
     "1: the k-mers of the sequence as written; 2: of both strands of the DNA", 1, 2},
    {"shard", CLI_SHARD, &shard, "I/N", "count only share I of N of FILE, write its counts", 0, 0},
    {"combine", CLI_FLAG, &combine, NULL, "join the partial count FILEs that --shard wrote", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Count every k-mer of the genome in the FASTA FILE (--workers processes,\n"
                    "default: one per core). --size and --seed are accepted and ignored: FILE\n"
                    "is the input. Usage with shares: see README.md.",
                    &args, options, 4);
  struct fasta f = {.fd = -1};
  if (!combine)
    input_open_or_exit("genomics-embarrassing", &args, &f);
  size_t size = sizeof(struct partial) + (sizeof(uint32_t) << (2 * k));
  struct summary s;
  int kk = (int)k, ss = (int)strands;

  double start = timer_now();
  struct partial *total = NULL;
  if (combine) {
    if (!(total = combine_files(args.files, args.nfiles, &kk, &ss)))
      return 1;
  } else if (shard.count) {
    // --shard I/N: only share I's byte range, in this process; its counts go out as
    // they are, for --combine to add up.
    struct count_job job = {&f, kk, ss, (size_t)shard.count};
    struct partial *part = malloc(size);
    if (!part || count_share((size_t)shard.index, part, &job) != 0)
      return 1;
    int status = partial_save(part, kk, ss, shard, args.output);
    free(part);
    fasta_close(&f);
    return status;
  } else {
    // TODO(README step 1c): this counts the whole file as one share, in this one
    // process. Cut it into one byte range per worker instead (--workers, default: one
    // per core, sysconf(_SC_NPROCESSORS_ONLN)), let the pool count them at the same
    // time (pool_map in pool.h, one task per range) and add up the tables that the
    // tasks send back; then eight ranges per worker, handed out as workers free up
    // (POOL_DYNAMIC). Mind the borders first: count_share's TODO.
    size_t shares = 1;
    struct count_job job = {&f, kk, ss, shares};
    char *parts = malloc(shares * size);
    if (!parts || count_share(0, parts, &job) != 0)
      return 1;
    merge_partials(parts, shares, size, kk);
    total = (struct partial *)parts;
  }
  summarise(total->table, kk, &s);
  double seconds = timer_since(start);

  int status = write_results(kk, ss, total->kmers, &s, seconds, args.output,
                             "genomics-embarrassing");
  free(total);
  fasta_close(&f);
  return status;
}
