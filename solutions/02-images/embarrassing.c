// Edge detection on every image of a directory with separate processes: the reference solution.
// The filters, reading and writing an image and the result are in images.h.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pgm.h"
#include "pool.h"
#include "result.h"
#include "shards.h"
#include "split.h"
#include "timer.h"

#define PROGRAM "images-embarrassing"
#include "images.h"

// One task of the pool filters one image; its outcome is the task's result. A bad
// image is an outcome too (its error says why), not a failed task: the other images
// go on.
struct filter_job {
  const char *dir, *write_dir;
  char **names;
};

static int
filter_task(size_t task, void *result, void *context)
{
  const struct filter_job *job = context;
  process_file(job->dir, job->names[task], job->write_dir, result);
  return 0;
}

// 1 when field f of a share is one of its images' (not share, images, kernel_seconds).
static int
image_field(const struct result_field *f)
{
  return strcmp(f->name, "share") != 0 && strcmp(f->name, "images") != 0 &&
         strcmp(f->name, "kernel_seconds") != 0;
}

// How many images a share holds: one NAME.edges or NAME.error each.
static size_t
share_images(const struct result *part)
{
  size_t n = 0;
  for (size_t k = 0; k < part->count; k++) {
    const char *dot = strrchr(part->fields[k].name, '.');
    n += dot && (strcmp(dot, ".edges") == 0 || strcmp(dot, ".error") == 0);
  }
  return n;
}

// The combine step for shares run as separate commands (--shard I/N): the FILEs must
// be every share of one run, each once (shards.h checks that), each with its block of
// the images; their images go out in share order, which is file-name order: the
// serial program's result. Returns the exit status (1 when a share is missing or
// wrong, or holds an image that failed).
static int
combine_files(char **files, int nfiles, double start, const char *path)
{
  static const char *const run[] = {"images", NULL};
  struct shards sh;
  char err[4400];
  int ok = shards_load(files, nfiles, run, &sh, err, sizeof err) == 0;
  const struct result_field *n = ok ? result_find(&sh.part[0], "images") : NULL;
  if (ok && !(n->is_number && n->number >= 1))
    ok = 0, snprintf(err, sizeof err, "%s: images %s: expected 1 or more", sh.file[0],
                     n->text);
  long images = ok ? (long)n->number : 0;
  for (int i = 0; ok && i < sh.count; i++) {
    struct range block = split_block((size_t)i, (size_t)sh.count, (size_t)images);
    if (share_images(&sh.part[i]) != block.end - block.begin)
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d holds %zu images, expected %zu",
                       sh.file[i], i, sh.count, share_images(&sh.part[i]),
                       block.end - block.begin);
  }
  int status = 1;
  if (ok) {
    struct result all = {0};
    int failures = 0;
    result_add_int(&all, "images", images);
    for (int i = 0; i < sh.count; i++)
      for (size_t k = 0; k < sh.part[i].count; k++) {
        const struct result_field *field = &sh.part[i].fields[k];
        if (!image_field(field))
          continue;
        result_add_text(&all, field->name, field->text);
        const char *dot = strrchr(field->name, '.');
        failures += dot && strcmp(dot, ".error") == 0;
      }
    result_add_double(&all, "kernel_seconds", timer_since(start));
    status = result_save(&all, path, PROGRAM) == 0 && failures == 0 ? 0 : 1;
    result_free(&all);
  } else {
    fprintf(stderr, PROGRAM ": %s\n", err);
  }
  shards_free(&sh);
  return status;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 20, .seed = 1, .accepts_files = 1};
  const char *write_dir = NULL;
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"write-out", CLI_STRING, &write_dir, "DIR2", "also write each edge image to DIR2", 0, 0},
    {"shard", CLI_SHARD, &shard, "I/N", "filter only share I of N of the images", 0, 0},
    {"combine", CLI_FLAG, &combine, NULL,
     "join the partial result FILEs that --shard wrote (instead of a DIR)", 0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Find the edges in every image of a directory (--workers processes, default:\n"
                    "one per core): 5x5 Gaussian blur, Sobel, threshold. The last argument is\n"
                    "the directory of .pgm images, as images-generate makes it; --size and\n"
                    "--seed are its options, unused here. Usage with shares: see README.md.",
                    &args, options, 3);
  if (combine)
    return combine_files(args.files, args.nfiles, timer_now(), args.output);
  char **names;
  size_t count;
  inputs_or_exit(&args, write_dir, &names, &count);
  struct outcome *out = calloc(count, sizeof *out);
  if (out == NULL) {
    perror(PROGRAM);
    return 1;
  }

  double start = timer_now();
  struct filter_job job = {args.files[0], write_dir, names};
  struct pool_job tasks = {count, sizeof(struct outcome), filter_task, &job, POOL_DYNAMIC};
  struct pool_report report;
  int failed = 0;
  struct range block = {0, count};  // the images to write
  char share[32] = "";
  if (shard.count) {
    // --shard I/N: only share I's block of the images, in this process.
    block = split_block((size_t)shard.index, (size_t)shard.count, count);
    snprintf(share, sizeof share, "%d/%d", shard.index, shard.count);
    failed = pool_map_shard(&tasks, shard, out, NULL, &report);
  } else {
    // `workers` forked processes filter images at the same time. POOL_DYNAMIC hands
    // the next image to whichever worker is free, so a worker that drew large images
    // does not hold up the others.
    int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
    failed = pool_map(&tasks, workers, out, NULL, &report);
  }
  if (failed) {
    fprintf(stderr, PROGRAM ": %s\n", report.message);
    return 1;
  }
  double seconds = timer_since(start);

  int status = write_results(names, count, out, block, share[0] ? share : NULL, seconds,
                             args.output);
  free(out);
  pgm_list_free(names, count);
  return status;
}
