// Counting the k-mers of a genome: the serial baseline (pseudocode.txt).
// What every version shares (opening FILE, count_kmers, count_range, the table, the result)
// is in genomics.h.
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
  long k = 8, strands = 2, block = BLOCK_BYTES;
  struct cli_option options[] = {
    {"k", CLI_LONG, &k, "K", "k-mer length", K_MIN, K_MAX},
    {"strands", CLI_LONG, &strands, "S",
     "1: the k-mers of the sequence as written; 2: of both strands of the DNA", 1, 2},
    {"block", CLI_LONG, &block, "BYTES",
     "read FILE this many bytes at a time; the counts are the same for any",
     1, 1L << 30},
  };
  cli_parse_or_exit(argc, argv,
                    "Count every k-mer of the genome in the FASTA FILE (serial). --size and\n"
                    "--seed are accepted and ignored: FILE is the input.",
                    &args, options, 3);
  struct fasta f;
  input_open_or_exit("genomics-serial", &args, &f);
  uint32_t *table = table_new((int)k);
  struct summary s;

  double start = timer_now();
  // One range, the whole file: nothing lies past its end, so no overlap is needed.
  long long kmers = count_range(&f, 0, f.size, 0, block, (int)k, (int)strands, table,
                                "genomics-serial");
  if (kmers < 0)
    return 1;
  summarise(table, (int)k, &s);
  double seconds = timer_since(start);

  int status = write_results((int)k, (int)strands, kmers, &s, seconds, args.output,
                             "genomics-serial");
  fasta_close(&f);
  free(table);
  return status;
}
