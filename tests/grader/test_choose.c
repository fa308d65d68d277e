// Tests of choose.c: 00-choose's scenarios, answers files good and bad, and grading.
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "choose/choose.h"
#include "grade/grade.h"
#include "report/report.h"
#include "run/run.h"

static struct choose_spec spec;
static char errors[CHOOSE_MAX_ERRORS][GRADER_MSG];

static int
load_spec(void)
{
  char path[PATH_MAX], err[GRADER_TEXT];
  snprintf(path, sizeof path, "%s/exercises/00-choose/scenarios.ini", SOURCE_DIR);
  return choose_load(path, "scenarios.ini", &spec, err, sizeof err);
}

static int
index_of(const char *id)
{
  for (int i = 0; i < spec.n; i++)
    if (!strcmp(spec.s[i].id, id))
      return i;
  return -1;
}

static void
test_technique(void)
{
  char out[GRADER_NAME];
  CU_ASSERT_EQUAL(choose_technique("multinode + Multicore", out, sizeof out), 0);
  CU_ASSERT_STRING_EQUAL(out, "multicore+multinode");
  CU_ASSERT_EQUAL(choose_technique("embarrassing", out, sizeof out), 0);
  CU_ASSERT_STRING_EQUAL(out, "embarrassing");
  CU_ASSERT_EQUAL(choose_technique("multicore+threads", out, sizeof out), -1);
  CU_ASSERT_STRING_EQUAL(out, "threads");  // names the word at fault
}

// The lecture's four scenarios and at least eight more, each with an explanation.
static void
test_scenarios(void)
{
  CU_ASSERT_EQUAL_FATAL(load_spec(), 0);
  CU_ASSERT(spec.n >= 12);
  const char *lecture[] = {"images", "coral", "genomics", "turbine"};
  for (int i = 0; i < 4; i++)
    CU_ASSERT(index_of(lecture[i]) >= 0);
  // "Multicore (maybe multinode if big enough)": both are accepted.
  int g = index_of("genomics");
  CU_ASSERT_FATAL(g >= 0);
  CU_ASSERT(spec.s[g].naccept >= 2);
  for (int i = 0; i < spec.n; i++)
    CU_ASSERT(strlen(spec.s[i].explanation) > 80);  // continuation lines joined
}

static void
test_answers_ok(void)
{
  CU_ASSERT_EQUAL_FATAL(load_spec(), 0);
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/solutions/00-choose/answers.txt", SOURCE_DIR);
  char *text = file_read(path, 1 << 20);
  CU_ASSERT_FATAL(text != NULL);
  struct choose_answers a;
  CU_ASSERT_EQUAL(choose_parse(&spec, text, "answers.txt", &a, errors), 0);
  CU_ASSERT_STRING_EQUAL(a.technique[index_of("turbine")], "multicore+multinode");
  free(text);

  // The student's copy: unanswered, but it parses.
  snprintf(path, sizeof path, "%s/exercises/00-choose/answers.txt", SOURCE_DIR);
  text = file_read(path, 1 << 20);
  CU_ASSERT_FATAL(text != NULL);
  CU_ASSERT_EQUAL(choose_parse(&spec, text, "answers.txt", &a, errors), 0);
  for (int i = 0; i < spec.n; i++)
    CU_ASSERT_STRING_EQUAL(a.technique[i], "");
  free(text);
}

// Each kind of mistake gets one line: file and line, what is wrong, what is allowed.
static void
test_answers_malformed(void)
{
  CU_ASSERT_EQUAL_FATAL(load_spec(), 0);
  char text[4096] = "";
  for (int i = 0; i < spec.n; i++)
    if (strcmp(spec.s[i].id, "images") && strcmp(spec.s[i].id, "coral"))
      snprintf(text + strlen(text), sizeof text - strlen(text), "%s: |\n", spec.s[i].id);
  strcat(text, "images: multcore | typo\n"          // line n+1
               "coral embarrassing | no colon\n"    // line n+2
               "turbine: multinode | twice\n"       // line n+3
               "weather: multinode | unknown\n"     // line n+4
               "# a comment\n"
               "\n");
  struct choose_answers a;
  int n = choose_parse(&spec, text, "a.txt", &a, errors);
  CU_ASSERT_EQUAL(n, 4);
  int base = spec.n - 2;
  char want[64];
  snprintf(want, sizeof want, "a.txt:%d: 'multcore' is not a technique", base + 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[0], want));
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[0], "embarrassing, multicore or multinode"));
  snprintf(want, sizeof want, "a.txt:%d: 'coral embarrassing | no colon' has no ':'",
           base + 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[1], want));
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[2], "'turbine' is answered twice (first on line"));
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[3], "'weather' is not a scenario (they are: images"));

  CU_ASSERT_EQUAL(choose_parse(&spec, "images: multicore\n", "a.txt", &a, errors), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[0], "a.txt:1: images: add a one-line reason"));
  // Nothing else wrong: the missing scenarios are named.
  CU_ASSERT_EQUAL(choose_parse(&spec, "images: multicore | x\n", "a.txt", &a, errors),
                  spec.n - 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(errors[0], "a.txt: scenario 'coral' is missing"));
}

// Grading a submission folder: scores, and a malformed file scores 0 with its errors.
static void
test_grade(void)
{
  char dir[] = "/tmp/test-choose-XXXXXX", path[PATH_MAX];
  CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
  snprintf(path, sizeof path, "%s/00-choose", dir);
  CU_ASSERT_FATAL(mkdir(path, 0700) == 0);
  snprintf(path, sizeof path, "%s/00-choose/answers.txt", dir);
  CU_ASSERT_EQUAL_FATAL(load_spec(), 0);
  FILE *f = fopen(path, "w");
  CU_ASSERT_FATAL(f != NULL);
  for (int i = 0; i < spec.n; i++)  // right for images, wrong for turbine, rest empty
    fprintf(f, "%s: %s\n", spec.s[i].id, !strcmp(spec.s[i].id, "images") ?
            "embarrassing | independent" : !strcmp(spec.s[i].id, "turbine") ?
            "embarrassing | guess" : "|");
  fclose(f);
  struct grade_setup g = {.project = SOURCE_DIR, .version_dir = dir, .seed = 1};
  static struct exercise_result r;
  choose_grade(&g, "00-choose", &r);
  CU_ASSERT_EQUAL(r.graded, 1);
  CU_ASSERT(choose_is_result(&r));
  CU_ASSERT_DOUBLE_EQUAL(r.score, spec.points, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(r.max_score, spec.points * spec.n, 1e-9);
  CU_ASSERT_EQUAL(r.versions[0].build, BUILD_OK);
  CU_ASSERT_EQUAL(r.versions[0].nfeedback, spec.n + 1);
  const char *turbine = r.versions[0].feedback[1 + index_of("turbine")];
  CU_ASSERT_PTR_NOT_NULL(strstr(turbine, "is not what the lecture would choose"));
  CU_ASSERT_PTR_NOT_NULL(strstr(turbine, "halo"));  // the explanation, once answered
  CU_ASSERT_PTR_NOT_NULL(strstr(r.versions[0].feedback[1 + index_of("coral")],
                                "not answered yet"));

  f = fopen(path, "w");
  fputs("images: embarrassing\n", f);
  fclose(f);
  choose_grade(&g, "00-choose", &r);
  CU_ASSERT_EQUAL(r.versions[0].build, BUILD_FAILED);
  CU_ASSERT_DOUBLE_EQUAL(r.score, 0, 1e-9);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.versions[0].build_errors, "answers.txt:1: images: add"));

  // The reference answers get full marks.
  g.version_dir = SOURCE_DIR "/solutions";
  choose_grade(&g, "00-choose", &r);
  CU_ASSERT_DOUBLE_EQUAL(r.score, r.max_score, 1e-9);

  // The table shows choose's own block; the JSON has the "choices" version.
  struct grading all = {.seed = 1, .cores = 2, .nexercises = 1, .exercises = &r,
                        .score = r.score, .max_score = r.max_score};
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  report_table(out, &all, 0);
  CU_ASSERT_EQUAL(report_json(out, &all), 0);
  fclose(out);
  char want[64];
  snprintf(want, sizeof want, "00-choose: %.1f / %g points", r.score, r.max_score);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
  CU_ASSERT_PTR_NULL(strstr(text, "serial median"));  // no runs, so no timing lines
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"version\":\t\"choices\""));
  free(text);
  unlink(path);
  snprintf(path, sizeof path, "%s/00-choose", dir);
  rmdir(path);
  rmdir(dir);
}

void
register_choose(void)
{
  CU_pSuite s = CU_add_suite("choose", NULL, NULL);
  CU_add_test(s, "techniques normalise, unknown words named", test_technique);
  CU_add_test(s, "scenarios.ini: the lecture's four and more", test_scenarios);
  CU_add_test(s, "reference and unanswered files parse", test_answers_ok);
  CU_add_test(s, "malformed files: one clear line each", test_answers_malformed);
  CU_add_test(s, "grading: points, explanations, errors", test_grade);
}
