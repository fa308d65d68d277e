// Corpus: writes through a null pointer at every worker count.
#include <stdio.h>

#include "cli.h"

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  volatile int *nowhere = NULL;
  *nowhere = (int)args.size;
  printf("%d\n", *nowhere);
  return 0;
}
