// Corpus: does not compile (a statement with no expression).
#include "cli.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  int broken = ;
  return broken;
}
