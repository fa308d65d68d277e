// 01-pi: the serial program, every skeleton and every solution give the serial answer.
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "runner.h"

static const unsigned long long seeds[] = {1, 20261123};

// Runs one version at 1, 2, 3 and 4 workers for each seed and compares every
// checked field with the serial result.
static void
check_version(const char *binary, int is_mpi)
{
  exercise_check_version(binary, is_mpi, "", seeds, sizeof seeds / sizeof seeds[0]);
}

static void test_skeleton_embarrassing(void) { check_version("pi-embarrassing", 0); }
static void test_skeleton_openmp(void) { check_version("pi-openmp", 0); }
static void test_skeleton_mpi(void) { check_version("pi-mpi", 1); }
static void test_solution_embarrassing(void) { check_version("solutions/pi-embarrassing", 0); }
static void test_solution_openmp(void) { check_version("solutions/pi-openmp", 0); }
static void test_solution_mpi(void) { check_version("solutions/pi-mpi", 1); }

// The serial answer is a real estimate: it depends on the seed, and it is near pi.
static void
test_serial_estimates_pi(void)
{
  struct result a = {0}, b = {0}, again = {0};
  exercise_serial_result(1, 1000000, "", &a);
  exercise_serial_result(2, 1000000, "", &b);
  exercise_serial_result(1, 1000000, "", &again);
  const struct result_field *hits_a = result_find(&a, "hits");
  const struct result_field *hits_b = result_find(&b, "hits");
  CU_ASSERT_PTR_NOT_NULL_FATAL(hits_a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(hits_b);
  CU_ASSERT_NOT_EQUAL(hits_a->number, hits_b->number);
  CU_ASSERT_STRING_EQUAL(hits_a->text, result_find(&again, "hits")->text);
  CU_ASSERT_EQUAL(result_find(&a, "darts")->number, 1000000);
  // One million darts: the standard error of the estimate is about 0.0016.
  CU_ASSERT_DOUBLE_EQUAL(result_find(&a, "pi")->number, M_PI, 0.01);
  CU_ASSERT_DOUBLE_EQUAL(result_find(&a, "pi")->number, 4.0 * hits_a->number / 1e6, 1e-15);
  result_free(&a);
  result_free(&b);
  result_free(&again);
}

// Shares run as separate commands, then combined, give the serial answer.
static void
run_shards(const char *binary, int count, int skip, char *err, size_t errlen, int *status)
{
  char command[4096];
  int used = snprintf(command, sizeof command, "%s/%s --combine", BIN_DIR, binary);
  for (int i = 0; i < count; i++) {
    char shard_command[1024];
    struct result part = {0};
    char name[32];
    snprintf(name, sizeof name, "part%d", i);
    snprintf(shard_command, sizeof shard_command, "%s/%s --size %ld --seed 7 --shard %d/%d",
             BIN_DIR, binary, exercise_spec.size_test, i, count);
    CU_ASSERT_EQUAL(exercise_run_to_result(shard_command, name, &part, err, errlen), 0);
    result_free(&part);
    if (i != skip)
      used += snprintf(command + used, sizeof command - (size_t)used, " %s/%s.txt",
                       exercise_scratch, name);
  }
  struct result combined = {0};
  *status = exercise_run_to_result(command, "combined", &combined, err, errlen);
  if (*status == 0) {
    struct result expected = {0};
    char msg[512];
    exercise_serial_result(7, exercise_spec.size_test, "", &expected);
    int match = exercise_matches_serial(&expected, &combined, msg, sizeof msg);
    if (!match)
      printf("\n  %s shards combined: %s", binary, msg);
    CU_ASSERT_TRUE(match);
    result_free(&expected);
  }
  result_free(&combined);
}

static void
test_shards_combine(void)
{
  char err[512];
  int status;
  run_shards("pi-embarrassing", 3, -1, err, sizeof err, &status);
  CU_ASSERT_EQUAL(status, 0);
  run_shards("solutions/pi-embarrassing", 5, -1, err, sizeof err, &status);
  CU_ASSERT_EQUAL(status, 0);
}

static void
test_combine_reports_missing_share(void)
{
  char err[512];
  int status;
  run_shards("solutions/pi-embarrassing", 3, 1, err, sizeof err, &status);
  CU_ASSERT_EQUAL(status, 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "share 1/3 is missing"));
}

// Every program rejects a bad value with one line naming the argument, and status 2.
static void
test_bad_arguments(void)
{
  const char *programs[] = {"pi-serial", "pi-embarrassing", "pi-openmp", "pi-mpi",
                            "solutions/pi-embarrassing", "solutions/pi-openmp"};
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    char command[512], err[512];
    snprintf(command, sizeof command, "%s/%s --size 12abc >/dev/null", BIN_DIR, programs[p]);
    CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--size"));
    snprintf(command, sizeof command, "%s/%s --workers 0 >/dev/null", BIN_DIR, programs[p]);
    CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--workers"));
  }
}

static int
suite_setup(void)
{
  return exercise_open(EXERCISE_DIR "/exercise.ini", BIN_DIR, "pi");
}

static int
suite_teardown(void)
{
  return exercise_close();
}

static void
register_pi(void)
{
  CU_pSuite suite = CU_add_suite("01-pi", suite_setup, suite_teardown);
  CU_add_test(suite, "serial estimates pi and depends on the seed", test_serial_estimates_pi);
  CU_add_test(suite, "skeleton embarrassing = serial at 1-4 workers", test_skeleton_embarrassing);
  CU_add_test(suite, "skeleton openmp = serial at 1-4 workers", test_skeleton_openmp);
  CU_add_test(suite, "skeleton mpi = serial at 1-4 ranks", test_skeleton_mpi);
  CU_add_test(suite, "solution embarrassing = serial at 1-4 workers", test_solution_embarrassing);
  CU_add_test(suite, "solution openmp = serial at 1-4 workers", test_solution_openmp);
  CU_add_test(suite, "solution mpi = serial at 1-4 ranks", test_solution_mpi);
  CU_add_test(suite, "shards run alone, then combined = serial", test_shards_combine);
  CU_add_test(suite, "combine names a missing share", test_combine_reports_missing_share);
  CU_add_test(suite, "bad arguments: one line naming it, status 2", test_bad_arguments);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_pi};
  return runner_main(registers, 1);
}
