// Slide demo: the task pool counts the lines of many files, one task per file.
#include <stdio.h>
#include <stdlib.h>

#include "pool.h"

// slide: pool-task
// One task: count the lines of file number `task`. The result travels back to the
// parent through the pool, because the worker is a separate process.
static int
count_lines(size_t task, void *result, void *context)
{
  char **files = context;
  FILE *f = fopen(files[task], "r");
  if (!f)
    return 1;  // marks this task as failed
  long lines = 0;
  for (int c; (c = getc(f)) != EOF;)
    lines += c == '\n';
  fclose(f);
  *(long *)result = lines;
  return 0;
}
// end slide

int
main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: linecount WORKERS FILE...\n");
    return 2;
  }
  int workers = atoi(argv[1]);
  char **files = argv + 2;
  size_t nfiles = (size_t)(argc - 2);
  long *lines = calloc(nfiles, sizeof *lines);
  if (!lines)
    return 1;

  // slide: pool-map
  struct pool_job job = {
    .tasks = nfiles, .result_size = sizeof(long), .run = count_lines,
    .context = files, .schedule = POOL_DYNAMIC,
  };
  struct pool_report report;
  if (pool_map(&job, workers, lines, NULL, &report) != 0) {
    fprintf(stderr, "linecount: %s\n", report.message);
    return 1;
  }
  long total = 0;  // the final step: combine the tasks' results
  for (size_t t = 0; t < nfiles; t++) {
    printf("%8ld %s\n", lines[t], files[t]);
    total += lines[t];
  }
  printf("%8ld total\n", total);
  // end slide
  free(lines);
  return 0;
}
