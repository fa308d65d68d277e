// Edge detection on every image of a directory with OpenMP threads: the skeleton you complete (README.md, steps 2 and 4).
// The filters, reading and writing an image and the result are in images.h.
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pgm.h"
#include "timer.h"

#define PROGRAM "images-openmp"
#define IMAGES_OWN_ROW_LOOPS  // blur and sobel below share the rows (--split rows)
#include "images.h"

// --split rows: the threads share the rows of each image (README.md, step 4), not
// the images.
static int split_rows;

// The blur of one image, framed by 2 in f, into out: blur_row on each of its rows.
static void
blur(const unsigned char *f, int w, int h, unsigned char *out)
{
  // TODO(README step 4): with --split rows, share these rows among the threads (and
  // Sobel's below) instead of the images: one directive each, with if (split_rows).
  for (int y = 0; y < h; y++)
    blur_row(f, w, y, out);
}

// Sobel and the threshold of one image, framed by 1 in f, into out: sobel_row on each
// of its rows.
static void
sobel(const unsigned char *f, int w, int h, unsigned char *out)
{
  for (int y = 0; y < h; y++)
    sobel_row(f, w, y, out);
}

// --split: what the threads share. Returns 1 for rows (inside each image), 0 for images.
static int
split_parse_or_exit(const char *text)
{
  if (strcmp(text, "images") == 0 || strcmp(text, "rows") == 0)
    return strcmp(text, "rows") == 0;
  fprintf(stderr, PROGRAM ": error: --split: expected images or rows, got '%s'\n", text);
  exit(2);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 20, .seed = 1, .accepts_files = 1};
  const char *write_dir = NULL, *split = "images";
  struct cli_option options[] = {
    {"write-out", CLI_STRING, &write_dir, "DIR2", "also write each edge image to DIR2", 0, 0},
    {"split", CLI_STRING, &split, "WHAT",
     "what the threads share: images, or rows inside each image (README.md, step 4)", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Find the edges in every image of a directory (OpenMP threads; --workers\n"
                    "sets the thread count, else OMP_NUM_THREADS): 5x5 Gaussian blur, Sobel,\n"
                    "threshold. The last argument is the directory of .pgm images, as\n"
                    "images-generate makes it; --size and --seed are its options, unused here.",
                    &args, options, 2);
  split_rows = split_parse_or_exit(split);
  if (args.workers > 0)
    omp_set_num_threads(args.workers);
  char **names;
  size_t count;
  inputs_or_exit(&args, write_dir, &names, &count);
  struct outcome *out = calloc(count, sizeof *out);
  if (out == NULL) {
    perror(PROGRAM);
    return 1;
  }

  double start = timer_now();
  // TODO(README step 2): share this loop among the threads with one OpenMP directive.
  // Every image writes only its own out[i].
  for (size_t i = 0; i < count; i++)
    process_file(args.files[0], names[i], write_dir, &out[i]);
  double seconds = timer_since(start);

  struct range every_image = {0, count};
  int status = write_results(names, count, out, every_image, NULL, seconds, args.output);
  free(out);
  pgm_list_free(names, count);
  return status;
}
