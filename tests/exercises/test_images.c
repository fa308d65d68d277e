// 02-images: the serial filters on images whose edges are known, every skeleton and
// solution against serial, shares, --write-out, and bad input.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exercise_run.h"
#include "pgm.h"
#include "program.h"
#include "result.h"
#include "runner.h"
#include "split.h"

static const unsigned long long seeds[] = {3, 20261123};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

// Every program, skeletons and solutions, and whether it runs under mpirun.
static const struct {
  const char *binary;
  int is_mpi;
} programs[] = {
  {"images-serial", 0},
  {"images-embarrassing", 0},
  {"images-openmp", 0},
  {"images-mpi", 1},
  {"solutions/images-embarrassing", 0},
  {"solutions/images-openmp", 0},
  {"solutions/images-mpi", 1},
};
#define NPROGRAMS (sizeof programs / sizeof programs[0])

// The command that runs program p with `workers` workers (ranks for MPI).
static void
command_for(size_t p, int workers, const char *args, char *out, size_t len)
{
  if (programs[p].is_mpi)
    snprintf(out, len, "%s %d " BIN_DIR "/%s %s", program_mpirun(), workers,
             programs[p].binary, args);
  else
    snprintf(out, len, BIN_DIR "/%s --workers %d %s", programs[p].binary, workers, args);
}

static long long
field(const struct result *r, const char *name)
{
  const struct result_field *f = result_find(r, name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  return (long long)f->number;
}

// A scratch directory of the suite's, made anew; path gets its name.
static void
scratch_dir(const char *name, char *path, size_t len)
{
  snprintf(path, len, "%s/%s", exercise_scratch, name);
  program_remove_dir(path);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
}

// Writes a w x h image whose pixel (x, y) is value(x, y) to dir/name.
static void
put_image(const char *dir, const char *name, int w, int h, int (*value)(int, int))
{
  struct pgm_image img;
  char path[1024], err[1200];
  CU_ASSERT_EQUAL_FATAL(pgm_alloc(&img, w, h), 0);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      img.pixels[y * w + x] = (unsigned char)value(x, y);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  CU_ASSERT_EQUAL(pgm_write(path, &img, err, sizeof err), 0);
  pgm_free(&img);
}

// Writes raw bytes to dir/name.
static void
put_bytes(const char *dir, const char *name, const char *bytes, size_t len)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(bytes, 1, len, f), len);
  fclose(f);
}

static int grey(int x, int y) { return (void)x, (void)y, 128; }
static int step_across(int x, int y) { return (void)y, x < 8 ? 0 : 200; }
static int step_down(int x, int y) { return (void)x, y < 5 ? 200 : 0; }

// The serial program on images whose edges can be worked out by hand.
//
// A step from 0 to 200 at x = 8, the same in every row: the blur (whose rows of
// weights add up to 16) turns the columns x = 5 .. 10 into 0 13 63 138 188 200, since
// (200 * 16 * (1, 5, 11, 15) + 128) / 256 rounds down to 13, 63, 138, 188. Sobel
// then gives gx = 4 * (right - left) and gy = 0: 52 48 at x = 5 and 10, which are
// below the threshold of 64, and 252 500 500 248 at x = 6 .. 9: four edge columns
// of 252 255 255 248.
static void
test_serial_known_images(void)
{
  char dir[600], out[600], path[1200], err[1200];
  scratch_dir("known", dir, sizeof dir);
  scratch_dir("known-edges", out, sizeof out);
  put_image(dir, "blank.pgm", 9, 7, grey);
  put_image(dir, "down.pgm", 11, 10, step_down);
  put_image(dir, "step.pgm", 20, 12, step_across);
  struct result r = {0};
  char command[2048];
  snprintf(command, sizeof command, BIN_DIR "/images-serial --write-out %s %s", out, dir);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "known", &r, err, sizeof err), 0);
  CU_ASSERT_EQUAL(field(&r, "images"), 3);
  CU_ASSERT_EQUAL(field(&r, "blank.edges"), 0);
  CU_ASSERT_EQUAL(field(&r, "step.edges"), 4 * 12);
  CU_ASSERT_EQUAL(field(&r, "down.edges"), 4 * 11);  // the same step, turned
  CU_ASSERT_STRING_EQUAL(r.fields[0].name, "images");  // file-name order
  CU_ASSERT_STRING_EQUAL(r.fields[1].name, "blank.edges");
  CU_ASSERT_STRING_EQUAL(r.fields[3].name, "down.edges");
  CU_ASSERT_STRING_EQUAL(r.fields[5].name, "step.edges");
  CU_ASSERT_NOT_EQUAL(field(&r, "blank.checksum"), field(&r, "step.checksum"));
  struct pgm_image img;
  snprintf(path, sizeof path, "%s/step.pgm", out);
  CU_ASSERT_EQUAL_FATAL(pgm_read(path, &img, err, sizeof err), 0);
  const unsigned char row[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  unsigned char want[20];
  memcpy(want, row, sizeof want);
  want[6] = 252, want[7] = 255, want[8] = 255, want[9] = 248;
  CU_ASSERT(img.width == 20 && img.height == 12);
  for (int y = 0; y < 12; y++)
    CU_ASSERT(memcmp(img.pixels + y * 20, want, 20) == 0);
  pgm_free(&img);
  result_free(&r);
}

// The generated set: every image has edges, the results depend on the seed and on
// nothing else, and there is one pair of fields per image, in file order.
static void
test_serial_generated(void)
{
  struct result a = {0}, b = {0}, again = {0};
  long n = exercise_spec.size_test;
  exercise_serial_result(1, n, "", &a);
  exercise_serial_result(2, n, "", &b);
  exercise_serial_result(1, n, "", &again);
  CU_ASSERT_EQUAL(field(&a, "images"), n);
  CU_ASSERT_EQUAL(a.count, (size_t)(2 * n + 2));  // images, pairs, kernel_seconds
  int differ = 0;
  for (long i = 0; i < n; i++) {
    char edges[32], sum[32];
    snprintf(edges, sizeof edges, "img%04ld.edges", i);
    snprintf(sum, sizeof sum, "img%04ld.checksum", i);
    CU_ASSERT_STRING_EQUAL(a.fields[1 + 2 * i].name, edges);
    CU_ASSERT(field(&a, edges) > 100 && field(&a, edges) < 100000);
    CU_ASSERT_EQUAL(field(&a, edges), field(&again, edges));
    CU_ASSERT_EQUAL(field(&a, sum), field(&again, sum));
    differ += field(&a, sum) != field(&b, sum);
  }
  CU_ASSERT_EQUAL(differ, n);
  char missing[32];
  snprintf(missing, sizeof missing, "img%04ld.edges", n);
  CU_ASSERT_PTR_NULL(result_find(&a, missing));
  result_free(&a);
  result_free(&b);
  result_free(&again);
}

// The generator: the same set for the same seed, byte for byte, and --width/--height.
static void
test_generator(void)
{
  char dir[600], command[2048], err[512];
  scratch_dir("gen", dir, sizeof dir);
  snprintf(command, sizeof command,
           BIN_DIR "/images-generate --size 3 --seed 3 --width 40 --height 30 --output %s/a && "
           BIN_DIR "/images-generate --size 3 --seed 3 --width 40 --height 30 --output %s/b && "
           "cmp %s/a/img0002.pgm %s/b/img0002.pgm && test ! -e %s/a/img0003.pgm",
           dir, dir, dir, dir, dir);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 0);
  struct pgm_image img;
  snprintf(command, sizeof command, "%s/a/img0001.pgm", dir);
  CU_ASSERT_EQUAL_FATAL(pgm_read(command, &img, err, sizeof err), 0);
  CU_ASSERT(img.width == 40 && img.height == 30);
  pgm_free(&img);
  // A directory that holds something already is refused: its images would mix.
  snprintf(command, sizeof command, BIN_DIR "/images-generate --size 1 --output %s/a", dir);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "the directory is not empty"));
  snprintf(command, sizeof command, BIN_DIR "/images-generate --size 1");
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "--output"));
}

static void test_skeleton_embarrassing(void)
{
  exercise_check_version("images-embarrassing", 0, "", seeds, NSEEDS);
}
static void test_skeleton_openmp(void)
{
  exercise_check_version("images-openmp", 0, "", seeds, NSEEDS);
  exercise_check_version("images-openmp", 0, "--split rows", seeds, NSEEDS);
}
static void test_skeleton_mpi(void) { exercise_check_version("images-mpi", 1, "", seeds, NSEEDS); }
static void test_solution_embarrassing(void)
{
  exercise_check_version("solutions/images-embarrassing", 0, "", seeds, NSEEDS);
}
static void test_solution_openmp(void)
{
  exercise_check_version("solutions/images-openmp", 0, "", seeds, NSEEDS);
  exercise_check_version("solutions/images-openmp", 0, "--split rows", seeds, NSEEDS);
}
static void test_solution_mpi(void)
{
  exercise_check_version("solutions/images-mpi", 1, "", seeds, NSEEDS);
}

// Runs shares 0..count-1 as separate commands (--shard i/count), then --combine on
// all but share `skip` (-1: none). Returns the combine's exit status, with its first
// line of stderr in err; a combine that succeeds must equal serial.
static int
run_shards(const char *binary, int count, int skip, char *err, size_t errlen)
{
  char command[4096], msg[512], input[600];
  long n = exercise_spec.size_test;
  exercise_input(7, n, input, sizeof input);
  int used = snprintf(command, sizeof command, BIN_DIR "/%s --combine", binary);
  for (int i = 0; i < count; i++) {
    char shard_command[1024], name[32];
    struct result part = {0};
    snprintf(name, sizeof name, "part%d", i);
    snprintf(shard_command, sizeof shard_command, BIN_DIR "/%s --shard %d/%d %s", binary, i,
             count, input);
    CU_ASSERT_EQUAL(exercise_run_to_result(shard_command, name, &part, err, errlen), 0);
    // A share holds its own block of the images and no other.
    struct range block = split_block((size_t)i, (size_t)count, (size_t)n);
    char first[32], outside[32];
    snprintf(first, sizeof first, "img%04zu.edges", block.begin);
    snprintf(outside, sizeof outside, "img%04zu.edges", block.end % (size_t)n);
    if (block.end > block.begin)
      CU_ASSERT_PTR_NOT_NULL(result_find(&part, first));
    if (block.end - block.begin < (size_t)n)
      CU_ASSERT_PTR_NULL(result_find(&part, outside));
    result_free(&part);
    if (i != skip)
      used += snprintf(command + used, sizeof command - (size_t)used, " %s/%s.txt",
                       exercise_scratch, name);
  }
  struct result combined = {0}, expected = {0};
  int status = exercise_run_to_result(command, "combined", &combined, err, errlen);
  if (status == 0) {
    exercise_serial_result(7, n, "", &expected);
    int match = exercise_matches_serial(&expected, &combined, msg, sizeof msg);
    if (!match)
      printf("\n  %s shards combined: %s", binary, msg);
    CU_ASSERT_TRUE(match);
    CU_ASSERT_EQUAL(combined.count, expected.count);
  }
  result_free(&expected);
  result_free(&combined);
  return status;
}

static void
test_shards_combine(void)
{
  char err[512];
  CU_ASSERT_EQUAL(run_shards("images-embarrassing", 3, -1, err, sizeof err), 0);
  CU_ASSERT_EQUAL(run_shards("solutions/images-embarrassing", 2, -1, err, sizeof err), 0);
  // More shares than images: some shares are empty, and still count.
  CU_ASSERT_EQUAL(run_shards("solutions/images-embarrassing", 9, -1, err, sizeof err), 0);
}

static void
test_combine_reports_missing_share(void)
{
  char err[512];
  CU_ASSERT_EQUAL(run_shards("solutions/images-embarrassing", 3, 1, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "share 1/3 is missing"));
}

// --write-out: every version writes the same edge images as serial, whose edge
// pixels are the result's edges.
static void
test_write_out(void)
{
  char input[600], dir[600], serial_dir[600], command[2048], err[1200], path[1200];
  long n = exercise_spec.size_test;
  exercise_input(3, n, input, sizeof input);
  scratch_dir("out-serial", serial_dir, sizeof serial_dir);
  struct result r = {0};
  snprintf(command, sizeof command, BIN_DIR "/images-serial --write-out %s %s", serial_dir,
           input);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "write-out", &r, err, sizeof err), 0);
  for (long i = 0; i < n; i++) {
    struct pgm_image img;
    char name[32];
    snprintf(path, sizeof path, "%s/img%04ld.pgm", serial_dir, i);
    CU_ASSERT_EQUAL_FATAL(pgm_read(path, &img, err, sizeof err), 0);
    long long edges = 0;
    for (size_t k = 0; k < (size_t)img.width * (size_t)img.height; k++)
      edges += img.pixels[k] != 0;
    snprintf(name, sizeof name, "img%04ld.edges", i);
    CU_ASSERT_EQUAL(edges, field(&r, name));
    pgm_free(&img);
  }
  result_free(&r);
  for (size_t p = 1; p < NPROGRAMS; p++) {
    struct result got = {0};
    char args[1400];
    scratch_dir("out-version", dir, sizeof dir);
    snprintf(args, sizeof args, "--write-out %s %s", dir, input);
    command_for(p, 3, args, command, sizeof command);
    CU_ASSERT_EQUAL(exercise_run_to_result(command, "write-out", &got, err, sizeof err), 0);
    snprintf(command, sizeof command, "diff -r %s %s", serial_dir, dir);
    int same = program_run(command, err, sizeof err) == 0;
    if (!same)
      printf("\n  %s --write-out: %s", programs[p].binary, err);
    CU_ASSERT_TRUE(same);
    result_free(&got);
  }
}

// One bad run: status `want_status` and a first line of stderr that holds `want`.
static void
expect_failure(size_t p, const char *args, int want_status, const char *want)
{
  char command[2048], err[1200];
  command_for(p, 2, args, command, sizeof command);
  snprintf(command + strlen(command), sizeof command - strlen(command), " >/dev/null");
  int status = program_run(command, err, sizeof err);
  CU_ASSERT_EQUAL(status, want_status);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
  if (status != want_status || !strstr(err, want))
    printf("\n  %s %s: status %d, '%s' (want %d, '%s')", programs[p].binary, args, status,
           err, want_status, want);
}

// A missing or empty directory, no directory, or --write-out into the input: one line
// that names it, status 2, from every program.
static void
test_bad_directory(void)
{
  char empty[600], args[1400], want[1400], input[600];
  scratch_dir("empty", empty, sizeof empty);
  put_bytes(empty, "notes.txt", "no images here\n", 15);
  exercise_input(3, exercise_spec.size_test, input, sizeof input);
  for (size_t p = 0; p < NPROGRAMS; p++) {
    expect_failure(p, "/nonexistent/images", 2,
                   "error: /nonexistent/images: No such file or directory");
    snprintf(want, sizeof want, "error: %s: holds no .pgm images", empty);
    expect_failure(p, empty, 2, want);
    expect_failure(p, "", 2, "error: expected one DIR, the directory of images, got 0");
    snprintf(args, sizeof args, "--write-out %s %s", input, input);
    snprintf(want, sizeof want, "error: --write-out %s: is the input directory", input);
    expect_failure(p, args, 2, want);
  }
  expect_failure(2, "--split pixels /tmp", 2, "--split: expected images or rows, got 'pixels'");
  expect_failure(5, "--split pixels /tmp", 2, "--split: expected images or rows, got 'pixels'");
}

// Broken files among good ones: each named on stderr, in file order; the good
// images' results are still written, the same as for the good images alone; the
// exit status is 1.
static void
test_bad_images(void)
{
  char dir[600], command[2048], err[1200], path[1200], input[600];
  long n = exercise_spec.size_test;
  exercise_input(3, n, input, sizeof input);
  scratch_dir("broken", dir, sizeof dir);
  snprintf(command, sizeof command, "cp %s/*.pgm %s", input, dir);
  CU_ASSERT_EQUAL_FATAL(program_run(command, err, sizeof err), 0);
  put_bytes(dir, "img0001.pgm", "P5\n100 100\n255\nabc", 18);  // truncated
  put_bytes(dir, "img0003.pgm", "P2\n2 2\n255\n1 2 3 4\n", 19);  // ASCII, not binary
  put_bytes(dir, "img0004.pgm", "P5\n0 480\n255\n", 13);        // width 0
  snprintf(path, sizeof path, "%s/img0005.pgm", dir);            // unreadable: a directory
  CU_ASSERT_EQUAL_FATAL(unlink(path), 0);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
  struct result good = {0};
  exercise_serial_result(3, n, "", &good);
  struct {
    const char *image, *why;
  } bad[] = {
    {"img0001", "truncated: expected 10000 bytes of pixels, found 3"},
    {"img0003", "not a binary PGM image: expected 'P5' at the start, found 'P2'"},
    {"img0004", "bad size 0x480: the width and height must be at least 1"},
    {"img0005", "Is a directory"},
  };
  for (size_t p = 0; p < NPROGRAMS; p++) {
    char args[1400], out[700], want[1400];
    snprintf(out, sizeof out, "%s/broken.txt", exercise_scratch);
    unlink(out);
    snprintf(args, sizeof args, "--output %s %s", out, dir);
    snprintf(want, sizeof want, "%s/img0001.pgm: truncated", dir);
    expect_failure(p, args, 1, want);
    struct result r = {0};
    CU_ASSERT_EQUAL_FATAL(result_load(out, &r, err, sizeof err), 0);
    CU_ASSERT_EQUAL(field(&r, "images"), n);
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
      char name[64], text[600];
      snprintf(name, sizeof name, "%s.error", bad[b].image);
      snprintf(text, sizeof text, "%s/%s.pgm: %s", dir, bad[b].image, bad[b].why);
      const struct result_field *f = result_find(&r, name);
      CU_ASSERT(f && strcmp(f->text, text) == 0);
      if (!f || strcmp(f->text, text) != 0)
        printf("\n  %s: %s is '%s', want '%s'", programs[p].binary, name, f ? f->text : "",
               text);
      snprintf(name, sizeof name, "%s.edges", bad[b].image);
      CU_ASSERT_PTR_NULL(result_find(&r, name));
    }
    const char *fine[] = {"img0000", "img0002", "img0006"};
    for (size_t k = 0; k < 3; k++) {
      char name[64];
      snprintf(name, sizeof name, "%s.checksum", fine[k]);
      CU_ASSERT_EQUAL(field(&r, name), field(&good, name));
    }
    result_free(&r);
  }
  // Every failure has its line, in file order.
  snprintf(command, sizeof command, BIN_DIR "/solutions/images-embarrassing --workers 3 %s "
           "2>&1 >/dev/null | grep -c 'images-embarrassing: %s/img000[1345].pgm: '", dir, dir);
  char count[64] = "";
  FILE *f = popen(command, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_PTR_NOT_NULL(fgets(count, sizeof count, f));
  pclose(f);
  CU_ASSERT_EQUAL(atoi(count), 4);
  result_free(&good);
}

static int
suite_setup(void)
{
  return exercise_open(EXERCISE_DIR "/exercise.ini", BIN_DIR, "images");
}

static int
suite_teardown(void)
{
  return exercise_close();
}

static void
register_images(void)
{
  CU_pSuite suite = CU_add_suite("02-images", suite_setup, suite_teardown);
  CU_add_test(suite, "serial on images with known edges, --write-out", test_serial_known_images);
  CU_add_test(suite, "serial on a generated set: depends on the seed alone",
              test_serial_generated);
  CU_add_test(suite, "generator: the same set for the same seed", test_generator);
  CU_add_test(suite, "skeleton embarrassing = serial at 1-4 workers", test_skeleton_embarrassing);
  CU_add_test(suite, "skeleton openmp (images, rows) = serial at 1-4 workers",
              test_skeleton_openmp);
  CU_add_test(suite, "skeleton mpi = serial at 1-4 ranks", test_skeleton_mpi);
  CU_add_test(suite, "solution embarrassing = serial at 1-4 workers", test_solution_embarrassing);
  CU_add_test(suite, "solution openmp (images, rows) = serial at 1-4 workers",
              test_solution_openmp);
  CU_add_test(suite, "solution mpi = serial at 1-4 ranks", test_solution_mpi);
  CU_add_test(suite, "shards run alone, then combined = serial", test_shards_combine);
  CU_add_test(suite, "combine names a missing share", test_combine_reports_missing_share);
  CU_add_test(suite, "--write-out: the same edge images from every version", test_write_out);
  CU_add_test(suite, "bad directory: one line naming it, status 2", test_bad_directory);
  CU_add_test(suite, "bad images: named, the others' results kept, status 1", test_bad_images);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_images};
  return runner_main(registers, 1);
}
