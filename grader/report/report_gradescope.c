// Gradescope's results.json (cJSON), as its autograder specification describes it.
//
// One test per exercise version: its points, "passed" when it builds and is correct
// at every worker count (the rubric's correctness gate; the speedup points show in
// the score), and the feedback in plain words as its output. An exercise that could
// not be graded is one test at 0 points saying why. The top-level score is the sum
// of the tests' scores as written (rounded to 0.01 each, so that the two agree).
// The specification has no top-level max_score: the maximum is the sum of the tests'
// max_score, and is also in extra_data with the seed and the cores. The leaderboard
// has each exercise's best speedup, and execution_time the grading's seconds.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "choose/choose.h"
#include "report/report.h"
#include "run/run.h"

double
report_points(double x)
{
  return isnan(x) || isinf(x) ? 0 : round(x * 100) / 100;
}

// Adds a string that is valid UTF-8 whatever the submission printed.
static void
gradescope_string(cJSON *o, const char *name, const char *text)
{
  char *clean = report_utf8(text);
  cJSON_AddStringToObject(o, name, clean ? clean : "");
  free(clean);
}

char *
report_version_text(const struct exercise_result *e, const struct version_result *v)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  if (!out)
    return NULL;
  const char *kind;
  char buf[GRADER_MSG];
  const char *message = report_verdict(v, &kind, buf, sizeof buf);
  int choose = strcmp(v->version, CHOOSE_VERSION) == 0;  // 00-choose: answers, no runs
  if (!message)
    fprintf(out, "%s\n", choose ? "Every scenario right." : "Correct at every worker count.");
  else if (v->nfeedback == 0 || message != v->feedback[0])  // else it follows below
    fprintf(out, "%s\n", message);
  if (choose)
    fprintf(out, "Points: %.1f of %g.\n", v->score, v->max_score);
  else
    fprintf(out, "Points: %.1f of %g (%g for the right answer, %.1f for the speedup).\n",
            v->score, v->max_score, v->points_correct, v->points_speedup);
  if (!isnan(v->scored_speedup))
    fprintf(out, "Speedup at %d workers: %.2f%s.\n", e->cores, v->scored_speedup,
            launch_uses_mpi(v->version) ? " (the MPI launch cost taken out)" : "");
  for (int f = 0; f < v->nfeedback; f++)
    fprintf(out, "\n%s\n", v->feedback[f]);
  int quoted = 0;  // feedback.c quotes the compiler's errors already
  for (int f = 0; f < v->nfeedback; f++)
    quoted |= strstr(v->feedback[f], v->build_errors) != NULL;
  if (v->build == BUILD_FAILED && v->build_errors[0] && !quoted)
    fprintf(out, "\n%s:\n%s\n", strcmp(v->version, CHOOSE_VERSION) == 0 ? "Errors"
            : "Compiler errors", v->build_errors);
  fclose(out);
  return text;
}

static void
gradescope_test(cJSON *tests, const char *name, double score, double max_score,
                int passed, const char *output, double *total)
{
  cJSON *t = cJSON_CreateObject();
  gradescope_string(t, "name", name);
  score = report_points(score);
  *total += score;
  cJSON_AddNumberToObject(t, "score", score);
  cJSON_AddNumberToObject(t, "max_score", report_points(max_score));
  cJSON_AddStringToObject(t, "status", passed ? "passed" : "failed");
  gradescope_string(t, "output", output);
  cJSON_AddStringToObject(t, "visibility", "visible");
  cJSON_AddItemToArray(tests, t);
}

// The leaderboard: per exercise with runs, the best speedup at all cores of its
// correct, timed versions (the scored one: MPI without the launch cost), highest
// first; 0 when none was both.
static void
gradescope_leaderboard(cJSON *root, const struct grading *g)
{
  cJSON *board = cJSON_AddArrayToObject(root, "leaderboard");
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    if (choose_is_result(e))  // 00-choose: answers, no speed
      continue;
    double best = 0;
    for (int v = 0; v < e->nversions; v++) {
      const struct version_result *vr = &e->versions[v];
      if (e->graded && vr->correct && vr->timed && vr->scored_speedup > best)
        best = vr->scored_speedup;
    }
    cJSON *entry = cJSON_CreateObject();
    char name[GRADER_NAME + 32];
    snprintf(name, sizeof name, "%s speedup", e->name);
    cJSON_AddStringToObject(entry, "name", name);
    cJSON_AddNumberToObject(entry, "value", report_points(best));
    cJSON_AddStringToObject(entry, "order", "desc");
    cJSON_AddItemToArray(board, entry);
  }
}

int
report_gradescope(FILE *out, const struct grading *g)
{
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return -1;
  cJSON *tests = cJSON_CreateArray();
  double total = 0, max_score = 0;
  int failed = 0;
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    char name[2 * GRADER_NAME + 8];
    if (!e->graded) {
      char output[GRADER_TEXT + 64];
      snprintf(output, sizeof output, "Not graded: %s", e->error);
      gradescope_test(tests, e->name, 0, e->max_score, 0, output, &total);
      max_score += report_points(e->max_score);
      failed++;
      continue;
    }
    for (int v = 0; v < e->nversions; v++) {
      const struct version_result *vr = &e->versions[v];
      const char *kind;
      char buf[GRADER_MSG];
      int passed = report_verdict(vr, &kind, buf, sizeof buf) == NULL;
      char *output = report_version_text(e, vr);
      snprintf(name, sizeof name, "%s: %s", e->name, vr->version);
      gradescope_test(tests, name, vr->score, vr->max_score, passed,
                      output ? output : "", &total);
      free(output);
      max_score += report_points(vr->max_score);
      failed += !passed;
    }
  }
  cJSON_AddNumberToObject(root, "score", report_points(total));
  char summary[512];
  snprintf(summary, sizeof summary,
           "pargrade: %.2f of %g points. Inputs drawn with seed %llu; %d core%s. "
           "%d test%s not passed. Each test below is one version of an exercise: it "
           "passes when it builds and gives the right answer at every worker count; "
           "its points add the speedup.", report_points(total), max_score,
           (unsigned long long)g->seed, g->cores, g->cores == 1 ? "" : "s", failed,
           failed == 1 ? "" : "s");
  cJSON_AddStringToObject(root, "output", summary);
  cJSON_AddStringToObject(root, "output_format", "text");
  cJSON_AddStringToObject(root, "test_output_format", "text");
  cJSON_AddStringToObject(root, "visibility", "visible");
  cJSON_AddStringToObject(root, "stdout_visibility", "hidden");
  if (g->seconds > 0)
    cJSON_AddNumberToObject(root, "execution_time", round(g->seconds));
  gradescope_leaderboard(root, g);
  cJSON *extra = cJSON_AddObjectToObject(root, "extra_data");
  cJSON_AddNumberToObject(extra, "max_score", max_score);
  char seed[32];
  snprintf(seed, sizeof seed, "%llu", (unsigned long long)g->seed);
  cJSON_AddStringToObject(extra, "seed", seed);
  cJSON_AddNumberToObject(extra, "cores", g->cores);
  cJSON_AddItemToObject(root, "tests", tests);

  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text)
    return -1;
  fputs(text, out);
  fputc('\n', out);
  cJSON_free(text);
  return ferror(out) ? -1 : 0;
}
