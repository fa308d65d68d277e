// Corpus: the byte ranges are counted without their k - 1 bases of overlap.
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
  size_t overlap = 0;  // each range on its own
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
    // `workers` forked processes count the byte ranges, at the same time; the parent
    // then adds up their tables. Eight ranges per worker, handed out as workers free
    // up (POOL_DYNAMIC): a worker whose core the machine slows down for a while
    // simply counts fewer of them. Each range sends a table back, so only while the
    // tables are small (up to k = 9, 1 MiB): at k = 12 eight tables of 64 MiB per
    // worker would cost more to send and add up than a slowed worker does.
    int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
    size_t shares = (size_t)workers * (kk <= 9 ? 8 : 1);
    struct count_job job = {&f, kk, ss, shares};
    struct pool_job tasks = {shares, size, count_share, &job, POOL_DYNAMIC};
    struct pool_report report;
    char *parts = malloc(shares * size);
    if (!parts) {
      fprintf(stderr, "genomics-embarrassing: no memory for %zu tables; try fewer --workers\n",
              shares);
      return 1;
    }
    if (pool_map(&tasks, workers, parts, NULL, &report) != 0) {
      fprintf(stderr, "genomics-embarrassing: %s\n", report.message);
      return 1;
    }
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
