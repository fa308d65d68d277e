// Tests of the exercises' own hints for wrong answers: the formulas (setup/formula.c),
// the [hint.NAME] sections of exercise.ini (setup/spec.c), which hints a wrong result
// fits and which one explains a version (diagnose/lost_work.c), on the project's own
// exercise.ini files. And the sizes those files choose: the odd worker count never
// divides them, so that a lost remainder shows.
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diagnose/diagnose.h"
#include "setup/formula.h"
#include "setup/setup.h"

// Names for the formula tests: x is 6, y is 4, gone is missing (NaN).
static int
lookup(void *ctx, const char *name, double *value)
{
  (void)ctx;
  if (strcmp(name, "x") == 0)
    *value = 6;
  else if (strcmp(name, "y") == 0)
    *value = 4;
  else if (strcmp(name, "gone") == 0)
    *value = NAN;
  else
    return 0;
  return 1;
}

static double
value_of(const char *text)
{
  double x = -12345;
  char err[GRADER_MSG] = "";
  CU_ASSERT_EQUAL(formula_eval(text, lookup, NULL, &x, err, sizeof err), 0);
  if (err[0])
    fprintf(stderr, "\n  %s: %s\n", text, err);
  return x;
}

static void
expect_formula_error(const char *text, const char *message)
{
  double x;
  char err[GRADER_MSG] = "";
  CU_ASSERT_EQUAL(formula_eval(text, lookup, NULL, &x, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, message);
  if (strcmp(err, message) != 0)
    fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, message);
}

static void
test_formulas(void)
{
  CU_ASSERT_EQUAL(value_of("x + y * 2"), 14);
  CU_ASSERT_EQUAL(value_of("(x + y) * 2"), 20);
  CU_ASSERT_EQUAL(value_of("x - y - 1"), 1);
  CU_ASSERT_EQUAL(value_of("x / y"), 1.5);
  CU_ASSERT_EQUAL(value_of("-x + 10"), 4);
  CU_ASSERT_EQUAL(value_of("x % y"), 2);
  CU_ASSERT_EQUAL(value_of("x == 6 && y != 6"), 1);
  CU_ASSERT_EQUAL(value_of("x < y || y >= 5"), 0);
  CU_ASSERT_EQUAL(value_of("x <= 6 && !(y > 4)"), 1);
  CU_ASSERT_EQUAL(value_of("near(x, 6.05, 0.01)"), 1);
  CU_ASSERT_EQUAL(value_of("near(x, 6.1, 0.01)"), 0);
  CU_ASSERT_EQUAL(value_of("1.5e3 + 0.5"), 1500.5);
  // A missing value compares false, whichever way round.
  CU_ASSERT_EQUAL(value_of("gone == gone || gone < 1 || gone >= 1"), 0);
  CU_ASSERT_EQUAL(value_of("gone != 1"), 1);
  expect_formula_error("x +", "a number, a name or '(' expected at 'the end'");
  expect_formula_error("(x + y", "')' expected at 'the end'");
  expect_formula_error("x y", "an operator expected at 'y'");
  expect_formula_error("worker > 1", "unknown name 'worker'");
  expect_formula_error("near(x, y)", "',' expected at ')'");
}

// Writes text to a temporary exercise.ini and loads it.
static int
load(const char *text, struct spec *s, char *err, size_t len)
{
  char path[64] = "/tmp/test-hints-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  err[0] = '\0';
  int status = spec_load(path, "exercise.ini", s, err, len);
  unlink(path);
  return status;
}

#define BASE "[exercise]\nprogram = pi\nversions = openmp mpi\n[sizes]\ngrade = 1000\n" \
             "[check.hits]\nabs = 0\n[points]\ncorrect = 4\nspeedup = 6\n"              \
             "full_efficiency = 0.8\n"

static void
expect_spec_error(const char *hints, const char *message)
{
  char text[4096];
  snprintf(text, sizeof text, "%s%s", BASE, hints);
  static struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(load(text, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, message);
  if (strcmp(err, message) != 0)
    fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, message);
}

static void
test_hint_sections(void)
{
  static struct spec s;
  char err[GRADER_MSG];
  const char *text = BASE
    "[hint.twice]\nversions = mpi\nfield = hits\nwhen = got == expected * workers\n"
    "text = every worker did all\n  of the work.\n"
    "[hint.split]\nright_with = 1, 4\ntext = wrong when split\n";
  CU_ASSERT_EQUAL_FATAL(load(text, &s, err, sizeof err), 0);
  CU_ASSERT_EQUAL(s.nhints, 2);
  CU_ASSERT_STRING_EQUAL(s.hints[0].name, "twice");
  CU_ASSERT_STRING_EQUAL(s.hints[0].versions, "mpi");
  CU_ASSERT_STRING_EQUAL(s.hints[0].text, "every worker did all of the work.");
  CU_ASSERT_EQUAL(s.hints[0].right_with, 0);
  CU_ASSERT_EQUAL(s.hints[1].right_with, (1ULL << 1) | (1ULL << 4));
  CU_ASSERT_STRING_EQUAL(s.hints[1].when, "");

  expect_spec_error("[hint.a]\nfield = hits\nwhen = got = 1\ntext = t\n",
                    "exercise.ini: line 14: [hint.a] when: an operator expected at '= 1'");
  expect_spec_error("[hint.a]\nfield = hits\ntext = t\n",
                    "exercise.ini: [hint.a] needs text, and either field with when or "
                    "right_with");
  expect_spec_error("[hint.a]\nright_with = 1\nwhen = got > 0\ntext = t\n",
                    "exercise.ini: [hint.a] needs text, and either field with when or "
                    "right_with");
  expect_spec_error("[hint.a]\nright_with = 0\ntext = t\n",
                    "exercise.ini: line 13: [hint.a] right_with: '0' is not a worker "
                    "count from 1 to 63");
  expect_spec_error("[hint.a]\nwhy = 1\n", "exercise.ini: line 13: unknown key 'why' in "
                    "[hint.a] (known: versions, field, when, right_with, text)");
}

// A result file holding `hits` (and the usual other fields), for lost_work_test.
static const char *
result_with(long long hits)
{
  static char path[64];
  snprintf(path, sizeof path, "/tmp/test-hints-result-XXXXXX");
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fprintf(f, "darts 200000\nhits %lld\npi 3.1\n", hits);
  fclose(f);
  return path;
}

static int
load_project(const char *exercise, struct spec *s)
{
  char path[1024], err[GRADER_MSG];
  snprintf(path, sizeof path, "%s/exercises/%s/exercise.ini", SOURCE_DIR, exercise);
  int status = spec_load(path, exercise, s, err, sizeof err);
  if (status != 0)
    fprintf(stderr, "\n  %s\n", err);
  return status;
}

// 01-pi's hints on made-up results: the serial count is 157000.
static void
test_pi_hints(void)
{
  static struct spec s;
  CU_ASSERT_EQUAL_FATAL(load_project("01-pi", &s), 0);
  CU_ASSERT_EQUAL_FATAL(s.nhints, 2);
  struct result expected = {0};
  result_add_int(&expected, "darts", 200000);
  result_add_int(&expected, "hits", 157000);
  result_add_double(&expected, "pi", 3.14);
  char err[GRADER_MSG] = "";
  CU_ASSERT_EQUAL(lost_work_check(&s, &expected, err, sizeof err), 0);

  struct { long long hits; int workers; unsigned holds; } cases[] = {
    {471000, 3, 1u << 0},   // every worker threw all the darts
    {470000, 3, 1u << 0},   // the same, with other darts: about P times
    {78600, 2, 1u << 1},    // only one worker's share
    {52300, 3, 1u << 1},
    {156998, 3, 0},         // two darts lost: the remainder, not these hints
    {157000, 1, 0},         // at one worker P times and 1/P are the answer itself
    {314000, 3, 0},         // twice, with 3 workers: neither
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *path = result_with(cases[i].hits);
    unsigned holds = lost_work_test(&s, "mpi", &expected, path, cases[i].workers,
                                    200000);
    CU_ASSERT_EQUAL(holds, cases[i].holds);
    if (holds != cases[i].holds)
      fprintf(stderr, "\n  hits %lld with %d: %u\n", cases[i].hits, cases[i].workers, holds);
    unlink(path);
  }
  // No result file: nothing to read a bug from.
  CU_ASSERT_EQUAL(lost_work_test(&s, "mpi", &expected, "/nonexistent/r", 3, 200000), 0);

  // A hint about a field the serial result lacks, or a name nobody knows: the
  // exercise's own error, found once per grading.
  snprintf(s.hints[0].field, sizeof s.hints[0].field, "hit");
  CU_ASSERT_EQUAL(lost_work_check(&s, &expected, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "[hint.every-worker-all-darts] field: 'hit' matches no "
                         "number of the serial result");
  snprintf(s.hints[0].field, sizeof s.hints[0].field, "hits");
  snprintf(s.hints[0].when, sizeof s.hints[0].when, "got == expected * k");
  CU_ASSERT_EQUAL(lost_work_check(&s, &expected, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "[hint.every-worker-all-darts] when: unknown name 'k' "
                         "(known: got, expected, missing, workers, size, wrong and the "
                         "serial result's numbers)");
  result_free(&expected);
}

// 02-images' hint reads `wrong`, the share of its fields that are not the serial's:
// one worker's images alone (half of six at 2 workers) fit it, one image lost does not.
static void
test_images_hint(void)
{
  static struct spec s;
  CU_ASSERT_EQUAL_FATAL(load_project("02-images", &s), 0);
  CU_ASSERT_EQUAL_FATAL(s.nhints, 1);
  struct result expected = {0};
  result_add_int(&expected, "images", 6);
  char name[RESULT_NAME_MAX];
  for (int i = 0; i < 6; i++) {
    snprintf(name, sizeof name, "img%04d.edges", i);
    result_add_int(&expected, name, 1000 + i);
  }
  const char *half = "images 6\nimg0000.edges 1000\nimg0001.edges 1001\n"
                     "img0002.edges 1002\nimg0003.edges 0\nimg0004.edges 0\n";
  const char *one_lost = "images 6\nimg0000.edges 1000\nimg0001.edges 1001\n"
                         "img0002.edges 1002\nimg0003.edges 1003\nimg0004.edges 1004\n";
  const char *texts[] = {half, one_lost};
  const unsigned holds[] = {1, 0};
  for (int i = 0; i < 2; i++) {
    char path[64] = "/tmp/test-hints-images-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL((size_t)write(fd, texts[i], strlen(texts[i])), strlen(texts[i]));
    close(fd);
    CU_ASSERT_EQUAL(lost_work_test(&s, "mpi", &expected, path, 2, 6), holds[i]);
    unlink(path);
  }
  result_free(&expected);
}

// A version with runs at 1, 2 and 3 workers: its verdicts and hint bits.
static void
version_with(struct version_result *v, const char *version, const enum verdict *verdicts,
             const unsigned *hints)
{
  memset(v, 0, sizeof *v);
  snprintf(v->version, sizeof v->version, "%s", version);
  v->nconfigs = 3;
  for (int i = 0; i < 3; i++) {
    v->configs[i].workers = i + 1;
    v->configs[i].verdict = verdicts[i];
    v->configs[i].hints = hints[i];
  }
}

// Which hint explains a version: a value hint only when it held at every wrong run,
// a right_with hint only for its versions and its exact counts, in the file's order.
static void
test_choosing_a_hint(void)
{
  static struct spec pi, turbine;
  CU_ASSERT_EQUAL_FATAL(load_project("01-pi", &pi), 0);
  CU_ASSERT_EQUAL_FATAL(load_project("05-turbine", &turbine), 0);
  static struct version_result v;
  const enum verdict ok_wrong_wrong[] = {VERDICT_OK, VERDICT_WRONG, VERDICT_WRONG};
  const enum verdict ok_ok_wrong[] = {VERDICT_OK, VERDICT_OK, VERDICT_WRONG};
  const enum verdict ok_wrong_crash[] = {VERDICT_OK, VERDICT_WRONG, VERDICT_CRASHED};
  const unsigned none[] = {0, 0, 0}, both[] = {0, 1, 1}, one[] = {0, 1, 0};

  version_with(&v, "mpi", ok_wrong_wrong, both);
  CU_ASSERT_EQUAL(lost_work_hint(&pi, &v), 1);
  version_with(&v, "mpi", ok_wrong_wrong, one);  // held at 2 workers, not at 3
  CU_ASSERT_EQUAL(lost_work_hint(&pi, &v), 0);
  version_with(&v, "mpi", ok_ok_wrong, none);
  CU_ASSERT_EQUAL(lost_work_hint(&pi, &v), 0);

  int halo = 0;
  while (halo < turbine.nhints && strcmp(turbine.hints[halo].name, "halo") != 0)
    halo++;
  CU_ASSERT_FATAL(halo < turbine.nhints);
  version_with(&v, "mpi", ok_wrong_wrong, none);
  CU_ASSERT_EQUAL(lost_work_hint(&turbine, &v), halo + 1);
  version_with(&v, "openmp", ok_wrong_wrong, none);  // the halo is MPI's
  CU_ASSERT_EQUAL(lost_work_hint(&turbine, &v), 0);
  version_with(&v, "mpi", ok_ok_wrong, none);         // right with 2: not the halo
  CU_ASSERT_EQUAL(lost_work_hint(&turbine, &v), 0);
  version_with(&v, "mpi", ok_wrong_crash, none);      // a crash is not a wrong answer
  CU_ASSERT_EQUAL(lost_work_hint(&turbine, &v), 0);
}

// Every exercise's [sizes] test and quick: 3 (the odd worker count on a 2-core machine)
// does not divide them, so a version that drops the remainder of size / workers is
// wrong there. (A timed grading's size is chosen so: timing_grading_size.)
static void
test_sizes_show_lost_remainders(void)
{
  const char *exercises[] = {"01-pi", "02-images", "03-coral", "04-genomics",
                             "05-turbine"};
  for (size_t i = 0; i < sizeof exercises / sizeof exercises[0]; i++) {
    static struct spec s;
    CU_ASSERT_EQUAL_FATAL(load_project(exercises[i], &s), 0);
    CU_ASSERT(s.size_test % 3 != 0);
    CU_ASSERT(s.size_quick % 3 != 0);
    if (s.size_test % 3 == 0 || s.size_quick % 3 == 0)
      fprintf(stderr, "\n  %s: test %ld, quick %ld\n", exercises[i], s.size_test,
              s.size_quick);
  }
}

void
register_hints(void)
{
  CU_pSuite s = CU_add_suite("hints for wrong answers (formula.c, lost_work.c)", NULL,
                             NULL);
  CU_add_test(s, "formulas", test_formulas);
  CU_add_test(s, "[hint.NAME] sections", test_hint_sections);
  CU_add_test(s, "01-pi's hints on made-up results", test_pi_hints);
  CU_add_test(s, "02-images' hint: the share of fields wrong", test_images_hint);
  CU_add_test(s, "which hint explains a version", test_choosing_a_hint);
  CU_add_test(s, "sizes that the odd count does not divide",
              test_sizes_show_lost_remainders);
}
