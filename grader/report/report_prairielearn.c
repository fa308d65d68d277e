// PrairieLearn's external grading result, /grade/results/results.json (cJSON).
//
// score is a fraction from 0 to 1 (points over the most points), and one test per
// exercise version as in Gradescope's report: its points and max_points, the verdict
// in one line as its message and the whole text as its output. When an exercise could
// not be graded (the project's or the machine's fault, never the student's), the
// result is "gradable": false with the reasons in format_errors: PrairieLearn then
// counts no attempt and takes no points.
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/report.h"

static void
prairielearn_string(cJSON *o, const char *name, const char *text)
{
  char *clean = report_utf8(text);
  cJSON_AddStringToObject(o, name, clean ? clean : "");
  free(clean);
}

int
report_prairielearn(FILE *out, const struct grading *g)
{
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return -1;
  cJSON *tests = cJSON_CreateArray(), *errors = cJSON_CreateArray();
  double points = 0, max_points = 0;
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    if (!e->graded) {
      char why[GRADER_TEXT + 64];
      snprintf(why, sizeof why, "%s could not be graded: %s", e->name, e->error);
      char *clean = report_utf8(why);
      cJSON_AddItemToArray(errors, cJSON_CreateString(clean ? clean : ""));
      free(clean);
      continue;
    }
    for (int v = 0; v < e->nversions; v++) {
      const struct version_result *vr = &e->versions[v];
      const char *kind;
      char buf[GRADER_MSG], name[2 * GRADER_NAME + 8];
      const char *verdict = report_verdict(vr, &kind, buf, sizeof buf);
      char *text = report_version_text(e, vr);
      cJSON *t = cJSON_CreateObject();
      snprintf(name, sizeof name, "%s: %s", e->name, vr->version);
      cJSON_AddStringToObject(t, "name", name);
      cJSON_AddNumberToObject(t, "points", report_points(vr->score));
      cJSON_AddNumberToObject(t, "max_points", report_points(vr->max_score));
      prairielearn_string(t, "message", verdict ? verdict
                                                : "Correct at every worker count.");
      prairielearn_string(t, "output", text ? text : "");
      free(text);
      cJSON_AddItemToArray(tests, t);
      points += report_points(vr->score);
      max_points += report_points(vr->max_score);
    }
  }
  int gradable = cJSON_GetArraySize(errors) == 0;
  cJSON_AddBoolToObject(root, "gradable", gradable);
  if (gradable) {
    cJSON_AddNumberToObject(root, "score", max_points > 0 ? points / max_points : 0);
    cJSON_Delete(errors);
  } else {
    cJSON_AddItemToObject(root, "format_errors", errors);
  }
  char message[256];
  snprintf(message, sizeof message, "pargrade: %.2f of %g points (inputs drawn with seed "
           "%llu; %d core%s).", points, max_points, (unsigned long long)g->seed, g->cores,
           g->cores == 1 ? "" : "s");
  cJSON_AddStringToObject(root, "message", message);
  cJSON_AddItemToObject(root, "tests", tests);

  char *json = cJSON_Print(root);
  cJSON_Delete(root);
  if (!json)
    return -1;
  fputs(json, out);
  fputc('\n', out);
  cJSON_free(json);
  return ferror(out) ? -1 : 0;
}
