// Edge detection on every image of a directory with MPI processes: the reference solution.
// The filters, reading and writing an image and the result are in images.h.
#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pgm.h"
#include "split.h"

#define PROGRAM "images-mpi"
#include "images.h"

// The images to filter: the .pgm files of the one DIR argument, in name order. With
// --write-out, makes that directory (it must not be DIR). Anything wrong is a bad
// argument: one line naming it (from rank 0 alone), exit status 2 from every rank.
// (images.h's inputs_or_exit, as MPI needs it.)
static void
inputs_or_exit_every_rank(const struct cli_args *args, const char *write_dir, int rank,
                          char ***names, size_t *count)
{
  char err[4400] = "";
  struct stat in, out;
  if (args->nfiles != 1)
    snprintf(err, sizeof err, "expected one DIR, the directory of images, got %d arguments "
             "(see --help)", args->nfiles);
  else if (pgm_list(args->files[0], names, count, err, sizeof err) != 0)
    ;  // err says why
  else if (write_dir && mkdir(write_dir, 0777) != 0 && errno != EEXIST)
    snprintf(err, sizeof err, "--write-out %s: %s", write_dir, strerror(errno));
  else if (write_dir && stat(write_dir, &out) == 0 && stat(args->files[0], &in) == 0 &&
           in.st_dev == out.st_dev && in.st_ino == out.st_ino)
    snprintf(err, sizeof err, "--write-out %s: is the input directory (the edge images "
             "would replace the images)", write_dir);
  if (err[0]) {
    if (rank == 0)
      fprintf(stderr, PROGRAM ": error: %s\n", err);
    MPI_Finalize();
    exit(2);
  }
}

// Collects every rank's block of outcomes on rank 0, in place. Rank r's block is
// split_block(r, ranks, count), and the blocks lie in rank order: the outcomes arrive
// in file order.
static void
gather(struct outcome *out, size_t count, int rank, int ranks)
{
  MPI_Datatype one;  // one struct outcome, sent as its bytes
  MPI_Type_contiguous((int)sizeof *out, MPI_BYTE, &one);
  MPI_Type_commit(&one);
  int *counts = malloc(2 * (size_t)ranks * sizeof *counts), *first = counts + ranks;
  if (counts == NULL)
    MPI_Abort(MPI_COMM_WORLD, 1);
  for (int r = 0; r < ranks; r++) {
    struct range b = split_block((size_t)r, (size_t)ranks, count);
    counts[r] = (int)(b.end - b.begin);
    first[r] = (int)b.begin;
  }
  MPI_Gatherv(rank == 0 ? MPI_IN_PLACE : out + first[rank], counts[rank], one, out, counts,
              first, one, 0, MPI_COMM_WORLD);
  free(counts);
  MPI_Type_free(&one);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 20, .seed = 1, .accepts_files = 1};
  const char *write_dir = NULL;
  struct cli_option options[] = {
    {"write-out", CLI_STRING, &write_dir, "DIR2", "also write each edge image to DIR2", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Find the edges in every image of a directory (MPI; the number of workers\n"
                    "is the number of ranks: mpirun -np P): 5x5 Gaussian blur, Sobel, threshold.\n"
                    "The last argument is the directory of .pgm images, as images-generate\n"
                    "makes it; --size and --seed are its options, unused here.",
                    &args, options, 1);
  MPI_Init(&argc, &argv);
  int rank, ranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  char **names;
  size_t count;
  inputs_or_exit_every_rank(&args, write_dir, rank, &names, &count);
  struct outcome *out = calloc(count, sizeof *out);
  if (out == NULL) {
    perror(PROGRAM);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }

  double start = MPI_Wtime();
  // Each rank filters its own block of the images (and writes their edge images);
  // then rank 0 gathers all the outcomes.
  struct range mine = split_block((size_t)rank, (size_t)ranks, count);
  for (size_t i = mine.begin; i < mine.end; i++)
    process_file(args.files[0], names[i], write_dir, &out[i]);
  gather(out, count, rank, ranks);
  double seconds = MPI_Wtime() - start;

  struct range every_image = {0, count};
  int status = 0;
  if (rank == 0)  // one rank writes the answer
    status = write_results(names, count, out, every_image, NULL, seconds, args.output);
  free(out);
  pgm_list_free(names, count);
  MPI_Finalize();
  return status;
}
