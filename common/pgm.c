// Binary PGM images: reading and writing them, and listing a directory's images.
#include "pgm.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// Writes "PATH: MESSAGE" into err.
__attribute__((format(printf, 4, 5))) static int
fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
  if (err && errlen > 0) {
    int n = snprintf(err, errlen, "%s: ", path);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < errlen)
      vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return -1;
}

int
pgm_alloc(struct pgm_image *img, int width, int height)
{
  *img = (struct pgm_image){0};
  if (width < 1 || height < 1 || (long)width * height > PGM_MAX_PIXELS) {
    errno = EINVAL;
    return -1;
  }
  img->pixels = calloc((size_t)width * (size_t)height, 1);
  if (img->pixels == NULL)
    return -1;
  img->width = width;
  img->height = height;
  return 0;
}

void
pgm_free(struct pgm_image *img)
{
  free(img->pixels);
  *img = (struct pgm_image){0};
}

// Shows what stands where a header field should: the next few characters, quoted, or
// "the end of the file".
static void
describe_found(FILE *in, int c, char *out, size_t len)
{
  if (c == EOF) {
    snprintf(out, len, "the end of the file");
    return;
  }
  char text[12];
  size_t n = 0;
  while (c != EOF && n < 8 && !isspace(c)) {
    text[n++] = isprint(c) ? (char)c : '?';
    c = getc(in);
  }
  text[n] = '\0';
  snprintf(out, len, "'%s'", text);
}

// Skips whitespace and comments ('#' to the end of the line); returns the next
// character, or EOF.
static int
skip_space(FILE *in)
{
  int c = getc(in);
  for (;;) {
    if (c == '#') {
      while (c != EOF && c != '\n')
        c = getc(in);
    } else if (c == EOF || !isspace(c)) {
      return c;
    }
    c = getc(in);
  }
}

// Reads one header field: a whole number (at most 9 digits) followed by one
// whitespace character. Returns 0, or -1 with the reason in err.
static int
read_field(FILE *in, const char *path, const char *what, long *value, char *err,
           size_t errlen)
{
  char found[40];
  int c = skip_space(in);
  if (c == EOF || !isdigit(c)) {
    describe_found(in, c, found, sizeof found);
    return fail(err, errlen, path, "bad header: expected the %s (a whole number), found %s",
                what, found);
  }
  long v = 0;
  int digits = 0;
  for (; c != EOF && isdigit(c); c = getc(in), digits++)
    if (digits < 10)
      v = 10 * v + (c - '0');
  if (digits > 9)
    return fail(err, errlen, path, "bad header: the %s has %d digits", what, digits);
  if (c == EOF || !isspace(c)) {
    describe_found(in, c, found, sizeof found);
    return fail(err, errlen, path, "bad header: expected a space after the %s %ld, found %s",
                what, v, found);
  }
  *value = v;
  return 0;
}

// The header: magic, width, height, maxval. Returns 0, or -1 with the reason in err.
static int
read_header(FILE *in, const char *path, long *width, long *height, char *err, size_t errlen)
{
  int a = getc(in), b = a == EOF ? EOF : getc(in);
  if (a == EOF && ferror(in))  // e.g. a directory: fopen works, reading does not
    return fail(err, errlen, path, "%s", strerror(errno));
  if (a != 'P' || b != '5') {
    char found[40];
    if (a == EOF)
      snprintf(found, sizeof found, "an empty file");
    else if (isprint(a) && (b == EOF || isprint(b)))
      snprintf(found, sizeof found, "'%c%c'", a, b == EOF ? ' ' : b);
    else
      snprintf(found, sizeof found, "bytes 0x%02x 0x%02x", a, b == EOF ? 0 : b);
    return fail(err, errlen, path, "not a binary PGM image: expected 'P5' at the start, "
                "found %s", found);
  }
  long maxval;
  if (read_field(in, path, "width", width, err, errlen) < 0 ||
      read_field(in, path, "height", height, err, errlen) < 0 ||
      read_field(in, path, "maxval", &maxval, err, errlen) < 0)
    return -1;
  if (*width < 1 || *height < 1)
    return fail(err, errlen, path, "bad size %ldx%ld: the width and height must be at least 1",
                *width, *height);
  if (*width * *height > PGM_MAX_PIXELS)
    return fail(err, errlen, path, "too large: %ldx%ld pixels (at most %ld in all)", *width,
                *height, PGM_MAX_PIXELS);
  if (maxval != 255)
    return fail(err, errlen, path, "maxval %ld is not supported: only 8-bit images "
                "(maxval 255)", maxval);
  return 0;
}

int
pgm_read(const char *path, struct pgm_image *img, char *err, size_t errlen)
{
  *img = (struct pgm_image){0};
  FILE *in = fopen(path, "rb");
  if (in == NULL)
    return fail(err, errlen, path, "%s", strerror(errno));
  long width = 0, height = 0;
  int rc = read_header(in, path, &width, &height, err, errlen);
  if (rc == 0 && pgm_alloc(img, (int)width, (int)height) < 0)
    rc = fail(err, errlen, path, "%s", strerror(errno));
  if (rc == 0) {
    size_t want = (size_t)width * (size_t)height;
    size_t got = fread(img->pixels, 1, want, in);
    if (got < want && ferror(in))
      rc = fail(err, errlen, path, "%s", strerror(errno));
    else if (got < want)
      rc = fail(err, errlen, path, "truncated: expected %zu bytes of pixels, found %zu", want,
                got);
  }
  if (rc == 0 && ferror(in))
    rc = fail(err, errlen, path, "%s", strerror(errno));
  fclose(in);
  if (rc != 0)
    pgm_free(img);
  return rc;
}

int
pgm_write(const char *path, const struct pgm_image *img, char *err, size_t errlen)
{
  if (img->width < 1 || img->height < 1 || img->pixels == NULL)
    return fail(err, errlen, path, "cannot write an empty image");
  FILE *out = fopen(path, "wb");
  if (out == NULL)
    return fail(err, errlen, path, "%s", strerror(errno));
  size_t n = (size_t)img->width * (size_t)img->height;
  int ok = fprintf(out, "P5\n%d %d\n255\n", img->width, img->height) > 0 &&
           fwrite(img->pixels, 1, n, out) == n;
  int saved = errno;
  if (fclose(out) != 0 && ok)
    ok = 0, saved = errno;
  if (!ok)
    return fail(err, errlen, path, "%s", strerror(saved));
  return 0;
}

static int
by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_pgm_name(const char *name)
{
  size_t n = strlen(name);
  return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".pgm") == 0;
}

void
pgm_list_free(char **names, size_t count)
{
  for (size_t i = 0; names && i < count; i++)
    free(names[i]);
  free(names);
}

int
pgm_list(const char *dir, char ***names, size_t *count, char *err, size_t errlen)
{
  *names = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (d == NULL)
    return fail(err, errlen, dir, "%s", strerror(errno));
  char **list = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  errno = 0;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (!is_pgm_name(e->d_name))
      continue;
    if (n == cap) {
      size_t grown_cap = cap ? 2 * cap : 64;
      char **grown = realloc(list, grown_cap * sizeof *grown);
      if (grown == NULL) {
        rc = -1;
        break;
      }
      list = grown;
      cap = grown_cap;
    }
    if ((list[n] = strdup(e->d_name)) == NULL)
      rc = -1;
    else
      n++;
    errno = 0;
  }
  if (rc != 0 || errno != 0)
    rc = fail(err, errlen, dir, "%s", strerror(errno ? errno : ENOMEM));
  closedir(d);
  if (rc == 0 && n == 0)
    rc = fail(err, errlen, dir, "holds no .pgm images");
  if (rc != 0) {
    pgm_list_free(list, n);
    return -1;
  }
  qsort(list, n, sizeof *list, by_name);
  *names = list;
  *count = n;
  return 0;
}
