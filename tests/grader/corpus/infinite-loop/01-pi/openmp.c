// Corpus: a loop that never ends, whatever the size.
#include "cli.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  volatile long long i = 0;
  for (;;)
    i++;
}
