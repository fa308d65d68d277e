// 00-choose, graded apart from the other exercises (no build, no runs).
#ifndef GRADER_CHOOSE_H
#define GRADER_CHOOSE_H

#include <stdio.h>

#include "grade/grade.h"

// choose.c: 00-choose, "which technique do I choose?": answers.txt against the
// accepted techniques in scenarios.ini. No build, no runs: one version, "choices".

#define CHOOSE_VERSION "choices"
#define CHOOSE_MAX_SCENARIOS 15  // one feedback line each, plus the summary
#define CHOOSE_MAX_ACCEPT 6      // accepted techniques per scenario
#define CHOOSE_MAX_ERRORS 8      // errors listed for a malformed answers file

struct choose_scenario {
  char id[GRADER_NAME];
  int naccept;
  char accept[CHOOSE_MAX_ACCEPT][GRADER_NAME];  // normalised: see choose_technique
  char exercise[GRADER_NAME];                    // the exercise that teaches it, or ""
  char explanation[GRADER_TEXT / 2];
};

struct choose_spec {
  char title[128];
  double points;  // per scenario
  int n;
  struct choose_scenario s[CHOOSE_MAX_SCENARIOS];
};

// One student's answers, by scenario index.
struct choose_answers {
  char technique[CHOOSE_MAX_SCENARIOS][GRADER_NAME];  // normalised, "" when unanswered
  int line[CHOOSE_MAX_SCENARIOS];                     // 0 when the scenario is missing
};

// 1 for the directory of a choose exercise: exercises/NAME/scenarios.ini exists.
int choose_is_exercise(const char *project, const char *name);
// 1 for a result that choose_grade filled in.
int choose_is_result(const struct exercise_result *e);
// Reads scenarios.ini. Returns 0, or -1 with one line in err naming file and line.
int choose_load(const char *path, const char *shown, struct choose_spec *c, char *err,
                size_t errlen);
// Writes the technique in text ("multinode + multicore") in its normal form
// ("multicore+multinode": the words embarrassing, multicore, multinode in that order,
// each once) to out. Returns 0, or -1 when a word is not a technique (out names it).
int choose_technique(const char *text, char *out, size_t len);
// Parses an answers file (text, shown in messages as `shown`). Returns the number of
// errors, each one line in errors[] ("answers.txt:7: 'multcore' is not a technique;
// ..."), at most CHOOSE_MAX_ERRORS kept.
int choose_parse(const struct choose_spec *c, const char *text, const char *shown,
                 struct choose_answers *a, char errors[][GRADER_MSG]);
// Grades the choose exercise `name` of the setup into r: one version, CHOOSE_VERSION,
// with a feedback line per scenario. A malformed answers file scores 0, its errors
// shown as a failed build.
void choose_grade(const struct grade_setup *g, const char *name,
                  struct exercise_result *r);
// The terminal report's block for a choose result.
void choose_table(FILE *out, const struct exercise_result *e, int colour);

#endif
