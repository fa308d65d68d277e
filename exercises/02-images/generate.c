// Makes the input of 02-images: a directory of synthetic greyscale photographs.
//
// images-generate --size N --seed S --output DIR writes DIR/img0000.pgm ... (N files,
// binary PGM). Each image is a lit background with discs, rings, rectangles and lines
// of other greys on it, and some noise: things with edges for the filters to find.
// Image i is drawn from its own stream prng_key(seed, i) alone, in whole numbers only,
// so any image can be made on its own and comes out the same on every machine.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>

#include "cli.h"
#include "pgm.h"
#include "prng.h"

#define PROGRAM "images-generate"
#define MAX_IMAGES 100000
#define MAX_SIDE 8192
// Without --width and --height, each image's sides are drawn from these ranges.
#define WIDTH_MIN 480
#define WIDTH_SPAN 321   // 480 to 800 pixels wide
#define HEIGHT_MIN 360
#define HEIGHT_SPAN 241  // 360 to 600 pixels high
#define SHAPES_MIN 8
#define SHAPES_SPAN 13   // 8 to 20 shapes per image

static long
clamp(long v, long lo, long hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

// Paints the filled axis-aligned box [x0, x1] x [y0, y1] (clipped) in grey g.
static void
box(struct pgm_image *img, long x0, long y0, long x1, long y1, unsigned char g)
{
  x0 = clamp(x0, 0, img->width - 1), x1 = clamp(x1, 0, img->width - 1);
  y0 = clamp(y0, 0, img->height - 1), y1 = clamp(y1, 0, img->height - 1);
  for (long y = y0; y <= y1; y++)
    memset(img->pixels + y * img->width + x0, g, (size_t)(x1 - x0 + 1));
}

// Paints the pixels whose squared distance d2 from (cx, cy) has inner2 <= d2 <= outer2:
// a disc when inner2 is 0, else a ring.
static void
ring(struct pgm_image *img, long cx, long cy, long inner2, long outer2, unsigned char g)
{
  long r = 0;
  while ((r + 1) * (r + 1) <= outer2)
    r++;
  long y0 = clamp(cy - r, 0, img->height - 1), y1 = clamp(cy + r, 0, img->height - 1);
  long x0 = clamp(cx - r, 0, img->width - 1), x1 = clamp(cx + r, 0, img->width - 1);
  for (long y = y0; y <= y1; y++)
    for (long x = x0; x <= x1; x++) {
      long d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      if (d2 >= inner2 && d2 <= outer2)
        img->pixels[y * img->width + x] = g;
    }
}

// Paints a line from (x0, y0) to (x1, y1), `half` pixels either side of it, by
// stamping a square at every step along it.
static void
line(struct pgm_image *img, long x0, long y0, long x1, long y1, long half, unsigned char g)
{
  long dx = x1 - x0, dy = y1 - y0;
  long steps = labs(dx) > labs(dy) ? labs(dx) : labs(dy);
  for (long k = 0; k <= steps; k++) {
    long x = steps ? x0 + dx * k / steps : x0, y = steps ? y0 + dy * k / steps : y0;
    box(img, x - half, y - half, x + half, y + half, g);
  }
}

// Shape s of an image of stream `key`: its kind, grey, place and size.
static void
shape(struct pgm_image *img, uint64_t key, uint64_t s)
{
  uint64_t k = prng_key(key, s);
  long w = img->width, h = img->height, small = w < h ? w : h;
  unsigned char g = (unsigned char)prng_below(k, 1, 256);
  long cx = (long)prng_below(k, 2, (uint64_t)w), cy = (long)prng_below(k, 3, (uint64_t)h);
  long r = 6 + (long)prng_below(k, 4, (uint64_t)(small / 5 + 1));
  switch (prng_below(k, 0, 4)) {
  case 0:  // a disc
    ring(img, cx, cy, 0, r * r, g);
    break;
  case 1: {  // a ring 2 to 7 pixels thick
    long t = 2 + (long)prng_below(k, 5, 6);
    long inner = r > t ? r - t : 0;
    ring(img, cx, cy, inner * inner, r * r, g);
    break;
  }
  case 2: {  // a rectangle
    long a = 4 + (long)prng_below(k, 5, (uint64_t)(w / 4)), b = 4 + (long)prng_below(k, 6, (uint64_t)(h / 4));
    box(img, cx - a, cy - b, cx + a, cy + b, g);
    break;
  }
  default:  // a line 1 to 7 pixels thick, from the centre to anywhere
    line(img, cx, cy, (long)prng_below(k, 5, (uint64_t)w), (long)prng_below(k, 6, (uint64_t)h),
         (long)prng_below(k, 7, 4), g);
  }
}

// Draws image i of the set: sides, background, shapes, noise.
static int
draw(uint64_t seed, long i, long width, long height, struct pgm_image *img)
{
  uint64_t key = prng_key(seed, (uint64_t)i);
  long w = width ? width : WIDTH_MIN + (long)prng_below(key, 0, WIDTH_SPAN);
  long h = height ? height : HEIGHT_MIN + (long)prng_below(key, 1, HEIGHT_SPAN);
  if (pgm_alloc(img, (int)w, (int)h) != 0)
    return -1;
  // A background lit from one side: a base grey plus a slope of up to 60 greys across.
  long base = 50 + (long)prng_below(key, 2, 120);
  long sx = (long)prng_below(key, 3, 121) - 60, sy = (long)prng_below(key, 4, 121) - 60;
  for (long y = 0; y < h; y++)
    for (long x = 0; x < w; x++)
      img->pixels[y * w + x] = (unsigned char)clamp(base + sx * x / w + sy * y / h, 0, 255);
  long shapes = SHAPES_MIN + (long)prng_below(key, 5, SHAPES_SPAN);
  for (long s = 0; s < shapes; s++)
    shape(img, key, 16 + (uint64_t)s);
  // Noise: each pixel moves by up to `amp` greys either way; one draw gives 8 pixels.
  uint64_t noise = prng_key(key, 1);
  long amp = 4 + (long)prng_below(key, 6, 17), span = 2 * amp + 1;
  for (long p = 0; p < w * h; p++) {
    long byte = (long)((prng_u64(noise, (uint64_t)p / 8) >> (8 * (p % 8))) & 0xff);
    img->pixels[p] = (unsigned char)clamp(img->pixels[p] + byte * span / 256 - amp, 0, 255);
  }
  return 0;
}

// Makes the output directory, which must be new or empty (else the images of an
// earlier set would mix with these). Returns 0, or -1 with the reason on stderr.
static int
make_directory(const char *dir)
{
  if (mkdir(dir, 0777) == 0)
    return 0;
  int saved = errno;
  DIR *d = saved == EEXIST ? opendir(dir) : NULL;
  if (d == NULL) {
    fprintf(stderr, PROGRAM ": error: --output %s: %s\n", dir,
            strerror(saved == EEXIST ? errno : saved));
    return -1;
  }
  struct dirent *e;
  int empty = 1;
  while (empty && (e = readdir(d)) != NULL)
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  closedir(d);
  if (!empty)
    fprintf(stderr, PROGRAM ": error: --output %s: the directory is not empty (give a new "
            "one)\n", dir);
  return empty ? 0 : -1;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 20, .seed = 1};
  long width = 0, height = 0;
  struct cli_option options[] = {
    {"width", CLI_LONG, &width, "W", "every image W pixels wide; 0: each drawn from 480 to 800",
     0, MAX_SIDE},
    {"height", CLI_LONG, &height, "H", "every image H pixels high; 0: each drawn from 360 to 600",
     0, MAX_SIDE},
  };
  cli_parse_or_exit(argc, argv,
                    "Write --size synthetic greyscale images (binary PGM) drawn from --seed\n"
                    "into the new directory --output: the input of images-serial and the others.",
                    &args, options, 2);
  if (args.output == NULL) {
    fprintf(stderr, PROGRAM ": error: --output: the directory to write the images to is "
            "required\n");
    return 2;
  }
  if (args.size > MAX_IMAGES) {
    fprintf(stderr, PROGRAM ": error: --size: at most %d images, got %ld\n", MAX_IMAGES,
            args.size);
    return 2;
  }
  if (make_directory(args.output) != 0)
    return 2;
  // Enough digits that name order is number order: img0000 to img9999, img00000 ...
  int digits = 4;
  for (long n = 10000; n < args.size; n *= 10)
    digits++;
  for (long i = 0; i < args.size; i++) {
    struct pgm_image img;
    char path[4096], err[4200];
    if (snprintf(path, sizeof path, "%s/img%0*ld.pgm", args.output, digits, i) >=
        (int)sizeof path) {
      fprintf(stderr, PROGRAM ": error: --output %s: the name is too long\n", args.output);
      return 2;
    }
    if (draw(args.seed, i, width, height, &img) != 0) {
      fprintf(stderr, PROGRAM ": %s: %s\n", path, strerror(errno));
      return 1;
    }
    int rc = pgm_write(path, &img, err, sizeof err);
    pgm_free(&img);
    if (rc != 0) {
      fprintf(stderr, PROGRAM ": %s\n", err);
      return 1;
    }
  }
  return 0;
}
