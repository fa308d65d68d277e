// GitHub Classroom's autograding: what its grading reporter reads from a step's
// `result` output, base64 of a JSON object (version 1, status, max_score, tests).
//
// One test per exercise version, as in Gradescope's report: "pass" when it builds and
// is right at every worker count, its score with the speedup points in it, and the
// same text as its message. The reporter adds the tests' scores up against max_score
// for the points Classroom shows, and fails the run when the status is "fail" (a test
// not passed) or "error" (an exercise the grader could not grade: not the student's
// doing). grader/classroom/ has a workflow that hands it over.
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/report.h"

static void
classroom_test(cJSON *tests, const char *name, double score, double max_score,
               int passed, const char *message)
{
  cJSON *t = cJSON_CreateObject();
  cJSON_AddStringToObject(t, "name", name);
  cJSON_AddStringToObject(t, "status", passed ? "pass" : "fail");
  cJSON_AddNumberToObject(t, "score", report_points(score));
  cJSON_AddNumberToObject(t, "max_score", report_points(max_score));
  char *clean = report_utf8(message);
  cJSON_AddStringToObject(t, "message", clean ? clean : "");
  free(clean);
  cJSON_AddItemToArray(tests, t);
}

// Base64 (RFC 4648, with padding) of n bytes, on one line.
static void
classroom_base64(FILE *out, const unsigned char *bytes, size_t n)
{
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned long v = (unsigned long)bytes[i] << 16;
    if (i + 1 < n)
      v |= (unsigned long)bytes[i + 1] << 8;
    if (i + 2 < n)
      v |= bytes[i + 2];
    fputc(digits[v >> 18 & 63], out);
    fputc(digits[v >> 12 & 63], out);
    fputc(i + 1 < n ? digits[v >> 6 & 63] : '=', out);
    fputc(i + 2 < n ? digits[v & 63] : '=', out);
  }
}

int
report_classroom(FILE *out, const struct grading *g)
{
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return -1;
  cJSON_AddNumberToObject(root, "version", 1);
  cJSON *tests = cJSON_CreateArray();
  double max_score = 0;
  int failed = 0, errors = 0;
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    if (!e->graded) {
      char message[GRADER_TEXT + 64];
      snprintf(message, sizeof message, "Not graded: %s", e->error);
      classroom_test(tests, e->name, 0, e->max_score, 0, message);
      max_score += report_points(e->max_score);
      errors++;
      continue;
    }
    for (int v = 0; v < e->nversions; v++) {
      const struct version_result *vr = &e->versions[v];
      const char *kind;
      char buf[GRADER_MSG], name[2 * GRADER_NAME + 8];
      int passed = report_verdict(vr, &kind, buf, sizeof buf) == NULL;
      char *message = report_version_text(e, vr);
      snprintf(name, sizeof name, "%s: %s", e->name, vr->version);
      classroom_test(tests, name, vr->score, vr->max_score, passed,
                     message ? message : "");
      free(message);
      max_score += report_points(vr->max_score);
      failed += !passed;
    }
  }
  cJSON_AddStringToObject(root, "status", errors ? "error" : failed ? "fail" : "pass");
  cJSON_AddNumberToObject(root, "max_score", max_score);
  cJSON_AddItemToObject(root, "tests", tests);

  char *text = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  if (!text)
    return -1;
  classroom_base64(out, (const unsigned char *)text, strlen(text));
  fputc('\n', out);
  cJSON_free(text);
  return ferror(out) ? -1 : 0;
}
