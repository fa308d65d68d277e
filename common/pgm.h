// Greyscale images as binary PGM files (netpbm "P5", 8 bits per pixel), and the
// .pgm files of a directory in name order.
//
// A binary PGM file is a short text header, then the pixels as raw bytes:
//   P5
//   # comments may appear anywhere in the header
//   640 480
//   255
//   <640 * 480 bytes, row after row, top row first; 0 is black, 255 white>
// The header's fields are separated by whitespace; exactly one whitespace character
// follows the 255. Only maxval 255 (one byte per pixel) is read and written.
#ifndef COMMON_PGM_H
#define COMMON_PGM_H

#include <stddef.h>

// The largest image pgm_read accepts, in pixels (256 MiB of pixels): a header that
// claims more is a broken file, not a photograph.
#define PGM_MAX_PIXELS (1L << 28)

// An image: width * height bytes, row-major. Start with `struct pgm_image img = {0};`
// and end with pgm_free(&img).
struct pgm_image {
  int width, height;
  unsigned char *pixels;
};

// Allocates a width x height image with every pixel 0. Returns 0, or -1 (errno set:
// EINVAL for a size below 1 or above PGM_MAX_PIXELS, ENOMEM).
int pgm_alloc(struct pgm_image *img, int width, int height);

// Frees the pixels; img becomes an empty image again.
void pgm_free(struct pgm_image *img);

// Reads the binary PGM file at path into img (which it allocates). Returns 0, or -1
// with one line in err that names the file, and img left empty:
//   "PATH: No such file or directory"
//   "PATH: not a binary PGM image: expected 'P5' at the start, found 'P2'"
//   "PATH: bad header: expected the height (a whole number), found 'x'"
//   "PATH: bad size 0x480: the width and height must be at least 1"
//   "PATH: maxval 65535 is not supported: only 8-bit images (maxval 255)"
//   "PATH: truncated: expected 65536 bytes of pixels, found 1200"
int pgm_read(const char *path, struct pgm_image *img, char *err, size_t errlen);

// Writes img to path as a binary PGM file (replacing it). Returns 0, or -1 with
// "PATH: REASON" in err.
int pgm_write(const char *path, const struct pgm_image *img, char *err, size_t errlen);

// The names (not paths) of the files in directory dir that end in ".pgm" (any case,
// hidden files skipped), sorted by strcmp, in a new array of new strings; free them
// with pgm_list_free. Returns 0 with *count >= 1, or -1 with one line in err:
//   "DIR: No such file or directory"
//   "DIR: holds no .pgm images"
int pgm_list(const char *dir, char ***names, size_t *count, char *err, size_t errlen);

void pgm_list_free(char **names, size_t count);

#endif
