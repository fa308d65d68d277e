// Edge detection on every image of a directory: the serial baseline (pseudocode.txt).
// The filters, reading and writing an image and the result are in images.h.
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "pgm.h"
#include "timer.h"

#define PROGRAM "images-serial"
#include "images.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 20, .seed = 1, .accepts_files = 1};
  const char *write_dir = NULL;
  struct cli_option options[] = {
    {"write-out", CLI_STRING, &write_dir, "DIR2", "also write each edge image to DIR2", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Find the edges in every image of a directory (serial): 5x5 Gaussian blur,\n"
                    "Sobel, threshold. The last argument is the directory of .pgm images, as\n"
                    "images-generate makes it; --size and --seed are its options, unused here.",
                    &args, options, 1);
  char **names;
  size_t count;
  inputs_or_exit(&args, write_dir, &names, &count);
  struct outcome *out = calloc(count, sizeof *out);
  if (out == NULL) {
    perror(PROGRAM);
    return 1;
  }

  double start = timer_now();
  for (size_t i = 0; i < count; i++)
    process_file(args.files[0], names[i], write_dir, &out[i]);
  double seconds = timer_since(start);

  struct range every_image = {0, count};
  int status = write_results(names, count, out, every_image, NULL, seconds, args.output);
  free(out);
  pgm_list_free(names, count);
  return status;
}
