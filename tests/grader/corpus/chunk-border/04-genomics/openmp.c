// Corpus: the blocks are read without their k - 1 bases of overlap.
// What every version shares (opening FILE, count_kmers, count_range, the table, the result)
// is in genomics.h.
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fasta.h"
#include "genomics.h"
#include "result.h"
#include "timer.h"

// count_kmers for a table that every thread adds to: each ++ is an atomic update, so
// two threads that count the same k-mer at once both get counted.
static long long
count_kmers_atomic(const struct fasta_chunk *c, int k, int strands, uint32_t *table)
{
  const uint32_t mask = ((uint32_t)1 << (2 * k)) - 1;
  long long counted = 0;
  for (size_t s = 0; s < c->nstretches; s++) {
    const struct fasta_stretch *st = &c->stretches[s];
    const char *b = c->bases + st->start;
    size_t end = st->owned + (size_t)k - 1 < st->length ? st->owned + (size_t)k - 1
                                                        : st->length;
    uint32_t fwd = 0, rev = 0;
    int run = 0;
    for (size_t i = 0; i < end; i++) {
      int x = base_code[(unsigned char)b[i]] - 1;
      if (x < 0) {
        run = 0;
        continue;
      }
      fwd = ((fwd << 2) | (uint32_t)x) & mask;
      rev = (rev >> 2) | ((uint32_t)(3 - x) << (2 * k - 2));
      if (++run >= k) {
        #pragma omp atomic
        table[fwd]++;
        if (strands == 2) {
          #pragma omp atomic
          table[rev]++;
        }
        counted += strands;
      }
    }
  }
  return counted;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000000, .seed = 1, .accepts_files = 1};
  long k = 8, strands = 2;
  const char *merge = "private";
  struct cli_option options[] = {
    {"k", CLI_LONG, &k, "K", "k-mer length", K_MIN, K_MAX},
    {"strands", CLI_LONG, &strands, "S",
     "1: the k-mers of the sequence as written; 2: of both strands of the DNA", 1, 2},
    {"merge", CLI_STRING, &merge, "HOW",
     "private (a table per thread, added up at the end) or atomic (README.md, step 2)", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Count every k-mer of the genome in the FASTA FILE (OpenMP threads;\n"
                    "--workers sets the thread count, else OMP_NUM_THREADS). --size and --seed\n"
                    "are accepted and ignored: FILE is the input.",
                    &args, options, 3);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  int atomic = merge_parse_or_exit("genomics-openmp", merge);
  struct fasta f;
  input_open_or_exit("genomics-openmp", &args, &f);
  uint32_t *table = table_new((int)k);
  struct summary s;
  long long kmers = 0;
  int failed = 0;

  double start = timer_now();
  // The serial program's loop over the blocks of the file (count_range), with the
  // blocks shared among the threads. Each block reads k - 1 bases on into the next,
  // for the k-mers that start in it and end there. Blocks are handed out one at a
  // time (schedule dynamic), so a thread slowed by another program counts fewer.
  // Private: each thread counts into a table of its own, and at the end the threads
  // add the tables up, each a slice of them.
  const int cells_shift = 2 * (int)k;
  const long long blocks = (f.size + BLOCK_BYTES - 1) / BLOCK_BYTES;
  uint32_t **tables = calloc((size_t)omp_get_max_threads(), sizeof *tables);
  #pragma omp parallel reduction(+ : kmers)
  {
    int threads = omp_get_num_threads();
    uint32_t *mine = atomic ? table : table_new((int)k);
    tables[omp_get_thread_num()] = mine;
    struct fasta_chunk chunk = {0};
    char err[FASTA_PATH_MAX + 128];
    #pragma omp for schedule(dynamic, 1)
    for (long long b = 0; b < blocks; b++) {
      long long at = b * BLOCK_BYTES, stop = at + BLOCK_BYTES < f.size ? at + BLOCK_BYTES
                                                                      : f.size;
      if (fasta_read(&f, at, stop, 0, &chunk, err, sizeof err) != 0) {
        #pragma omp critical
        {
          fprintf(stderr, "genomics-openmp: %s\n", err);
          failed = 1;
        }
        continue;
      }
      if (atomic)
        kmers += count_kmers_atomic(&chunk, (int)k, (int)strands, table);
      else
        kmers += count_kmers(&chunk, (int)k, (int)strands, mine);
    }
    // (the end of the loop waits for every thread: all tables are complete here)
    if (!atomic) {
      #pragma omp for schedule(static)
      for (size_t i = 0; i < (size_t)1 << cells_shift; i++) {
        uint32_t sum = 0;
        for (int t = 0; t < threads; t++)
          sum += tables[t][i];
        table[i] = sum;
      }
      free(mine);
    }
    fasta_chunk_free(&chunk);
  }
  free(tables);
  if (failed)
    return 1;
  summarise(table, (int)k, &s);
  double seconds = timer_since(start);

  int status = write_results((int)k, (int)strands, kmers, &s, seconds, args.output,
                             "genomics-openmp");
  fasta_close(&f);
  free(table);
  return status;
}
