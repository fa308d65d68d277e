// Counting the k-mers of a genome with MPI processes: the skeleton you complete (README.md, step 3).
// What every version shares (opening FILE, count_kmers, count_range, the table, the result)
// is in genomics.h.
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fasta.h"
#include "genomics.h"
#include "result.h"
#include "split.h"
#include "timer.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000000, .seed = 1, .accepts_files = 1};
  long k = 8, strands = 2;
  struct cli_option options[] = {
    {"k", CLI_LONG, &k, "K", "k-mer length", K_MIN, K_MAX},
    {"strands", CLI_LONG, &strands, "S",
     "1: the k-mers of the sequence as written; 2: of both strands of the DNA", 1, 2},
  };
  cli_parse_or_exit(argc, argv,
                    "Count every k-mer of the genome in the FASTA FILE (MPI; the number of\n"
                    "workers is the number of ranks: mpirun -np P). --size and --seed are\n"
                    "accepted and ignored: FILE is the input.",
                    &args, options, 2);
  struct fasta f;
  input_open_or_exit("genomics-mpi", &args, &f);
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  uint32_t *table = table_new((int)k);
  struct summary s;

  double start = MPI_Wtime();
  // slide: genomics-mpi
  // TODO(README step 3): every rank reads and counts the whole file, so P ranks take
  // as long as one. Let each rank read only its own byte range (split_block in
  // split.h) and the bases that the k-mers starting in it need past its end; then
  // add up every rank's table on rank 0 (MPI_Reduce), and the k-mer totals too.
  long long kmers = count_range(&f, 0, f.size, 0, BLOCK_BYTES, (int)k, (int)strands, table,
                                "genomics-mpi");
  if (kmers < 0)
    MPI_Abort(MPI_COMM_WORLD, 1);
  // end slide
  int status = 0;
  if (rank == 0) {  // one rank sums up and writes the answer
    summarise(table, (int)k, &s);
    double seconds = MPI_Wtime() - start;
    status = write_results((int)k, (int)strands, kmers, &s, seconds, args.output,
                           "genomics-mpi");
  }
  fasta_close(&f);
  free(table);
  MPI_Finalize();
  return status;
}
