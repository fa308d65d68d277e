// Corpus: task 1 of the pool writes through a null pointer, in its worker process.
#include <stdio.h>

#include "cli.h"
#include "pool.h"

static int
crash_task(size_t task, void *result, void *context)
{
  (void)context;
  long long *volatile where = task == 1 ? NULL : result;  // volatile: not folded
  *where = (long long)task;
  return 0;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 1000, .seed = 1};
  cli_parse_or_exit(argc, argv, "corpus", &args, NULL, 0);
  long long results[4];
  struct pool_job job = {4, sizeof(long long), crash_task, NULL, POOL_DYNAMIC};
  struct pool_report report;
  if (pool_map(&job, args.workers > 0 ? args.workers : 1, results, NULL, &report) != 0) {
    fprintf(stderr, "corpus: %s\n", report.message);
    return 1;
  }
  printf("darts %lld\n", args.size);
  return 0;
}
