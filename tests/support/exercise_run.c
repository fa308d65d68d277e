// What the exercise suites share: run a version, read its result, compare it with serial.
#include "exercise_run.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "program.h"
#include "setup/setup.h"

struct spec exercise_spec;
char exercise_scratch[] = "/tmp/test-exercise-XXXXXX";
static char bin[512], serial[600], generator[600];

int
exercise_open(const char *ini_path, const char *bin_dir, const char *program)
{
  char err[GRADER_MSG] = "";
  if (spec_load(ini_path, ini_path, &exercise_spec, err, sizeof err) != 0) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  if (exercise_spec.size_test <= 0) {
    fprintf(stderr, "%s: no [sizes] test\n", ini_path);
    return 1;
  }
  snprintf(bin, sizeof bin, "%s", bin_dir);
  snprintf(serial, sizeof serial, "%s/%s-serial", bin_dir, program);
  snprintf(generator, sizeof generator, "%s/%s-generate", bin_dir, program);
  // A fresh directory for every suite: mkdtemp wrote the last one's name over the Xs.
  snprintf(exercise_scratch, sizeof exercise_scratch, "/tmp/test-exercise-XXXXXX");
  return mkdtemp(exercise_scratch) ? 0 : 1;
}

int
exercise_close(void)
{
  char command[64];
  snprintf(command, sizeof command, "rm -rf %s", exercise_scratch);
  return system(command) == 0 ? 0 : 1;
}

int
exercise_matches_serial(const struct result *expected, const struct result *got, char *msg,
                        size_t msglen)
{
  return check_fields(&exercise_spec, expected, got, msg, msglen);
}

int
exercise_run_to_result(const char *command, const char *name, struct result *r, char *err,
                       size_t errlen)
{
  char path[512], line[2048];
  snprintf(path, sizeof path, "%s/%s.txt", exercise_scratch, name);
  snprintf(line, sizeof line, "%s --output %s", command, path);
  int status = program_run(line, err, errlen);
  if (status == 0 && result_load(path, r, err, errlen) != 0)
    return -1;
  return status;
}

const char *
exercise_input(unsigned long long seed, long size, char *path, size_t len)
{
  if (exercise_spec.generator[0] == '\0') {
    snprintf(path, len, "%s", "");
    return path;
  }
  snprintf(path, len, "%s/input-%llu-%ld", exercise_scratch, seed, size);
  char command[2048], err[512] = "";
  // Made once per (seed, size): the generator may refuse an existing path.
  snprintf(command, sizeof command, "test -e %s || %s --size %ld --seed %llu --output %s",
           path, generator, size, seed, path);
  int status = program_run(command, err, sizeof err);
  if (status != 0)
    printf("\n  %s: exit status %d: %s", command, status, err);
  CU_ASSERT_EQUAL_FATAL(status, 0);
  return path;
}

void
exercise_serial_result(unsigned long long seed, long size, const char *extra,
                       struct result *r)
{
  char command[1024], err[512], input[600];
  snprintf(command, sizeof command, "%s --size %ld --seed %llu %s %s", serial, size, seed,
           extra, exercise_input(seed, size, input, sizeof input));
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "serial", r, err, sizeof err), 0);
}

void
exercise_check_version(const char *binary, int is_mpi, const char *extra,
                       const unsigned long long *seeds, size_t nseeds)
{
  long size = exercise_spec.size_test;
  for (size_t s = 0; s < nseeds; s++) {
    struct result expected = {0};
    exercise_serial_result(seeds[s], size, "", &expected);
    char input[600];
    exercise_input(seeds[s], size, input, sizeof input);
    for (int workers = 1; workers <= 4; workers++) {
      char command[1024], err[512] = "", msg[512];
      struct result got = {0};
      if (is_mpi)
        snprintf(command, sizeof command, "%s %d %s/%s --size %ld --seed %llu --workers %d %s %s",
                 program_mpirun(), workers, bin, binary, size, seeds[s], workers, extra, input);
      else
        snprintf(command, sizeof command, "%s/%s --size %ld --seed %llu --workers %d %s %s", bin,
                 binary, size, seeds[s], workers, extra, input);
      int status = exercise_run_to_result(command, "version", &got, err, sizeof err);
      if (status != 0)
        printf("\n  %s %s with %d workers: exit status %d: %s", binary, extra, workers,
               status, err);
      CU_ASSERT_EQUAL(status, 0);
      int match = status == 0 && exercise_matches_serial(&expected, &got, msg, sizeof msg);
      if (status == 0 && !match)
        printf("\n  %s %s with %d workers: %s", binary, extra, workers, msg);
      CU_ASSERT_TRUE(match);
      result_free(&got);
    }
    result_free(&expected);
  }
}

void
exercise_expect_rejected(const char *binary, const char *args, const char *want)
{
  char command[1024], err[512];
  snprintf(command, sizeof command, "%s/%s %s >/dev/null", bin, binary, args);
  int status = program_run(command, err, sizeof err);
  CU_ASSERT_EQUAL(status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
  if (status != 2 || !strstr(err, want))
    printf("\n  %s %s: status %d, '%s' (want '%s')", binary, args, status, err, want);
}
