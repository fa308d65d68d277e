// Counting the k-mers of a genome with MPI processes: the reference solution.
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
  // Each rank reads its own byte range of the file, and k - 1 bases more for the
  // k-mers that start in it but end in the next rank's; rank 0 gets the sum of
  // every rank's table.
  struct range bytes = split_block((size_t)rank, (size_t)ranks, (size_t)f.size);
  long long mine = count_range(&f, (long long)bytes.begin, (long long)bytes.end, (size_t)k - 1,
                               BLOCK_BYTES, (int)k, (int)strands, table, "genomics-mpi");
  if (mine < 0)
    MPI_Abort(MPI_COMM_WORLD, 1);
  long long kmers = 0;
  MPI_Reduce(rank == 0 ? MPI_IN_PLACE : table, table, 1 << (2 * k), MPI_UINT32_T, MPI_SUM, 0,
             MPI_COMM_WORLD);
  MPI_Reduce(&mine, &kmers, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
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
