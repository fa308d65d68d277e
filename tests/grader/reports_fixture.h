// reports_fixture.c: a made-up grading for the report tests (test_reports.c,
// test_platform_reports.c), whose compiler errors hold everything that breaks a
// careless writer: < & " ' control characters and bytes that are not UTF-8.
#ifndef TEST_REPORTS_FIXTURE_H
#define TEST_REPORTS_FIXTURE_H

#include <stdio.h>

#include "report/report.h"

#define NASTY "mpi.c:3:9: error: expected expression before ';' token\n" \
              "    3 | if (a < b && c > \"d\") x = ; \x01\x1b[31m\xff\xfe end\n"

// 01-pi: embarrassing correct and fast, openmp wrong at 3 workers, mpi does not
// compile; 05-turbine could not be graded. The same static grading each call.
struct grading *made_up(void);
// Writes with fn into a string (free it).
char *capture(void (*fn)(FILE *, const struct grading *), const struct grading *g);

#endif
