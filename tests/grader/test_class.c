// End to end: pargrade --class on a tiny class, and the course platforms' adapters
// (grader/gradescope/run_autograder, grader/prairielearn/run) on fake trees. Built
// twice: test-class, and with GRADESCOPE defined test-gradescope (two ctest tests).
// The class: alice submits the reference solutions of 01-pi, bob's mpi.c does not
// compile, carol submitted openmp.c only. Everything runs with --quick (small sizes,
// correctness only), so each student takes a second or two.
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"
#include "runner.h"

#include "class_fixture.h"

static void
test_class(void)
{
  char dir[800], class_dir[600];
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "alice", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "embarrassing.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", ""), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "bob", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "embarrassing.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", "\nint broken = ;\n"), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "carol", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  snprintf(class_dir, sizeof class_dir, "%s/class", class_top);
  snprintf(dir, sizeof dir, "%s/.hidden", class_dir);  // not a student
  mkdir(dir, 0755);

  const char *args[] = {PARGRADE, "--class", class_dir, "--exercise", "01-pi", "--quick",
                        "--seed", "11", NULL};
  char *out, *err;
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  // The summary: a row per student, with the score.
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "student"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "alice         12.0/12"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "bob            8.0/12"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "carol          4.0/12"));
  CU_ASSERT_PTR_NULL(strstr(out, ".hidden"));
  CU_ASSERT_EQUAL(class_count(err, ": grading"), 3);  // with the time, and after one the rest's
  CU_ASSERT(class_count(err, " so far]") >= 2 && class_count(err, " so far, about ") >= 2);
  if (!strstr(out, "alice         12.0/12"))
    fprintf(stderr, "\n%s\n%s\n", out, err);
  free(out);
  free(err);

  // One JSON report per student, with the hash of what was graded.
  cJSON *bob = class_report_of("bob");
  CU_ASSERT_PTR_NOT_NULL_FATAL(bob);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
      cJSON_GetObjectItem(bob, "class"), "student")), "bob");
  CU_ASSERT_PTR_NOT_NULL(cJSON_GetStringValue(cJSON_GetObjectItem(
      cJSON_GetObjectItem(bob, "class"), "hash")));
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(bob, "exercises"), 0);
  cJSON *v;
  int failed = 0;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(pi, "versions"))
    failed += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "build")), "failed") == 0;
  CU_ASSERT_EQUAL(failed, 1);
  cJSON_Delete(bob);
  CU_ASSERT_DOUBLE_EQUAL(class_score_of("alice"), 12, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(class_score_of("carol"), 4, 1e-9);

  // The class CSV.
  char path[800];
  snprintf(path, sizeof path, "%s/class-reports/class.csv", class_top);
  char *csv = class_slurp(path);
  CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
  CU_ASSERT_STRING_EQUAL(csv,
      "student,total,max,01-pi/embarrassing,01-pi/openmp,01-pi/mpi\r\n"
      "alice,12,12,4,4,4\r\n"
      "bob,8,12,4,4,0\r\n"
      "carol,4,12,0,4,0\r\n");
  free(csv);

  // A rerun skips every student: nothing changed.
  struct stat before, after;
  snprintf(path, sizeof path, "%s/class-reports/alice.json", class_top);
  stat(path, &before);
  const char *csv_args[] = {PARGRADE, "--class", class_dir, "--exercise", "01-pi",
                            "--quick", "--seed", "11", "--format", "csv", NULL};
  CU_ASSERT_EQUAL(class_run(csv_args, &out, &err), 0);
  CU_ASSERT_EQUAL(class_count(err, "unchanged since the last run"), 3);
  CU_ASSERT_EQUAL(class_count(err, ": grading"), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "bob,8,12,4,4,0\r\n"));
  stat(path, &after);
  CU_ASSERT_EQUAL(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  CU_ASSERT_EQUAL(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  free(out);
  free(err);

  // Carol hands in mpi.c: only she is graded again.
  class_mkdirs("class", "carol", "01-pi", dir, sizeof dir);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", ""), 0);
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  CU_ASSERT_EQUAL(class_count(err, "unchanged since the last run"), 2);
  CU_ASSERT_EQUAL(class_count(err, "carol: grading"), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "carol          8.0/12"));
  free(out);
  free(err);
  CU_ASSERT_DOUBLE_EQUAL(class_score_of("carol"), 8, 1e-9);

  // Other options are another grading: every student again.
  const char *other[] = {PARGRADE, "--class", class_dir, "--exercise", "01-pi", "--quick",
                         "--seed", "12", "--format", "json", NULL};
  CU_ASSERT_EQUAL(class_run(other, &out, &err), 0);
  CU_ASSERT_EQUAL(class_count(err, ": grading"), 3);
  cJSON *summary = cJSON_Parse(out);
  CU_ASSERT_PTR_NOT_NULL(summary);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(summary, "students")), 3);
  cJSON_Delete(summary);
  free(out);
  free(err);

  // A submission that keeps its grading past the class's time limit: stopped, a row
  // that says so, and the class goes on (the others are unchanged, so skipped).
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "dave", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", "\n#include <unistd.h>\n"
                         "__attribute__((constructor)) static void stall(void)\n"
                         "{\n  for (;;)\n    sleep(1);\n}\n"), 0);
  setenv("PARGRADE_CLASS_TIMEOUT", "2", 1);
  CU_ASSERT_EQUAL(class_run(other, &out, &err), 0);
  unsetenv("PARGRADE_CLASS_TIMEOUT");
  CU_ASSERT_EQUAL(class_count(err, "unchanged since the last run"), 3);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "dave: failed: the grading took longer than 2 s"));
  summary = cJSON_Parse(out);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(summary, "students")), 4);
  cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItem(summary, "students"), 3);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(last, "status")),
                         "failed");
  cJSON_Delete(summary);
  free(out);
  free(err);
  snprintf(path, sizeof path, "%s/class-reports/class.csv", class_top);
  csv = class_slurp(path);
  CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\r\ndave,0,0,,,\r\n"));
  free(csv);

  // A format that is one submission's report is refused with --class.
  const char *junit[] = {PARGRADE, "--class", class_dir, "--format", "junit", NULL};
  CU_ASSERT_EQUAL(class_run(junit, &out, &err), 2);
  free(out);
  free(err);
}

// --- the Gradescope adapter --------------------------------------------------------

// Runs run_autograder on the fake root class_top/ag, and returns its results.json parsed.
static cJSON *
autograde(const char *exercise)
{
  char root[700];
  snprintf(root, sizeof root, "%s/ag", class_top);
  setenv("AUTOGRADER_ROOT", root, 1);
  setenv("PARGRADE_SOURCE", SOURCE_DIR, 1);
  setenv("PARGRADE", PARGRADE, 1);
  setenv("PARGRADE_ARGS", "--quick --seed 5", 1);
  if (exercise)
    setenv("PARGRADE_EXERCISE", exercise, 1);
  else
    unsetenv("PARGRADE_EXERCISE");
  const char *args[] = {"/bin/bash", SOURCE_DIR "/grader/gradescope/run_autograder", NULL};
  char *out, *err;
  int status = class_run(args, &out, &err);
  CU_ASSERT_EQUAL(status, 0);
  if (status != 0)
    fprintf(stderr, "\n%s\n%s\n", out, err);
  free(out);
  free(err);
  char path[800];
  snprintf(path, sizeof path, "%s/results/results.json", root);
  char *text = class_slurp(path);
  cJSON *json = text ? cJSON_Parse(text) : NULL;
  if (text && !json)
    fprintf(stderr, "\n  not JSON: %.300s\n", text);
  free(text);
  unlink(path);
  return json;
}

static cJSON *
test_named(cJSON *results, const char *name)
{
  cJSON *t;
  cJSON_ArrayForEach(t, cJSON_GetObjectItem(results, "tests"))
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(t, "name")), name) == 0)
      return t;
  return NULL;
}

static const char *
status_of(cJSON *results, const char *name)
{
  cJSON *t = test_named(results, name);
  const char *s = t ? cJSON_GetStringValue(cJSON_GetObjectItem(t, "status")) : NULL;
  return s ? s : "(no such test)";
}

static void
clear_submission(void)
{
  char path[700];
  snprintf(path, sizeof path, "%s/ag/submission", class_top);
  program_remove_dir(path);
  mkdir(path, 0755);
}

static void
test_gradescope(void)
{
  char dir[700];
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("ag", "submission", NULL, dir, sizeof dir), 0);

  // A flat upload for the assignment 01-pi: openmp.c right, mpi.c broken, no
  // embarrassing.c, and a link to the reference solution, which does not count.
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", "\nint broken = ;\n"), 0);
  char link[800];
  snprintf(link, sizeof link, "%s/embarrassing.c", dir);
  CU_ASSERT_EQUAL(symlink(SOURCE_DIR "/solutions/01-pi/embarrassing.c", link), 0);
  cJSON *r = autograde("01-pi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r, "tests")), 3);
  CU_ASSERT_DOUBLE_EQUAL(class_number(r, "score"), 4, 1e-9);
  CU_ASSERT_STRING_EQUAL(status_of(r, "01-pi: openmp"), "passed");
  CU_ASSERT_STRING_EQUAL(status_of(r, "01-pi: mpi"), "failed");
  CU_ASSERT_STRING_EQUAL(status_of(r, "01-pi: embarrassing"), "failed");
  cJSON *mpi = test_named(r, "01-pi: mpi");
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(mpi, "output")),
                                "does not compile"));
  CU_ASSERT_DOUBLE_EQUAL(class_number(mpi, "max_score"), 4, 1e-9);
  cJSON_Delete(r);

  // A tree inside a top folder (a zip of a folder): every version right.
  clear_submission();
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("ag", "submission", "work", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("ag", "submission", "work/01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "embarrassing.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", ""), 0);
  r = autograde("01-pi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_DOUBLE_EQUAL(class_number(r, "score"), 12, 1e-9);
  CU_ASSERT_STRING_EQUAL(status_of(r, "01-pi: embarrassing"), "passed");
  CU_ASSERT_STRING_EQUAL(status_of(r, "01-pi: mpi"), "passed");
  cJSON_Delete(r);

  // Flat files and no exercise named: no points, and a message that says why.
  clear_submission();
  snprintf(dir, sizeof dir, "%s/ag/submission", class_top);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  r = autograde(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_DOUBLE_EQUAL(class_number(r, "score"), 0, 1e-9);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r, "tests")), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r, "output")),
                                "exercise"));
  cJSON_Delete(r);

  // An empty upload: the same, not a crash.
  clear_submission();
  r = autograde("01-pi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_DOUBLE_EQUAL(class_number(r, "score"), 0, 1e-9);
  cJSON_Delete(r);
}

// grader/prairielearn/run on a fake /grade: student/ holds the files, tests/ the
// question's exercise; results/results.json is PrairieLearn's.
static cJSON *
prairielearn(void)
{
  char root[700], path[800];
  snprintf(root, sizeof root, "%s/pl", class_top);
  snprintf(path, sizeof path, "%s/tests/pargrade-exercise", root);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("01-pi\n", f);
  fclose(f);
  setenv("GRADE_ROOT", root, 1);
  setenv("PARGRADE_SOURCE", SOURCE_DIR, 1);
  setenv("PARGRADE", PARGRADE, 1);
  setenv("PARGRADE_ARGS", "--quick --seed 5", 1);
  unsetenv("PARGRADE_EXERCISE");
  const char *args[] = {"/bin/bash", SOURCE_DIR "/grader/prairielearn/run", NULL};
  char *out, *err;
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  free(out);
  free(err);
  snprintf(path, sizeof path, "%s/results/results.json", root);
  char *text = class_slurp(path);
  cJSON *json = text ? cJSON_Parse(text) : NULL;
  free(text);
  unlink(path);
  return json;
}

static void
test_prairielearn(void)
{
  char dir[700], tests[700];
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("pl", "student", NULL, dir, sizeof dir), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("pl", "tests", NULL, tests, sizeof tests), 0);
  // openmp.c right, mpi.c broken, embarrassing.c not there: 4 of 12 points.
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", "\nint broken = ;\n"), 0);
  cJSON *r = prairielearn();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(r, "gradable")));
  CU_ASSERT_DOUBLE_EQUAL(class_number(r, "score"), 4.0 / 12, 1e-9);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r, "tests")), 3);
  cJSON *omp = test_named(r, "01-pi: openmp"), *mpi = test_named(r, "01-pi: mpi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(omp);
  CU_ASSERT_PTR_NOT_NULL_FATAL(mpi);
  CU_ASSERT_DOUBLE_EQUAL(class_number(omp, "points"), 4, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(class_number(omp, "max_points"), 4, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(class_number(mpi, "points"), 0, 1e-9);
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(mpi, "message")),
                                "does not compile"));
  cJSON_Delete(r);

  // Nothing to grade: not gradable, and why.
  char path[800];
  snprintf(path, sizeof path, "%s/pl/student", class_top);
  program_remove_dir(path);
  mkdir(path, 0755);
  r = prairielearn();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(r, "gradable")));
  CU_ASSERT_PTR_NOT_NULL(strstr(cJSON_GetStringValue(cJSON_GetArrayItem(
      cJSON_GetObjectItem(r, "format_errors"), 0)), "none of the files to grade"));
  cJSON_Delete(r);
}

static void
test_cleanup(void)
{
  CU_ASSERT_EQUAL(program_remove_dir(class_top), 0);
}

static void
register_class(void)
{
#ifdef GRADESCOPE
  CU_pSuite s = CU_add_suite("the course platforms' adapters", class_make_top, NULL);
  CU_add_test(s, "run_autograder on a fake /autograder", test_gradescope);
  CU_add_test(s, "prairielearn/run on a fake /grade", test_prairielearn);
  (void)test_class;
#else
  CU_pSuite s = CU_add_suite("pargrade --class", class_make_top, NULL);
  CU_add_test(s, "a class of three: graded, summed up, resumed", test_class);
  (void)test_gradescope;
  (void)test_prairielearn;
#endif
  CU_add_test(s, "clean up", test_cleanup);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_class};
  return runner_main(registers, 1);
}
