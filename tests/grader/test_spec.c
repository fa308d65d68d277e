// Tests of spec.c: a good exercise.ini, and each kind of bad one with its message.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "setup/setup.h"

#define SHOWN "exercises/01-pi/exercise.ini"

static const char good[] =
  "[exercise]\n"                 // 1
  "title = Pi by throwing darts\n"
  "program = pi\n"
  "versions = embarrassing openmp mpi\n"
  "[sizes]\n"                    // 5
  "grade = 400000000\n"
  "test = 200000\n"
  "[check.hits]\n"
  "abs = 0\n"
  "[check.pi]\n"                 // 10
  "rel = 1e-12\n"
  "[points]\n"
  "correct = 4\n"
  "speedup = 6\n"
  "full_efficiency = 0.8\n";     // 15

static char path[64];

// Writes text to a temporary file and loads it; err gets the message.
static int
load(const char *text, struct spec *s, char *err, size_t len)
{
  snprintf(path, sizeof path, "/tmp/test-spec-XXXXXX");
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  err[0] = '\0';
  int status = spec_load(path, SHOWN, s, err, len);
  unlink(path);
  return status;
}

// The good file with the line holding `find` replaced by `line` ("" deletes it).
static void
expect_error(const char *find, const char *line, const char *message)
{
  char text[2048] = "";
  const char *at = strstr(good, find);
  CU_ASSERT_PTR_NOT_NULL_FATAL(at);
  const char *end = strchr(at, '\n') + 1;
  strncat(text, good, (size_t)(at - good));
  strcat(text, line);
  strcat(text, end);
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(load(text, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, message);
  if (strcmp(err, message) != 0)
    fprintf(stderr, "\n  got:  %s\n  want: %s\n", err, message);
}

static void
test_good(void)
{
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL_FATAL(load(good, &s, err, sizeof err), 0);
  CU_ASSERT_STRING_EQUAL(s.title, "Pi by throwing darts");
  CU_ASSERT_STRING_EQUAL(s.program, "pi");
  CU_ASSERT_EQUAL(s.nversions, 3);
  CU_ASSERT_STRING_EQUAL(s.versions[2], "mpi");
  CU_ASSERT_EQUAL(s.size_grade, 400000000);
  CU_ASSERT_EQUAL(s.size_test, 200000);
  CU_ASSERT_EQUAL(s.size_quick, 0);
  CU_ASSERT_EQUAL(s.nchecks, 2);
  CU_ASSERT_STRING_EQUAL(s.checks[0].field, "hits");
  CU_ASSERT_EQUAL(s.checks[0].tol.abs, 0);
  CU_ASSERT_STRING_EQUAL(s.checks[1].field, "pi");
  CU_ASSERT_DOUBLE_EQUAL(s.checks[1].tol.rel, 1e-12, 1e-20);
  CU_ASSERT_EQUAL(s.points.correct, 4);
  CU_ASSERT_EQUAL(s.points.speedup, 6);
  CU_ASSERT_DOUBLE_EQUAL(s.points.full_efficiency, 0.8, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(s.points.full_at_reference, PARAM_FULL_AT_REFERENCE, 0);
  CU_ASSERT_STRING_EQUAL(s.generator, "");  // the programs draw their own input
}

// [input] generator and [points] full_at_reference, both optional.
static void
test_optional_keys(void)
{
  char text[2048];
  snprintf(text, sizeof text, "%sfull_at_reference = 0.9\n[input]\ngenerator = generate.c\n",
           good);
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL_FATAL(load(text, &s, err, sizeof err), 0);
  CU_ASSERT_DOUBLE_EQUAL(s.points.full_at_reference, 0.9, 1e-12);
  CU_ASSERT_STRING_EQUAL(s.generator, "generate.c");
  expect_error("full_efficiency", "full_efficiency = 0.8\nfull_at_reference = 0\n",
               SHOWN ": line 16: [points] full_at_reference: '0' is not a number in "
               "(0, 1]");
  expect_error("full_efficiency", "full_efficiency = 0.8\n[input]\ngenerator = ../x.c\n",
               SHOWN ": line 17: [input] generator: '../x.c' is not a C file name such "
               "as generate.c");
  expect_error("full_efficiency", "full_efficiency = 0.8\n[input]\ngenerator = gen.sh\n",
               SHOWN ": line 17: [input] generator: 'gen.sh' is not a C file name such "
               "as generate.c");
  expect_error("full_efficiency", "full_efficiency = 0.8\n[input]\nfile = x\n",
               SHOWN ": line 17: unknown key 'file' in [input] (known: generator)");
}

// The project's own exercise files must pass their own grader.
static void
test_project_01_pi(void)
{
  struct spec s;
  char err[GRADER_MSG] = "";
  int status = spec_load(SOURCE_DIR "/exercises/01-pi/exercise.ini", SHOWN, &s, err,
                         sizeof err);
  CU_ASSERT_EQUAL(status, 0);
  if (status)
    fprintf(stderr, "\n  %s\n", err);
  CU_ASSERT_STRING_EQUAL(s.program, "pi");
}

// The project's 03-coral file, whose checks are patterns.
static void
test_project_03_coral(void)
{
  struct spec s;
  char err[GRADER_MSG] = "";
  int status = spec_load(SOURCE_DIR "/exercises/03-coral/exercise.ini", SHOWN, &s, err,
                         sizeof err);
  CU_ASSERT_EQUAL(status, 0);
  if (status)
    fprintf(stderr, "\n  %s\n", err);
  CU_ASSERT_STRING_EQUAL(s.program, "coral");
}

// [check.c*.mass] is a pattern; [check.hits] stays an exact name.
static void
test_patterns(void)
{
  char text[2048];
  const char *at = strstr(good, "[points]");
  snprintf(text, sizeof text, "%.*s[check.c*.mass]\nabs = 2\n[check.c??.height]\n"
           "rel = 0\n%s", (int)(at - good), good, at);
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL_FATAL(load(text, &s, err, sizeof err), 0);
  CU_ASSERT_EQUAL(s.nchecks, 4);
  CU_ASSERT_EQUAL(s.checks[0].pattern, 0);
  CU_ASSERT_STRING_EQUAL(s.checks[2].field, "c*.mass");
  CU_ASSERT_EQUAL(s.checks[2].pattern, 1);
  CU_ASSERT_EQUAL(s.checks[2].tol.abs, 2);
  CU_ASSERT_STRING_EQUAL(s.checks[3].field, "c??.height");
  CU_ASSERT_EQUAL(s.checks[3].pattern, 1);
  expect_error("[check.pi]", "[check.p i*]\n",
               SHOWN ": line 11: [check.p i*]: 'p i*' is not a result field name (nor a "
               "pattern of one with * and ?)");
}

static void
test_missing_keys(void)
{
  expect_error("grade =", "", SHOWN ": missing [sizes] grade");
  expect_error("program =", "", SHOWN ": missing [exercise] program");
  expect_error("versions =", "", SHOWN ": missing [exercise] versions");
  expect_error("full_efficiency", "", SHOWN ": missing [points] full_efficiency");
  expect_error("correct =", "", SHOWN ": missing [points] correct");
}

static void
test_invalid_values(void)
{
  expect_error("grade =", "grade = lots\n",
               SHOWN ": line 6: [sizes] grade: 'lots' is not a whole number >= 1");
  expect_error("grade =", "grade = 0\n",
               SHOWN ": line 6: [sizes] grade: '0' is not a whole number >= 1");
  expect_error("test =", "test = 12x\n",
               SHOWN ": line 7: [sizes] test: '12x' is not a whole number >= 1");
  expect_error("abs = 0", "abs = -1\n",
               SHOWN ": line 9: [check.hits] abs: '-1' is not a number >= 0");
  expect_error("full_efficiency", "full_efficiency = 1.5\n",
               SHOWN ": line 15: [points] full_efficiency: '1.5' is not a number in "
               "(0, 1]");
  expect_error("speedup =", "speedup = six\n",
               SHOWN ": line 14: [points] speedup: 'six' is not a number >= 0");
  expect_error("versions =", "versions = openmp cuda\n",
               SHOWN ": line 4: [exercise] versions: unknown version 'cuda' (known: "
               "embarrassing openmp mpi)");
  expect_error("program =", "program = p i/x\n",
               SHOWN ": line 3: [exercise] program: 'p i/x' is not a program name");
}

static void
test_unknown_and_repeated(void)
{
  expect_error("speedup =", "colour = red\n",
               SHOWN ": line 14: unknown key 'colour' in [points]");
  expect_error("[points]", "[pointz]\n", SHOWN ": line 12: unknown section [pointz]");
  expect_error("rel = 1e-12", "tolerance = 1\n",
               SHOWN ": line 11: unknown key 'tolerance' in [check.pi] (known: abs, rel)");
  expect_error("test =", "grade = 5\n", SHOWN ": line 7: [sizes] grade given twice");
}

static void
test_syntax(void)
{
  expect_error("test =", "this line has no equals sign\n",
               SHOWN ": line 7: not 'name = value' or '[section]'");
  expect_error("[sizes]", "[sizes\n",
               SHOWN ": line 5: not 'name = value' or '[section]'");
}

static void
test_no_checks(void)
{
  char text[2048];
  const char *from = strstr(good, "[check.hits]"), *to = strstr(good, "[points]");
  snprintf(text, sizeof text, "%.*s%s", (int)(from - good), good, to);
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(load(text, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, SHOWN ": missing [check.FIELD] section (what to compare)");
}

static void
test_no_file(void)
{
  struct spec s;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(spec_load("/nonexistent/exercise.ini", SHOWN, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, SHOWN ": No such file or directory");
}

void
register_spec(void)
{
  CU_pSuite s = CU_add_suite("spec (exercise.ini)", NULL, NULL);
  CU_add_test(s, "a good file", test_good);
  CU_add_test(s, "optional keys: generator, full_at_reference", test_optional_keys);
  CU_add_test(s, "the project's 01-pi file", test_project_01_pi);
  CU_add_test(s, "the project's 03-coral file", test_project_03_coral);
  CU_add_test(s, "[check.PATTERN] with * and ?", test_patterns);
  CU_add_test(s, "missing keys", test_missing_keys);
  CU_add_test(s, "invalid values", test_invalid_values);
  CU_add_test(s, "unknown and repeated keys", test_unknown_and_repeated);
  CU_add_test(s, "syntax errors", test_syntax);
  CU_add_test(s, "no [check.FIELD]", test_no_checks);
  CU_add_test(s, "no file", test_no_file);
}
