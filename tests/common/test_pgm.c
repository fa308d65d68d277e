// Tests for pgm.c: reading and writing binary PGM images, every way a file can be
// wrong (each a one-line message naming the file), and listing a directory's images.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pgm.h"
#include "prng.h"
#include "program.h"
#include "suites.h"

static char scratch[] = "/tmp/test-pgm-XXXXXX";

// Writes `len` bytes of `data` to scratch/name; path gets the file's path.
static void
put_file(const char *name, const void *data, size_t len, char *path, size_t pathlen)
{
  snprintf(path, pathlen, "%s/%s", scratch, name);
  FILE *f = fopen(path, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
  fclose(f);
}

// A header, then `pixels` bytes of pixels (value 7).
static void
put_pgm(const char *name, const char *header, size_t pixels, char *path, size_t pathlen)
{
  size_t h = strlen(header);
  char *data = malloc(h + pixels + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(data);
  memcpy(data, header, h);
  memset(data + h, 7, pixels);
  put_file(name, data, h + pixels, path, pathlen);
  free(data);
}

// Reading `path` fails with exactly "PATH: want".
static void
expect_error(const char *path, const char *want)
{
  struct pgm_image img = {0};
  char err[512] = "", expected[1024];
  snprintf(expected, sizeof expected, "%s: %s", path, want);
  CU_ASSERT_EQUAL(pgm_read(path, &img, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, expected);
  if (strcmp(err, expected) != 0)
    printf("\n  got '%s'\n  want '%s'", err, expected);
  CU_ASSERT_PTR_NULL(img.pixels);
  CU_ASSERT(img.width == 0 && img.height == 0);
}

static void
test_round_trip(void)
{
  struct pgm_image img, back = {0};
  char path[512], err[512];
  CU_ASSERT_EQUAL_FATAL(pgm_alloc(&img, 37, 11), 0);
  for (int k = 0; k < 37 * 11; k++)
    img.pixels[k] = (unsigned char)prng_below(42, (uint64_t)k, 256);
  snprintf(path, sizeof path, "%s/round.pgm", scratch);
  CU_ASSERT_EQUAL(pgm_write(path, &img, err, sizeof err), 0);
  CU_ASSERT_EQUAL_FATAL(pgm_read(path, &back, err, sizeof err), 0);
  CU_ASSERT(back.width == 37 && back.height == 11);
  CU_ASSERT(memcmp(img.pixels, back.pixels, 37 * 11) == 0);
  // The file is the plain netpbm form: a 13-byte header, then the pixels.
  struct stat st;
  CU_ASSERT(stat(path, &st) == 0 && st.st_size == 13 + 37 * 11);
  pgm_free(&img);
  pgm_free(&back);
  CU_ASSERT(back.pixels == NULL && back.width == 0);
}

// Comments and any whitespace between the header's fields, as other tools write them;
// the pixels may hold any byte, '#' and '\n' included.
static void
test_header_with_comments(void)
{
  char path[512], err[512];
  const unsigned char data[] = "P5\n# made by hand\n3  # three wide\n\t2\r\n255\n#\n\0\xff" "ab";
  put_file("comments.pgm", data, sizeof data - 1, path, sizeof path);
  struct pgm_image img;
  CU_ASSERT_EQUAL_FATAL(pgm_read(path, &img, err, sizeof err), 0);
  CU_ASSERT(img.width == 3 && img.height == 2);
  CU_ASSERT(memcmp(img.pixels, "#\n\0\xff" "ab", 6) == 0);
  pgm_free(&img);
}

static void
test_alloc(void)
{
  struct pgm_image img;
  CU_ASSERT_EQUAL(pgm_alloc(&img, 0, 5), -1);
  CU_ASSERT_EQUAL(pgm_alloc(&img, 5, -1), -1);
  CU_ASSERT_EQUAL(pgm_alloc(&img, 1 << 15, 1 << 14), -1);  // over PGM_MAX_PIXELS
  CU_ASSERT_EQUAL_FATAL(pgm_alloc(&img, 4, 3), 0);
  CU_ASSERT(img.width == 4 && img.height == 3 && img.pixels[11] == 0);
  pgm_free(&img);
}

// Every broken file gives one line that names it.
static void
test_errors(void)
{
  char path[512];
  snprintf(path, sizeof path, "%s/nothing-here.pgm", scratch);
  expect_error(path, "No such file or directory");
  put_pgm("truncated.pgm", "P5\n256 256\n255\n", 1200, path, sizeof path);
  expect_error(path, "truncated: expected 65536 bytes of pixels, found 1200");
  put_pgm("noPixels.pgm", "P5 2 2 255\n", 0, path, sizeof path);
  expect_error(path, "truncated: expected 4 bytes of pixels, found 0");
  put_pgm("ascii.pgm", "P2\n2 2\n255\n", 4, path, sizeof path);
  expect_error(path, "not a binary PGM image: expected 'P5' at the start, found 'P2'");
  put_file("png.pgm", "\x89PNG\r\n", 6, path, sizeof path);
  expect_error(path, "not a binary PGM image: expected 'P5' at the start, found bytes "
               "0x89 0x50");
  put_file("empty.pgm", "", 0, path, sizeof path);
  expect_error(path, "not a binary PGM image: expected 'P5' at the start, found an empty "
               "file");
  put_pgm("width0.pgm", "P5\n0 480\n255\n", 0, path, sizeof path);
  expect_error(path, "bad size 0x480: the width and height must be at least 1");
  put_pgm("height0.pgm", "P5\n640 0\n255\n", 0, path, sizeof path);
  expect_error(path, "bad size 640x0: the width and height must be at least 1");
  put_pgm("deep.pgm", "P5\n2 2\n65535\n", 8, path, sizeof path);
  expect_error(path, "maxval 65535 is not supported: only 8-bit images (maxval 255)");
  put_pgm("words.pgm", "P5\n2 x\n255\n", 4, path, sizeof path);
  expect_error(path, "bad header: expected the height (a whole number), found 'x'");
  put_pgm("short.pgm", "P5\n2 2", 0, path, sizeof path);
  expect_error(path, "bad header: expected a space after the height 2, found the end of "
               "the file");
  put_pgm("nomax.pgm", "P5\n2 2\n", 0, path, sizeof path);
  expect_error(path, "bad header: expected the maxval (a whole number), found the end of "
               "the file");
  put_pgm("huge.pgm", "P5\n100000 100000\n255\n", 0, path, sizeof path);
  expect_error(path, "too large: 100000x100000 pixels (at most 268435456 in all)");
  put_pgm("digits.pgm", "P5\n12345678901 1\n255\n", 0, path, sizeof path);
  expect_error(path, "bad header: the width has 11 digits");
  snprintf(path, sizeof path, "%s/folder.pgm", scratch);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  expect_error(path, "Is a directory");
  rmdir(path);
}

static void
test_write_error(void)
{
  struct pgm_image img, empty = {0};
  char path[512], err[512], want[600];
  CU_ASSERT_EQUAL_FATAL(pgm_alloc(&img, 2, 2), 0);
  snprintf(path, sizeof path, "%s/no/such/dir/out.pgm", scratch);
  CU_ASSERT_EQUAL(pgm_write(path, &img, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: No such file or directory", path);
  CU_ASSERT_STRING_EQUAL(err, want);
  CU_ASSERT_EQUAL(pgm_write(path, &empty, err, sizeof err), -1);
  pgm_free(&img);
}

static void
test_list(void)
{
  char dir[512], path[600], err[600], want[700];
  char **names;
  size_t count;
  snprintf(dir, sizeof dir, "%s/list", scratch);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0777), 0);
  CU_ASSERT_EQUAL(pgm_list(dir, &names, &count, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: holds no .pgm images", dir);
  CU_ASSERT_STRING_EQUAL(err, want);
  const char *files[] = {"list/img0002.pgm", "list/img0010.pgm", "list/notes.txt",
                         "list/.hidden.pgm", "list/A.PGM", "list/img0001.pgm", "list/pgm"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    put_file(files[i], "x", 1, path, sizeof path);
  CU_ASSERT_EQUAL_FATAL(pgm_list(dir, &names, &count, err, sizeof err), 0);
  CU_ASSERT_EQUAL_FATAL(count, 4);
  CU_ASSERT_STRING_EQUAL(names[0], "A.PGM");
  CU_ASSERT_STRING_EQUAL(names[1], "img0001.pgm");
  CU_ASSERT_STRING_EQUAL(names[2], "img0002.pgm");
  CU_ASSERT_STRING_EQUAL(names[3], "img0010.pgm");
  pgm_list_free(names, count);
  snprintf(path, sizeof path, "%s/missing", scratch);
  CU_ASSERT_EQUAL(pgm_list(path, &names, &count, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: No such file or directory", path);
  CU_ASSERT_STRING_EQUAL(err, want);
  CU_ASSERT(names == NULL && count == 0);
}

static int
setup(void)
{
  return mkdtemp(scratch) ? 0 : 1;
}

static int
teardown(void)
{
  return program_remove_dir(scratch) == 0 ? 0 : 1;
}

void
test_pgm_register(void)
{
  CU_pSuite s = CU_add_suite("pgm", setup, teardown);
  CU_add_test(s, "write, then read back the same image", test_round_trip);
  CU_add_test(s, "header comments and whitespace", test_header_with_comments);
  CU_add_test(s, "alloc: sizes", test_alloc);
  CU_add_test(s, "broken files: one line naming the file", test_errors);
  CU_add_test(s, "write: a missing directory", test_write_error);
  CU_add_test(s, "list: .pgm files in name order, errors", test_list);
}
