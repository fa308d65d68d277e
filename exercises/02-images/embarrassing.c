// Edge detection on every image of a directory with separate processes: the skeleton you complete (README.md, step 1).
// The filters, reading and writing an image and the result are in images.h.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pgm.h"
#include "pool.h"
#include "result.h"
#include "split.h"
#include "timer.h"

#define PROGRAM "images-embarrassing"
#include "images.h"

// The blur of one image, framed by 2 in f, into out: blur_row on each of its rows.
static void
blur(const unsigned char *f, int w, int h, unsigned char *out)
{
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

// The combine step for shares run as separate commands (--shard I/N): checks that
// the FILEs are every share of one run, once each, and writes their images in share
// order, which is file-name order: the serial program's result. Returns the exit
// status (1 when a share is missing or wrong, or holds an image that failed).
static int
combine_files(char **files, int nfiles, double start, const char *path)
{
  struct result *parts = calloc((size_t)nfiles + 1, sizeof *parts);
  int *order = NULL, shares = 0, index, of, ok = nfiles > 0 && parts != NULL;
  long images = 0;
  char err[4400] = "--combine needs the result FILEs that --shard wrote";
  for (int f = 0; ok && f < nfiles; f++) {
    ok = result_load(files[f], &parts[f], err, sizeof err) == 0;
    const struct result_field *share = result_find(&parts[f], "share");
    const struct result_field *n = result_find(&parts[f], "images");
    if (ok && !(share && sscanf(share->text, "%d/%d", &index, &of) == 2 && n &&
                n->is_number && index >= 0 && index < of && n->number >= 1 &&
                (shares ? of == shares && (long)n->number == images
                        : (order = malloc((size_t)of * sizeof *order)) != NULL))) {
      ok = 0;
      snprintf(err, sizeof err, "%s: not a share of the same run (needs the fields share "
               "and images that --shard writes)", files[f]);
    }
    if (!ok)
      break;
    if (shares == 0) {
      shares = of, images = (long)n->number;
      for (int i = 0; i < shares; i++)
        order[i] = -1;
    }
    struct range block = split_block((size_t)index, (size_t)of, (size_t)images);
    if (order[index] >= 0)
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d given twice", files[f], index, of);
    else if (share_images(&parts[f]) != block.end - block.begin)
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d holds %zu images, expected %zu",
                       files[f], index, of, share_images(&parts[f]), block.end - block.begin);
    if (ok)
      order[index] = f;
  }
  for (int i = 0; ok && i < shares; i++)
    if (order[i] < 0)
      ok = 0, snprintf(err, sizeof err, "share %d/%d is missing", i, shares);
  int status = 1;
  if (ok) {
    struct result all = {0};
    int failures = 0;
    result_add_int(&all, "images", images);
    for (int i = 0; i < shares; i++)
      for (size_t k = 0; k < parts[order[i]].count; k++) {
        const struct result_field *field = &parts[order[i]].fields[k];
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
  for (int f = 0; parts && f < nfiles; f++)
    result_free(&parts[f]);
  free(parts);
  free(order);
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
    // TODO(README step 1): this loop filters the images one after the other, in this
    // one process. Hand the tasks to the pool instead (pool_map in pool.h), so that
    // --workers processes (default: one per core, sysconf(_SC_NPROCESSORS_ONLN))
    // filter images at the same time.
    for (size_t t = 0; t < tasks.tasks; t++)
      filter_task(t, &out[t], &job);
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
