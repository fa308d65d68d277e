// End-to-end tests of build/bin/pargrade on the solutions and on a made-up submission.
//
// The submission holds a wrong constant (openmp.c), a compile error (mpi.c) and an
// untouched copy (embarrassing.c).
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"
#include "runner.h"

// Small, so that the whole suite takes seconds; timing is not what is tested here.
#define SIZE "200000"

static char submission[] = "/tmp/test-pargrade-XXXXXX";

// Runs pargrade with args; returns its exit status and its stdout (free it). When err
// is not NULL, it gets pargrade's stderr (free it); otherwise stderr is the test's.
static int
pargrade_with_stderr(const char *const *args, char **out, char **err)
{
  int pipefd[2];
  char err_path[] = "/tmp/test-pargrade-stderr-XXXXXX";
  int err_fd = err ? mkstemp(err_path) : -1;
  if ((err && err_fd < 0) || pipe(pipefd) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    const char *argv[16] = {PARGRADE};
    for (int i = 0; args[i] && i < 14; i++)
      argv[i + 1] = args[i];
    dup2(pipefd[1], 1);
    if (err_fd >= 0)
      dup2(err_fd, 2);
    close(pipefd[0]);
    close(pipefd[1]);
    execv(PARGRADE, (char *const *)argv);
    _exit(127);
  }
  close(pipefd[1]);
  size_t len = 0, cap = 1 << 16;
  char *text = malloc(cap);
  ssize_t n;
  while ((n = read(pipefd[0], text + len, cap - len - 1)) > 0) {
    len += (size_t)n;
    if (cap - len < 1024)
      text = realloc(text, cap *= 2);
  }
  text[len] = '\0';
  close(pipefd[0]);
  int status;
  waitpid(pid, &status, 0);
  *out = text;
  if (err) {
    *err = calloc(1, 1 << 16);
    if (*err && lseek(err_fd, 0, SEEK_SET) == 0 &&
        (n = read(err_fd, *err, (1 << 16) - 1)) > 0)
      (*err)[n] = '\0';
    close(err_fd);
    unlink(err_path);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
pargrade(const char *const *args, char **out)
{
  return pargrade_with_stderr(args, out, NULL);
}

// Grades with args and returns the parsed JSON report (NULL on failure).
static cJSON *
grade(const char *const *args)
{
  char *out;
  int status = pargrade(args, &out);
  CU_ASSERT_EQUAL(status, 0);
  cJSON *json = cJSON_Parse(out);
  if (!json)
    fprintf(stderr, "\n  not JSON: %.300s\n", out);
  free(out);
  return json;
}

static cJSON *
version(cJSON *report, const char *name)
{
  cJSON *exercises = cJSON_GetObjectItem(report, "exercises");
  cJSON *pi = cJSON_GetArrayItem(exercises, 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(pi, "name")), "01-pi");
  cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(pi, "versions"))
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "version")), name) == 0)
      return v;
  return NULL;
}

static int
is_true(cJSON *o, const char *name)
{
  return cJSON_IsTrue(cJSON_GetObjectItem(o, name));
}

static double
number(cJSON *o, const char *name)
{
  return cJSON_GetNumberValue(cJSON_GetObjectItem(o, name));
}

static const char *
text(cJSON *o, const char *name)
{
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
  return s ? s : "";
}

// 1 when some feedback item holds every one of the words.
static int
feedback_has(cJSON *v, const char *a, const char *b, const char *c)
{
  cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItem(v, "feedback")) {
    const char *s = cJSON_GetStringValue(item);
    if (s && strstr(s, a) && strstr(s, b) && strstr(s, c))
      return 1;
  }
  return 0;
}

static void
test_solutions(void)
{
  const char *args[] = {"--solutions", "--exercise", "01-pi", "--size", SIZE,
                        "--runs", "1", "--format", "json", NULL};
  cJSON *report = grade(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  CU_ASSERT(number(report, "cores") >= 1);
  CU_ASSERT(number(report, "max_score") > 0);
  const char *names[] = {"embarrassing", "openmp", "mpi"};
  for (int i = 0; i < 3; i++) {
    cJSON *v = version(report, names[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_STRING_EQUAL(text(v, "build"), "ok");
    CU_ASSERT(is_true(v, "correct"));
    CU_ASSERT(number(v, "score") >= number(v, "correct_points"));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(v, "runs")) >= 3, 1);
    // Graded as the reference: its speedup is the bar it is measured against (both
    // null when not measurable: an MPI run this small is shorter than its launch).
    cJSON *ref = cJSON_GetObjectItem(v, "reference_speedup");
    cJSON *scored = cJSON_GetObjectItem(v, "scored_speedup");
    CU_ASSERT_EQUAL(cJSON_IsNull(ref), cJSON_IsNull(scored));
    if (cJSON_IsNumber(scored))
      CU_ASSERT_EQUAL(number(v, "reference_speedup"), number(v, "scored_speedup"));
    // Karp-Flatt of the scored speedup at the cores, in [0, 1]; null with it.
    cJSON *serial = cJSON_GetObjectItem(v, "serial_fraction");
    CU_ASSERT_PTR_NOT_NULL(serial);
    CU_ASSERT(cJSON_IsNull(serial) || (number(v, "serial_fraction") >= 0 &&
                                       number(v, "serial_fraction") <= 1));
    if (cJSON_IsNumber(scored) && number(report, "cores") >= 2)
      CU_ASSERT(cJSON_IsNumber(serial));
    if (!is_true(v, "correct"))
      fprintf(stderr, "\n  %s: %s\n", names[i],
              cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "feedback"),
                                                      0)));
  }
  cJSON_Delete(report);
}

// Copies the solution `name` into the submission, replacing `find` with `put` (when
// find is not NULL). Returns 1 when the replacement happened.
static int
submit(const char *name, const char *find, const char *put)
{
  char from[512], to[512];
  snprintf(from, sizeof from, "%s/solutions/01-pi/%s", SOURCE_DIR, name);
  snprintf(to, sizeof to, "%s/01-pi/%s", submission, name);
  FILE *f = fopen(from, "r");
  if (!f)
    return 0;
  static char source[1 << 16];
  size_t n = fread(source, 1, sizeof source - 1, f);
  fclose(f);
  source[n] = '\0';
  char *at = find ? strstr(source, find) : NULL;
  FILE *g = fopen(to, "w");
  if (!g)
    return 0;
  if (at) {
    fwrite(source, 1, (size_t)(at - source), g);
    fputs(put, g);
    fputs(at + strlen(find), g);
  } else {
    fputs(source, g);
  }
  fclose(g);
  return find == NULL || at != NULL;
}

static void
test_submission(void)
{
  char dir[600];
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(submission));
  snprintf(dir, sizeof dir, "%s/01-pi", submission);
  CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
  // The quarter circle of radius 0.9 instead of 1: fewer hits.
  CU_ASSERT_FATAL(submit("openmp.c", "<= 1.0", "<= 0.9"));
  // A statement with no expression: a compile error.
  CU_ASSERT_FATAL(submit("mpi.c", "int\nmain(", "int broken = ;\n\nint\nmain("));
  CU_ASSERT_FATAL(submit("embarrassing.c", NULL, NULL));

  const char *args[] = {"--submission", submission, "--exercise", "01-pi", "--size",
                        SIZE, "--runs", "1", "--format", "json", NULL};
  cJSON *report = grade(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);

  cJSON *omp = version(report, "openmp");
  CU_ASSERT_PTR_NOT_NULL_FATAL(omp);
  CU_ASSERT_STRING_EQUAL(text(omp, "build"), "ok");
  CU_ASSERT_FALSE(is_true(omp, "correct"));
  CU_ASSERT_EQUAL(number(omp, "score"), 0);
  // "wrong answer with 1, 2 and 3 workers: hits: expected N, got M (tolerance: exact)"
  CU_ASSERT(feedback_has(omp, "wrong answer with 1", "hits: expected ", ", got "));
  CU_ASSERT(feedback_has(omp, "wrong answer with 1", "hits: ", "(tolerance: exact)"));

  cJSON *mpi = version(report, "mpi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mpi);
  CU_ASSERT_STRING_EQUAL(text(mpi, "build"), "failed");
  CU_ASSERT_EQUAL(number(mpi, "score"), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(text(mpi, "build_errors"), "error:"));
  CU_ASSERT(feedback_has(mpi, "mpi.c does not compile", "error:", "broken"));

  cJSON *emb = version(report, "embarrassing");
  CU_ASSERT_PTR_NOT_NULL_FATAL(emb);
  CU_ASSERT_STRING_EQUAL(text(emb, "build"), "ok");
  CU_ASSERT(is_true(emb, "correct"));
  CU_ASSERT(number(emb, "score") >= number(emb, "correct_points"));
  CU_ASSERT(number(emb, "correct_points") > 0);
  // The reference solution was built from the project and timed beside it.
  CU_ASSERT(cJSON_IsNumber(cJSON_GetObjectItem(emb, "reference_speedup")));
  cJSON_Delete(report);

  CU_ASSERT_EQUAL(program_remove_dir(submission), 0);
}

// --quick: the quick size, every count checked, nothing timed, correctness points only.
static void
test_quick(void)
{
  const char *args[] = {"--solutions", "--exercise", "01-pi", "--quick", "--format",
                        "json", NULL};
  cJSON *report = grade(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "exercises"), 0);
  CU_ASSERT(is_true(pi, "quick"));
  CU_ASSERT_EQUAL(number(pi, "runs"), 0);
  CU_ASSERT_EQUAL(number(pi, "size"), 5000003);  // [sizes] quick of 01-pi
  CU_ASSERT_EQUAL(number(report, "max_score"), 12);
  CU_ASSERT_EQUAL(number(report, "score"), 12);
  cJSON *v = version(report, "openmp"), *run;
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(v, "speedup")));
  cJSON_ArrayForEach(run, cJSON_GetObjectItem(v, "runs")) {
    CU_ASSERT(is_true(run, "correct"));
    CU_ASSERT_EQUAL(number(run, "samples"), 0);
  }
  cJSON_Delete(report);
}

static void
test_bad_options(void)
{
  char *out;
  const char *runs[] = {"--runs", "0", NULL};
  CU_ASSERT_EQUAL(pargrade(runs, &out), 2);
  free(out);
  const char *exercise[] = {"--exercise", "99-nothing", NULL};
  CU_ASSERT_EQUAL(pargrade(exercise, &out), 2);
  free(out);
  // The next option is not the value of one that needs a value.
  char *err = NULL;
  const char *no_value[] = {"--exercise", "--quick", NULL};
  CU_ASSERT_EQUAL(pargrade_with_stderr(no_value, &out, &err), 2);
  CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "pargrade: error: --exercise needs a value: "
                                            "an exercise name such as 01-pi\n"));
  free(out);
  free(err);
  const char *help[] = {"--help", NULL};
  CU_ASSERT_EQUAL(pargrade(help, &out), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: pargrade"));
  free(out);
}

// A submission without a single exercise file (a wrong folder, most likely): the report
// as usual, one line on stderr saying so, and exit status 1 (nothing could be graded).
static void
test_empty_submission(void)
{
  char empty[] = "/tmp/test-pargrade-empty-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(empty));
  const char *args[] = {"--submission", empty, "--exercise", "01-pi", "--quick",
                        "--format", "json", NULL};
  char *out, *err = NULL;
  CU_ASSERT_EQUAL(pargrade_with_stderr(args, &out, &err), 1);
  cJSON *report = cJSON_Parse(out);
  CU_ASSERT_PTR_NOT_NULL(report);
  cJSON *v = report ? version(report, "openmp") : NULL;
  CU_ASSERT_PTR_NOT_NULL(v);
  if (v)
    CU_ASSERT_STRING_EQUAL(text(v, "build"), "not submitted");
  cJSON_Delete(report);
  char line[1024];
  snprintf(line, sizeof line, "pargrade: error: --submission %s: no exercise files "
           "found (expected e.g. %s/01-pi/openmp.c)\n", empty, empty);
  CU_ASSERT_PTR_NOT_NULL_FATAL(err);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, line));
  if (!strstr(err, line))
    fprintf(stderr, "\n  stderr: %.600s\n", err);
  free(out);
  free(err);
  CU_ASSERT_EQUAL(rmdir(empty), 0);
}

static void
register_pargrade(void)
{
  CU_pSuite s = CU_add_suite("pargrade end to end", NULL, NULL);
  CU_add_test(s, "bad options", test_bad_options);
  CU_add_test(s, "the reference solutions are correct", test_solutions);
  CU_add_test(s, "--quick: correctness only", test_quick);
  CU_add_test(s, "a submission: wrong answer, compile error, untouched copy",
              test_submission);
  CU_add_test(s, "an empty submission: nothing graded, exit status 1",
              test_empty_submission);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_pargrade};
  return runner_main(registers, 1);
}
