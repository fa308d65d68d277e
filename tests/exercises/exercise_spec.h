// What the exercise tests need from an exercise.ini: the test size and the checks.
#ifndef TEST_EXERCISE_SPEC_H
#define TEST_EXERCISE_SPEC_H

#include "result.h"

#define SPEC_MAX_CHECKS 16

struct exercise_checks {
  long test_size;
  int count;
  char field[SPEC_MAX_CHECKS][RESULT_NAME_MAX];
  struct tolerance tolerance[SPEC_MAX_CHECKS];
};

// Reads [sizes] test and every [check.FIELD] of the ini file. Returns 0 or -1.
int exercise_checks_load(const char *ini_path, struct exercise_checks *out);

// Compares every checked field; on the first mismatch returns 0 and writes the
// message (field, expected, got, tolerance) to msg.
int exercise_checks_match(const struct exercise_checks *checks,
                          const struct result *expected, const struct result *got,
                          char *msg, size_t msglen);

#endif
