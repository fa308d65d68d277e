// Tests of grade.c that need no compiler: a broken exercise.ini is skipped, with why.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grade/grade.h"
#include "run/run.h"

static void
test_bad_spec_is_skipped(void)
{
  char project[] = "/tmp/test-grade-XXXXXX", path[PATH_MAX];
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(project));
  snprintf(path, sizeof path, "%s/exercises", project);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/exercises/09-bad", project);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/exercises/09-bad/exercise.ini", project);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("[exercise]\nprogram = bad\nversions = openmp\n[sizes]\ngrade = many\n", f);
  fclose(f);

  struct grade_setup g = {.project = project, .version_dir = project,
                          .scratch = project, .seed = 1, .runs = 1};
  struct exercise_result *r = malloc(sizeof *r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  grade_exercise(&g, "09-bad", r);
  CU_ASSERT_EQUAL(r->graded, 0);
  CU_ASSERT_STRING_EQUAL(r->name, "09-bad");
  CU_ASSERT_STRING_EQUAL(r->error, "exercises/09-bad/exercise.ini: line 5: [sizes] "
                                   "grade: 'many' is not a whole number >= 1");
  CU_ASSERT_EQUAL(r->score, 0);
  free(r);
  scratch_remove(project);
}

void
register_grade(void)
{
  CU_pSuite s = CU_add_suite("grade (without a compiler)", NULL, NULL);
  CU_add_test(s, "a broken exercise.ini is skipped with its error", test_bad_spec_is_skipped);
}
