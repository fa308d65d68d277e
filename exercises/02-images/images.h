// What every version of 02-images shares: the filters of one row (the 5x5 Gaussian
// blur, Sobel and its threshold) and the framed copies they read, filtering one file
// (process_file), the result, and the check of the arguments. The versions differ only
// in how they share the work out (the images, or with openmp.c's --split rows each
// image's rows), so that is all their own files hold: the loop over the images (and
// in openmp.c the loops over an image's rows) and main. A version defines PROGRAM, the
// name its messages begin with, before it includes this file. (The grader compiles
// every version with this file as it stands here, in exercises/02-images, whatever was
// submitted.)
#ifndef IMAGES_H
#define IMAGES_H

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pgm.h"
#include "result.h"
#include "split.h"

#ifndef PROGRAM
#error "define PROGRAM, the program's name (\"images-serial\"), before including images.h"
#endif

// A pixel whose Sobel magnitude reaches THRESHOLD is an edge.
#define THRESHOLD 64

// What one image gave: the bytes a parallel version sends back per task.
struct outcome {
  long long edges;     // edge pixels
  long long checksum;  // a hash of the edge image
  char error[RESULT_TEXT_MAX];  // why the image could not be filtered; "" when it was
};

// Copies the w x h image src into a new image r pixels larger on every side, whose
// frame repeats the nearest pixel of src: a filter can then read past the border.
static unsigned char *
frame(const unsigned char *src, int w, int h, int r)
{
  size_t fw = (size_t)w + 2 * (size_t)r;
  unsigned char *f = malloc(fw * ((size_t)h + 2 * (size_t)r));
  if (f == NULL)
    return NULL;
  for (int y = -r; y < h + r; y++) {
    const unsigned char *row = src + (size_t)(y < 0 ? 0 : y >= h ? h - 1 : y) * (size_t)w;
    unsigned char *out = f + (size_t)(y + r) * fw;
    memset(out, row[0], (size_t)r);
    memcpy(out + r, row, (size_t)w);
    memset(out + r + w, row[w - 1], (size_t)r);
  }
  return f;
}

// Row y of the 5x5 Gaussian blur. Pixel (x, y) becomes the sum of the 25 pixels
// around it, weighted by the outer product of 1 4 6 4 1 with itself (the weights add
// up to 256), divided by 256 and rounded. f is the image framed by 2; the result goes
// to row y of out, and nowhere else: any two rows can be filtered at the same time.
static void
blur_row(const unsigned char *f, int w, int y, unsigned char *out)
{
  size_t fw = (size_t)w + 4;
  for (int x = 0; x < w; x++) {
    const unsigned char *p = f + (size_t)y * fw + (size_t)x;  // the window's top left
    int rows[5];
    for (int j = 0; j < 5; j++, p += fw)
      rows[j] = p[0] + 4 * (p[1] + p[3]) + 6 * p[2] + p[4];
    int sum = rows[0] + 4 * (rows[1] + rows[3]) + 6 * rows[2] + rows[4];
    out[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)((sum + 128) >> 8);
  }
}

// An edge pixel from the squared gradient: the magnitude floor(sqrt(m2)), at most
// 255, where it reaches THRESHOLD, else 0. (sqrt is exact enough here: m2 is a
// small whole number, so its root never rounds up to the next whole number.)
static unsigned char
edge_value(int m2)
{
  if (m2 < THRESHOLD * THRESHOLD)
    return 0;
  if (m2 >= 255 * 255)
    return 255;
  return (unsigned char)sqrt((double)m2);
}

// Row y of Sobel: the gradient across (gx) and down (gy) the blurred image, framed by
// 1 in f, and its thresholded magnitude into row y of out.
static void
sobel_row(const unsigned char *f, int w, int y, unsigned char *out)
{
  size_t fw = (size_t)w + 2;
  for (int x = 0; x < w; x++) {
    const unsigned char *p = f + (size_t)(y + 1) * fw + (size_t)x + 1;  // the centre
    const unsigned char *up = p - fw, *down = p + fw;
    int gx = (up[1] + 2 * p[1] + down[1]) - (up[-1] + 2 * p[-1] + down[-1]);
    int gy = (down[-1] + 2 * down[0] + down[1]) - (up[-1] + 2 * up[0] + up[1]);
    out[(size_t)y * (size_t)w + (size_t)x] = edge_value(gx * gx + gy * gy);
  }
}

// The blur and Sobel of a whole w x h image, framed by 2 (blur) or 1 (Sobel) in f,
// into out: blur_row and sobel_row on each of its rows; process_file calls them.
// openmp.c shares these rows among its threads (--split rows): it defines
// IMAGES_OWN_ROW_LOOPS before it includes this file and writes the two itself.
#ifdef IMAGES_OWN_ROW_LOOPS
static void blur(const unsigned char *f, int w, int h, unsigned char *out);
static void sobel(const unsigned char *f, int w, int h, unsigned char *out);
#else
static void
blur(const unsigned char *f, int w, int h, unsigned char *out)
{
  for (int y = 0; y < h; y++)
    blur_row(f, w, y, out);
}

static void
sobel(const unsigned char *f, int w, int h, unsigned char *out)
{
  for (int y = 0; y < h; y++)
    sobel_row(f, w, y, out);
}
#endif

// The edge pixels and the checksum of the edge image: FNV-1a over its size and its
// pixels, cut to 48 bits so that it stays exact as a double.
static void
summarise(const struct pgm_image *img, struct outcome *out)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  long long edges = 0;
  h = (h ^ (uint64_t)img->width) * 0x100000001b3ULL;
  h = (h ^ (uint64_t)img->height) * 0x100000001b3ULL;
  for (size_t k = 0; k < (size_t)img->width * (size_t)img->height; k++) {
    edges += img->pixels[k] != 0;
    h = (h ^ img->pixels[k]) * 0x100000001b3ULL;
  }
  out->edges = edges;
  out->checksum = (long long)((h ^ (h >> 48)) & 0xffffffffffffULL);
}

// Records why an image failed in out: one line that names the file. It is reported
// with the results, in file order.
static void
failed(struct outcome *out, const char *err)
{
  snprintf(out->error, sizeof out->error, "%.*s", (int)sizeof out->error - 1, err);
}

// Filters one image: read the file DIR/NAME, blur it, find its edges, count them.
// With write_dir, the edge image goes to write_dir/NAME as well.
// Returns 0, or -1 when the image could not be read or written (out->error says why).
static int
process_file(const char *dir, const char *name, const char *write_dir, struct outcome *out)
{
  char path[4096], err[4400];
  struct pgm_image img;
  *out = (struct outcome){0};
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (pgm_read(path, &img, err, sizeof err) != 0) {
    failed(out, err);
    return -1;
  }
  int w = img.width, h = img.height;
  // Each step reads a framed copy of the last one and writes over img.
  unsigned char *framed = frame(img.pixels, w, h, 2);
  int ok = framed != NULL;
  if (ok)
    blur(framed, w, h, img.pixels);
  free(framed);
  framed = ok ? frame(img.pixels, w, h, 1) : NULL;
  ok = framed != NULL;
  if (ok)
    sobel(framed, w, h, img.pixels);
  free(framed);
  if (!ok) {
    snprintf(err, sizeof err, "%s: %s", path, strerror(ENOMEM));
    failed(out, err);
    pgm_free(&img);
    return -1;
  }
  summarise(&img, out);
  if (write_dir) {
    snprintf(path, sizeof path, "%s/%s", write_dir, name);
    if (pgm_write(path, &img, err, sizeof err) != 0)
      failed(out, err);
  }
  pgm_free(&img);
  return out->error[0] ? -1 : 0;
}

// The result's field NAME.WHAT for the file `file`: its name without ".pgm", with any
// character a field name cannot hold replaced by '_'.
static void
field_name(char *out, const char *file, const char *what)
{
  size_t n = strlen(file) - 4, max = RESULT_NAME_MAX - 1 - strlen(what) - 1, k;
  for (k = 0; k < n && k < max; k++) {
    char c = file[k];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '.' || c == '-';
    out[k] = ok ? c : '_';
  }
  snprintf(out + k, RESULT_NAME_MAX - k, ".%s", what);
}

// Writes `share` (with embarrassing.c's --shard) and `images`, then NAME.edges and
// NAME.checksum per image of `block` (every image but for --shard) in file-name order
// (NAME.error instead for an image that failed, also said on stderr). Returns the exit
// status: 0, or 1 when an image failed or the result could not be written.
static int
write_results(char **names, size_t count, const struct outcome *o, struct range block,
              const char *share, double seconds, const char *path)
{
  struct result r = {0};
  int failures = 0;
  if (share)
    result_add_text(&r, "share", share);
  result_add_int(&r, "images", (long long)count);
  for (size_t i = block.begin; i < block.end; i++) {
    char name[RESULT_NAME_MAX];
    if (o[i].error[0]) {
      fprintf(stderr, PROGRAM ": %s\n", o[i].error);
      field_name(name, names[i], "error");
      result_add_text(&r, name, o[i].error);
      failures++;
      continue;
    }
    field_name(name, names[i], "edges");
    result_add_int(&r, name, o[i].edges);
    field_name(name, names[i], "checksum");
    result_add_int(&r, name, o[i].checksum);
  }
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, path, PROGRAM) == 0 && failures == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

// The images to filter: the .pgm files of the one DIR argument, in name order. With
// --write-out, makes that directory (it must not be DIR). Anything wrong is a bad
// argument: one line naming it, exit status 2. (mpi.c has its own, which says it from
// rank 0 alone and leaves MPI first: unused there.)
__attribute__((unused)) static void
inputs_or_exit(const struct cli_args *args, const char *write_dir, char ***names,
               size_t *count)
{
  char err[4400];
  struct stat in, out;
  if (args->nfiles != 1) {
    fprintf(stderr, PROGRAM ": error: expected one DIR, the directory of images, got %d "
            "arguments (see --help)\n", args->nfiles);
    exit(2);
  }
  if (pgm_list(args->files[0], names, count, err, sizeof err) != 0) {
    fprintf(stderr, PROGRAM ": error: %s\n", err);
    exit(2);
  }
  if (write_dir && mkdir(write_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, PROGRAM ": error: --write-out %s: %s\n", write_dir, strerror(errno));
    exit(2);
  }
  if (write_dir && stat(write_dir, &out) == 0 && stat(args->files[0], &in) == 0 &&
      in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
    fprintf(stderr, PROGRAM ": error: --write-out %s: is the input directory (the edge "
            "images would replace the images)\n", write_dir);
    exit(2);
  }
}

#endif
