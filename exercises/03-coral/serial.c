// Coral growth over a sweep of parameter combinations: the serial baseline (pseudocode.txt).
// The model itself (a walker, a reef, the sweep, the result lines) is in coral.h.
#include <stdlib.h>

#include "cli.h"
#include "coral.h"
#include "split.h"
#include "timer.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 500, .seed = 1};
  const char *params = NULL;
  struct cli_option options[] = {
    {"params", CLI_STRING, &params, "FILE",
     "run the combinations in FILE ('STICKINESS WALKERS' per line), not the built-in sweep"},
  };
  cli_parse_or_exit(argc, argv,
                    "Grow a coral reef for every combination of a parameter sweep (serial).\n"
                    "--size: walkers of the cheapest combinations of the built-in sweep.",
                    &args, options, 1);
  static struct sweep sweep;
  sweep_load_or_exit("coral-serial", params, args.size, &sweep);
  struct outcome *out = calloc((size_t)sweep.count, sizeof *out);

  double start = timer_now();
  for (int i = 0; i < sweep.count; i++)
    grow(args.seed, i, &sweep.c[i], &out[i]);
  double seconds = timer_since(start);

  struct range all = {0, (size_t)sweep.count};  // every combination, and no share
  int status = write_results(&sweep, out, all, NULL, seconds, args.output, "coral-serial");
  free(out);
  return status;
}
