// 03-coral: the serial program, every skeleton and every solution give the serial answer.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "runner.h"
#include "split.h"

static const unsigned long long seeds[] = {3, 20261123};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

// A skeleton as it comes: one worker does everything, whatever --workers says.
static void
check_skeleton(const char *binary, int is_mpi)
{
  exercise_check_version(binary, is_mpi, "", seeds, NSEEDS);
}

static void test_skeleton_embarrassing(void) { check_skeleton("coral-embarrassing", 0); }
static void test_skeleton_openmp(void) { check_skeleton("coral-openmp", 0); }
static void test_skeleton_mpi(void) { check_skeleton("coral-mpi", 1); }

// Each solution, with the static and with the dynamic share-out.
static void
check_solution(const char *binary, int is_mpi)
{
  exercise_check_version(binary, is_mpi, "--schedule static", seeds, NSEEDS);
  exercise_check_version(binary, is_mpi, "--schedule dynamic", seeds, NSEEDS);
}

static void test_solution_embarrassing(void) { check_solution("solutions/coral-embarrassing", 0); }
static void test_solution_openmp(void) { check_solution("solutions/coral-openmp", 0); }
static void test_solution_mpi(void) { check_solution("solutions/coral-mpi", 1); }

static long long
field(const struct result *r, const char *name)
{
  const struct result_field *f = result_find(r, name);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  return (long long)f->number;
}

// The serial sweep: 35 combinations (a number that 2, 3 and 4 workers do not divide,
// so that a lost remainder shows), walkers rising to the end, a reef that depends on
// the seed, and a mass no larger than the walkers released.
static void
test_serial_sweep(void)
{
  struct result a = {0}, b = {0}, again = {0};
  exercise_serial_result(1, 50, "", &a);
  exercise_serial_result(2, 50, "", &b);
  exercise_serial_result(1, 50, "", &again);
  CU_ASSERT_EQUAL(field(&a, "combinations"), 35);
  for (int workers = 2; workers <= 4; workers++)
    CU_ASSERT(field(&a, "combinations") % workers != 0);
  CU_ASSERT_EQUAL(field(&a, "c00.walkers"), 50);
  CU_ASSERT_EQUAL(field(&a, "c34.walkers"), 400);
  CU_ASSERT_DOUBLE_EQUAL(result_find(&a, "c00.stickiness")->number, 1.0, 0);
  CU_ASSERT_PTR_NULL(result_find(&a, "c35.mass"));
  int differ = 0;
  for (int i = 0; i < 35; i++) {
    char mass[32], height[32], sum[32], walkers[32];
    snprintf(mass, sizeof mass, "c%02d.mass", i);
    snprintf(height, sizeof height, "c%02d.height", i);
    snprintf(sum, sizeof sum, "c%02d.checksum", i);
    snprintf(walkers, sizeof walkers, "c%02d.walkers", i);
    CU_ASSERT(field(&a, mass) > 0 && field(&a, mass) <= field(&a, walkers));
    CU_ASSERT(field(&a, height) > 0 && field(&a, height) <= field(&a, mass));
    CU_ASSERT_STRING_EQUAL(result_find(&a, sum)->text, result_find(&again, sum)->text);
    differ += field(&a, sum) != field(&b, sum);
  }
  CU_ASSERT(differ > 30);
  result_free(&a);
  result_free(&b);
  result_free(&again);
}

// Writes a --params file into the scratch directory; path gets its name.
static void
params_file(const char *name, const char *text, char *path, size_t len)
{
  snprintf(path, len, "%s/%s", exercise_scratch, name);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
}

// A combination's outcome depends on (seed, its place in the list) alone: a file
// that repeats the built-in sweep's first combinations grows the same reefs, and
// every version runs a file's list as the serial program does.
static void
test_params_file(void)
{
  char path[512], extra[600], command[1024], err[512], msg[512];
  params_file("first.txt", "# the built-in sweep's first three\n1.0 40\n\n0.5 40\n   0.3 40\n",
              path, sizeof path);
  struct result sweep = {0}, file = {0}, got = {0};
  exercise_serial_result(9, 40, "", &sweep);
  snprintf(extra, sizeof extra, "--params %s", path);
  exercise_serial_result(9, 1, extra, &file);
  CU_ASSERT_EQUAL(field(&file, "combinations"), 3);
  for (int i = 0; i < 3; i++) {
    char sum[32];
    snprintf(sum, sizeof sum, "c%02d.checksum", i);
    CU_ASSERT_EQUAL(field(&file, sum), field(&sweep, sum));
  }
  snprintf(command, sizeof command, "%s 3 " BIN_DIR "/solutions/coral-mpi --seed 9 %s",
           program_mpirun(), extra);
  CU_ASSERT_EQUAL(exercise_run_to_result(command, "mpi", &got, err, sizeof err), 0);
  CU_ASSERT_TRUE(exercise_matches_serial(&file, &got, msg, sizeof msg));
  result_free(&sweep);
  result_free(&file);
  result_free(&got);
}

// Runs shares 0..count-1 of the sweep as separate commands (--shard i/count), then
// --combine on all but share `skip` (-1: none). Returns the combine's exit status,
// with its first line of stderr in err; a combine that succeeds must equal serial.
static int
run_shards(const char *binary, int count, int skip, char *err, size_t errlen)
{
  char command[4096], msg[512];
  int used = snprintf(command, sizeof command, BIN_DIR "/%s --combine", binary);
  for (int i = 0; i < count; i++) {
    char shard_command[1024], name[32];
    struct result part = {0};
    snprintf(name, sizeof name, "part%d", i);
    snprintf(shard_command, sizeof shard_command, BIN_DIR "/%s --size %ld --seed 7 --shard %d/%d",
             binary, exercise_spec.size_test, i, count);
    CU_ASSERT_EQUAL(exercise_run_to_result(shard_command, name, &part, err, errlen), 0);
    // A share writes its own block of the combinations and no other.
    struct range block = split_block((size_t)i, (size_t)count, 35);
    char first[32], outside[32];
    snprintf(first, sizeof first, "c%02zu.checksum", block.begin);
    snprintf(outside, sizeof outside, "c%02zu.checksum", block.end % 35);
    CU_ASSERT_PTR_NOT_NULL(result_find(&part, first));
    CU_ASSERT_PTR_NULL(result_find(&part, outside));
    result_free(&part);
    if (i != skip)
      used += snprintf(command + used, sizeof command - (size_t)used, " %s/%s.txt",
                       exercise_scratch, name);
  }
  struct result combined = {0}, expected = {0};
  int status = exercise_run_to_result(command, "combined", &combined, err, errlen);
  if (status == 0) {
    exercise_serial_result(7, exercise_spec.size_test, "", &expected);
    int match = exercise_matches_serial(&expected, &combined, msg, sizeof msg);
    if (!match)
      printf("\n  %s shards combined: %s", binary, msg);
    CU_ASSERT_TRUE(match);
  }
  result_free(&expected);
  result_free(&combined);
  return status;
}

static void
test_shards_combine(void)
{
  char err[512];
  CU_ASSERT_EQUAL(run_shards("coral-embarrassing", 3, -1, err, sizeof err), 0);
  CU_ASSERT_EQUAL(run_shards("solutions/coral-embarrassing", 5, -1, err, sizeof err), 0);
}

static void
test_combine_reports_missing_share(void)
{
  char err[512];
  CU_ASSERT_EQUAL(run_shards("solutions/coral-embarrassing", 3, 1, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "share 1/3 is missing"));
}

// An empty or malformed list, a missing file or a bad --schedule: one line that
// names it, status 2, from every program.
static void
test_bad_input(void)
{
  const char *programs[] = {"coral-serial", "coral-embarrassing", "coral-openmp", "coral-mpi",
                            "solutions/coral-embarrassing", "solutions/coral-openmp",
                            "solutions/coral-mpi"};
  char args[600], want[600], empty[512], bad[512], words[512];
  params_file("empty.txt", "# nothing but a comment\n\n", empty, sizeof empty);
  params_file("bad.txt", "0.5 100\n1.5 100\n", bad, sizeof bad);
  params_file("words.txt", "sticky lots\n", words, sizeof words);
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    snprintf(args, sizeof args, "--params %s", empty);
    snprintf(want, sizeof want, "error: --params %s: no combinations", empty);
    exercise_expect_rejected(programs[p], args, want);
    snprintf(args, sizeof args, "--params %s", bad);
    snprintf(want, sizeof want, "error: --params %s: line 2: expected 'STICKINESS WALKERS'",
             bad);
    exercise_expect_rejected(programs[p], args, want);
    snprintf(args, sizeof args, "--params %s", words);
    snprintf(want, sizeof want, "--params %s: line 1:", words);
    exercise_expect_rejected(programs[p], args, want);
    exercise_expect_rejected(programs[p], "--params /nonexistent/list.txt",
                             "--params /nonexistent/list.txt: No such file or directory");
    exercise_expect_rejected(programs[p], "--size 0", "--size");
    if (p > 0)
      exercise_expect_rejected(programs[p], "--schedule guided",
                               "--schedule: expected static or dynamic, got 'guided'");
  }
}

static int
suite_setup(void)
{
  return exercise_open(EXERCISE_DIR "/exercise.ini", BIN_DIR, "coral");
}

static int
suite_teardown(void)
{
  return exercise_close();
}

static void
register_coral(void)
{
  CU_pSuite suite = CU_add_suite("03-coral", suite_setup, suite_teardown);
  CU_add_test(suite, "serial sweep: 35 reefs that depend on the seed", test_serial_sweep);
  CU_add_test(suite, "--params FILE: same reefs, every version", test_params_file);
  CU_add_test(suite, "skeleton embarrassing = serial at 1-4 workers", test_skeleton_embarrassing);
  CU_add_test(suite, "skeleton openmp = serial at 1-4 workers", test_skeleton_openmp);
  CU_add_test(suite, "skeleton mpi = serial at 1-4 ranks", test_skeleton_mpi);
  CU_add_test(suite, "solution embarrassing, static and dynamic = serial at 1-4",
              test_solution_embarrassing);
  CU_add_test(suite, "solution openmp, static and dynamic = serial at 1-4",
              test_solution_openmp);
  CU_add_test(suite, "solution mpi, static and dynamic = serial at 1-4 ranks",
              test_solution_mpi);
  CU_add_test(suite, "shards run alone, then combined = serial", test_shards_combine);
  CU_add_test(suite, "combine names a missing share", test_combine_reports_missing_share);
  CU_add_test(suite, "bad input: one line naming it, status 2", test_bad_input);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_coral};
  return runner_main(registers, 1);
}
