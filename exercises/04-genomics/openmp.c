// Counting the k-mers of a genome with OpenMP threads: the skeleton you complete (README.md, step 2).
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
  // TODO(README step 2): one thread reads and counts every block of the file (the
  // loop in count_range). Share the blocks among the threads: write that loop here,
  // in a parallel region, and let each thread count its blocks into a table of its
  // own, added up at the end (--merge private); or let all count into the one table,
  // each ++ an atomic update (--merge atomic).
  (void)atomic;
  kmers = count_range(&f, 0, f.size, 0, BLOCK_BYTES, (int)k, (int)strands, table,
                      "genomics-openmp");
  failed = kmers < 0;
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
