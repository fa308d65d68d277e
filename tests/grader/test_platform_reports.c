// The course platforms' reports made from a grading: Gradescope's results.json,
// GitHub Classroom's result and PrairieLearn's results.json, on the made-up grading
// of reports_fixture.c.
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_fixture.h"

static void
gradescope_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_gradescope(f, g), 0);
}

static cJSON *
test_named(cJSON *tests, const char *name)
{
  cJSON *t;
  cJSON_ArrayForEach(t, tests)
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(t, "name")), name) == 0)
      return t;
  return NULL;
}

static void
test_gradescope(void)
{
  char *text = capture(gradescope_writer, made_up());
  CU_ASSERT_PTR_NULL(strchr(text, '\xff'));  // valid UTF-8 whatever the compiler said
  cJSON *root = cJSON_Parse(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "score")), 10, 1e-9);
  cJSON *tests = cJSON_GetObjectItem(root, "tests");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(tests), 4);
  double sum = 0, max = 0;
  cJSON *t;
  cJSON_ArrayForEach(t, tests) {
    sum += cJSON_GetNumberValue(cJSON_GetObjectItem(t, "score"));
    max += cJSON_GetNumberValue(cJSON_GetObjectItem(t, "max_score"));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(t, "status"));
    CU_ASSERT(strcmp(status, "passed") == 0 || strcmp(status, "failed") == 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "visibility")),
                           "visible");
    CU_ASSERT_PTR_NOT_NULL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "output")));
  }
  CU_ASSERT_DOUBLE_EQUAL(sum, 10, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(max, 50, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(
      cJSON_GetObjectItem(root, "extra_data"), "max_score")), 50, 1e-9);

  cJSON *emb = test_named(tests, "01-pi: embarrassing");
  CU_ASSERT_PTR_NOT_NULL_FATAL(emb);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(emb, "status")), "passed");
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(emb, "output")),
                                "Correct, speedup 1.85 at 2 workers."));
  cJSON *omp = test_named(tests, "01-pi: openmp");
  CU_ASSERT_PTR_NOT_NULL_FATAL(omp);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(omp, "status")), "failed");
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(omp, "output")),
                                "wrong answer with 3 workers"));
  cJSON *mpi = test_named(tests, "01-pi: mpi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mpi);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(mpi, "output")),
                                "x = ; \x01\x1b[31m\xef\xbf\xbd\xef\xbf\xbd end"));
  // The leaderboard: 01-pi's best correct, timed speedup; 05-turbine's none.
  cJSON *board = cJSON_GetObjectItem(root, "leaderboard");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(board), 2);
  cJSON *pi_board = cJSON_GetArrayItem(board, 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(pi_board, "name")),
                         "01-pi speedup");
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(pi_board, "value")),
                         1.85, 1e-9);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(pi_board, "order")),
                         "desc");
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(board, 1),
                                                           "value")), 0);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "execution_time")), 95);
  cJSON *turbine = test_named(tests, "05-turbine");  // the exercise-level test
  CU_ASSERT_PTR_NOT_NULL_FATAL(turbine);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(turbine, "score")), 0);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(turbine, "max_score")), 20);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(turbine, "output")),
                                "Not graded: exercise.ini: line 3"));
  cJSON_Delete(root);
  free(text);
}

static void
classroom_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_classroom(f, g), 0);
}

// Base64 (RFC 4648) back to bytes, NUL-terminated (free it); NULL on a bad character.
static char *
base64_decode(const char *text)
{
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = calloc(strlen(text) + 1, 1);
  size_t n = 0, bits = 0;
  unsigned long v = 0;
  for (const char *c = text; *c && *c != '\n' && *c != '='; c++) {
    const char *d = strchr(digits, *c);
    if (!d) {
      free(out);
      return NULL;
    }
    v = v << 6 | (unsigned long)(d - digits);
    if ((bits += 6) >= 8)
      out[n++] = (char)(v >> (bits -= 8) & 255);
  }
  return out;
}

// GitHub Classroom's result: one line of base64; decoded, the reporter's fields, the
// same tests, scores and texts as Gradescope's report of the same grading.
static void
test_classroom(void)
{
  char *text = capture(classroom_writer, made_up());
  CU_ASSERT_EQUAL(strcspn(text, "\n"), strlen(text) - 1);  // one line
  char *json = base64_decode(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(json);
  cJSON *root = cJSON_Parse(json);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "version")), 1);
  // 05-turbine could not be graded (the project's fault, not the student's): error.
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(root, "status")),
                         "error");
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(root, "max_score")), 50,
                         1e-9);
  char *gs_text = capture(gradescope_writer, made_up());
  cJSON *gs = cJSON_Parse(gs_text);
  cJSON *tests = cJSON_GetObjectItem(root, "tests");
  cJSON *gs_tests = cJSON_GetObjectItem(gs, "tests");
  CU_ASSERT_EQUAL(cJSON_GetArraySize(tests), cJSON_GetArraySize(gs_tests));
  cJSON *t;
  cJSON_ArrayForEach(t, tests) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
    cJSON *same = test_named(gs_tests, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(same);
    CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(t, "score")),
                    cJSON_GetNumberValue(cJSON_GetObjectItem(same, "score")));
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "message")),
                           cJSON_GetStringValue(cJSON_GetObjectItem(same, "output")));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(t, "status"));
    const char *gs_status = cJSON_GetStringValue(cJSON_GetObjectItem(same, "status"));
    CU_ASSERT_STRING_EQUAL(status, strcmp(gs_status, "passed") == 0 ? "pass" : "fail");
  }
  // And against the JSON report: each version's test has its score and max_score.
  cJSON *tree = report_tree(made_up()), *e, *v;
  cJSON_ArrayForEach(e, cJSON_GetObjectItem(tree, "exercises"))
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(e, "versions")) {
      char name[128];
      snprintf(name, sizeof name, "%s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(e,
               "name")), cJSON_GetStringValue(cJSON_GetObjectItem(v, "version")));
      cJSON *same = test_named(tests, name);
      CU_ASSERT_PTR_NOT_NULL_FATAL(same);
      CU_ASSERT_DOUBLE_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(same, "score")),
                             cJSON_GetNumberValue(cJSON_GetObjectItem(v, "score")), 0.05);
      CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(same, "max_score")),
                      cJSON_GetNumberValue(cJSON_GetObjectItem(v, "max_score")));
    }
  cJSON_Delete(tree);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
      test_named(tests, "01-pi: embarrassing"), "status")), "pass");
  CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(
      test_named(tests, "01-pi: embarrassing"), "score")), 10);
  cJSON_Delete(gs);
  cJSON_Delete(root);
  free(gs_text);
  free(json);
  free(text);
}

static void
prairielearn_writer(FILE *f, const struct grading *g)
{
  CU_ASSERT_EQUAL(report_prairielearn(f, g), 0);
}

// 05-turbine could not be graded: not gradable, the reason in format_errors.
static void
test_prairielearn(void)
{
  char *text = capture(prairielearn_writer, made_up());
  cJSON *root = cJSON_Parse(text);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(root, "gradable")));
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(
      root, "format_errors"), 0)), "05-turbine could not be graded: exercise.ini: line 3"));
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(root, "tests")), 3);
  cJSON_Delete(root);
  free(text);
}

void
register_platform_reports(void)
{
  CU_pSuite s = CU_add_suite("reports: Gradescope, GitHub Classroom, PrairieLearn", NULL,
                             NULL);
  CU_add_test(s, "Gradescope results.json", test_gradescope);
  CU_add_test(s, "GitHub Classroom's result", test_classroom);
  CU_add_test(s, "PrairieLearn's results.json", test_prairielearn);
}
