// End to end: pargrade --class --slurm on a real single-node Slurm cluster that the
// suite starts (tests/support/slurm_cluster.c) and stops. The class, 01-pi with
// --quick: alice submits the reference solutions, bob's mpi.c does not compile,
// carol's openmp.c never ends, and dave's task cannot write his report, so the task
// fails. Each student is one task of one job array; a rerun grades only dave again.
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "class_fixture.h"
#include "program.h"
#include "runner.h"
#include "slurm_cluster.h"

static struct slurm_cluster cluster;

static int
setup(void)
{
  char why[512];
  if (class_make_top() != 0)
    return 1;
  if (slurm_cluster_start(&cluster, why, sizeof why) != 0) {
    fprintf(stderr, "\ngrader-class-slurm: %s\n", why);
    return 1;
  }
  return 0;
}

static int
teardown(void)
{
  int failed = slurm_cluster_stop(&cluster) != 0;
  return program_remove_dir(class_top) != 0 || failed;
}

// The verdicts of one version's runs, as "verdict,verdict,...".
static void
verdicts(cJSON *report, const char *version, char *out, size_t len)
{
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "exercises"), 0), *v, *run;
  out[0] = '\0';
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(pi, "versions")) {
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "version")), version) != 0)
      continue;
    cJSON_ArrayForEach(run, cJSON_GetObjectItem(v, "runs")) {
      const char *verdict = cJSON_GetStringValue(cJSON_GetObjectItem(run, "verdict"));
      size_t used = strlen(out);
      snprintf(out + used, len - used, "%s%s", used ? "," : "", verdict ? verdict : "?");
    }
  }
}

static void
test_class_on_slurm(void)
{
  char dir[800], class_dir[600], path[900];
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "alice", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "embarrassing.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", ""), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "bob", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "mpi.c", "\nint broken = ;\n"), 0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "carol", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", "\n__attribute__((constructor)) static "
                               "void stuck(void) { for (volatile int i = 1; i;) ; }\n"),
                  0);
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("class", "dave", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  snprintf(class_dir, sizeof class_dir, "%s/class", class_top);
  // dave's report cannot be written: a folder holds its place, so his task fails.
  snprintf(path, sizeof path, "%s/class-reports", class_top);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/class-reports/dave.json.part", class_top);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);

  setenv("PARGRADE_TIMEOUT_FLOOR", "2", 1);  // carol's hang is stopped after 2 s
  const char *args[] = {PARGRADE, "--class", class_dir, "--slurm", "--exercise", "01-pi",
                        "--quick", "--seed", "11", "--slurm-time", "10", NULL};
  char *out, *err;
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "4 of 4 students to grade: one Slurm job array of 4 "
                                "tasks"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "alice         12.0/12"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "bob            4.0/12"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "carol          0.0/12"));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "dave: failed: its Slurm task ended without a report: "
                                "it failed or ran past --slurm-time (Slurm's words: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "class-reports/slurm/task-3.out)"));
  if (!strstr(out, "alice         12.0/12"))
    fprintf(stderr, "\n%s\n%s\n", out, err);
  free(out);
  free(err);

  // The tasks graded as the local class mode does: bob's build failed, carol's runs
  // were stopped, and the array's script is there to read.
  char seen[256];
  cJSON *bob = class_report_of("bob"), *carol = class_report_of("carol");
  cJSON *pi = cJSON_GetArrayItem(cJSON_GetObjectItem(bob, "exercises"), 0), *v;
  int failed = 0;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(pi, "versions"))
    failed += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "build")), "failed") == 0;
  CU_ASSERT_EQUAL(failed, 1);
  verdicts(carol, "openmp", seen, sizeof seen);
  CU_ASSERT_PTR_NOT_NULL(strstr(seen, "timed out"));
  cJSON_Delete(bob);
  cJSON_Delete(carol);
  snprintf(path, sizeof path, "%s/class-reports/slurm/grade.sh", class_top);
  char *script = class_slurp(path);
  CU_ASSERT_PTR_NOT_NULL(script);
  CU_ASSERT(script && class_count(script, ") exec '") == 4);
  free(script);

  // A rerun: only dave, whose task failed, is graded again (and now can be).
  snprintf(path, sizeof path, "%s/class-reports/dave.json.part", class_top);
  CU_ASSERT_EQUAL(rmdir(path), 0);
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 of 4 students to grade: one Slurm job array of 1 "
                                "tasks"));
  CU_ASSERT_EQUAL(class_count(err, "unchanged since the last run"), 3);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "dave           4.0/12"));
  free(out);
  free(err);

  // Nothing to grade: no job at all.
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 0);
  CU_ASSERT_PTR_NULL(strstr(err, "Slurm job array"));
  CU_ASSERT_EQUAL(class_count(err, "unchanged since the last run"), 4);
  free(out);
  free(err);
}

// A partition the cluster does not have: one line from sbatch, exit status 1.
static void
test_bad_partition(void)
{
  char class_dir[600], dir[800];
  CU_ASSERT_EQUAL_FATAL(class_mkdirs("other", "erin", "01-pi", dir, sizeof dir), 0);
  CU_ASSERT_EQUAL(class_submit(dir, "openmp.c", ""), 0);
  snprintf(class_dir, sizeof class_dir, "%s/other", class_top);
  const char *args[] = {PARGRADE, "--class", class_dir, "--slurm", "--quick",
                        "--exercise", "01-pi", "--slurm-partition", "nosuch", NULL};
  char *out, *err;
  CU_ASSERT_EQUAL(class_run(args, &out, &err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "pargrade: error: --slurm: sbatch did not submit the "
                                "job array: sbatch: error: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "nosuch"));
  free(out);
  free(err);
}

static void
register_class_slurm(void)
{
  CU_pSuite s = CU_add_suite("pargrade --class --slurm", setup, teardown);
  CU_add_test(s, "a class of four as one job array, resumed", test_class_on_slurm);
  CU_add_test(s, "a partition that does not exist", test_bad_partition);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_class_slurm};
  return runner_main(registers, 1);
}
