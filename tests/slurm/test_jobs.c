// The job scripts in jobs/, submitted with sbatch as a student submits them, on a real
// single-node Slurm cluster: every version of every exercise gives the serial result.
#include <CUnit/CUnit.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "runner.h"
#include "slurm_cluster.h"

// The seed of every job (the scripts take SIZE and SEED from the environment).
#define SEED 7ULL
// A bound on one submission: a job stuck in the queue fails its test instead of
// hanging the suite. Not a measure of speed.
#define SUBMIT_LIMIT_SECONDS 300
// Shares in embarrassing.sbatch's job array when submitted as it is (--array=0-3).
#define SHARES 4

struct exercise {
  const char *name;     // its folder's name, which the scripts take
  const char *program;  // its programs' prefix
  long size;            // its [sizes] test
};
static struct exercise exercises[] = {
  {"01-pi", "pi", 0},         {"02-images", "images", 0},   {"03-coral", "coral", 0},
  {"04-genomics", "genomics", 0}, {"05-turbine", "turbine", 0},
};
#define EXERCISES (sizeof exercises / sizeof exercises[0])
static const char *const versions[] = {"serial", "openmp", "mpi", "embarrassing"};

static struct slurm_cluster cluster;
static char work[160];                  // a student's top folder: jobs/ and build/bin
static const struct exercise *current;  // the exercise of the suite that runs

static int open_exercise(size_t i);

// Reads each exercise's [sizes] test as the exercise suites do.
static int
read_sizes(void)
{
  for (size_t i = 0; i < EXERCISES; i++) {
    if (open_exercise(i) != 0)
      return -1;
    exercises[i].size = exercise_spec.size_test;
    exercise_close();
  }
  return 0;
}

// The shell line that submits one version as the scripts' comments tell a student to,
// in the background; its output goes to PROGRAM-VERSION.submit, its status to .status.
static void
write_submission(FILE *f, const struct exercise *e, const char *version)
{
  if (strcmp(version, "embarrassing") == 0)
    fprintf(f,
            "( export SIZE=%ld SEED=%llu; {"
            " jid=$(sbatch --parsable jobs/embarrassing.sbatch %s) && echo \"array $jid\" &&"
            " timeout %d sbatch --wait --dependency=afterok:$jid jobs/combine.sbatch %s $jid;"
            " } > %s-%s.submit 2>&1; echo $? > %s-%s.status ) &\n",
            e->size, SEED, e->name, SUBMIT_LIMIT_SECONDS, e->name, e->program, version,
            e->program, version);
  else
    fprintf(f,
            "( SIZE=%ld SEED=%llu timeout %d sbatch --wait jobs/%s.sbatch %s"
            " > %s-%s.submit 2>&1; echo $? > %s-%s.status ) &\n",
            e->size, SEED, SUBMIT_LIMIT_SECONDS, version, e->name, e->program, version,
            e->program, version);
}

// Lays out the top folder of a student who has done the exercises, in the cluster's
// scratch folder: a copy of jobs/, and a build/bin of the serial programs and generators
// as built and the reference solutions as the versions (a skeleton is the serial
// program in disguise, and 04-genomics' skeleton shares lose the k-mers at their cuts,
// the pitfall that exercise teaches). Then submits every version of every exercise at
// once and waits for them all: the cluster runs them side by side on its CPUs.
static int
submit_all(void)
{
  char command[2048], err[512] = "", script[200];
  snprintf(work, sizeof work, "%s/work", cluster.dir);
  snprintf(command, sizeof command,
           "mkdir -p %s/jobs %s/build/bin && cp %s/jobs/*.sbatch %s/jobs/exercise.sh %s/jobs/"
           " && ln -s %s/*-serial %s/*-generate %s/solutions/* %s/build/bin/",
           work, work, PROJECT_DIR, PROJECT_DIR, work, BIN_DIR, BIN_DIR, BIN_DIR, work);
  if (program_run(command, err, sizeof err) != 0) {
    fprintf(stderr, "slurm: cannot lay out %s: %s\n", work, err);
    return -1;
  }
  snprintf(script, sizeof script, "%s/submit.sh", work);
  FILE *f = fopen(script, "w");
  if (!f) {
    fprintf(stderr, "slurm: cannot write %s\n", script);
    return -1;
  }
  for (size_t i = 0; i < EXERCISES; i++)
    for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++)
      write_submission(f, &exercises[i], versions[v]);
  write_submission(f, &exercises[4], "hybrid");  // 05-turbine's fourth version
  fprintf(f,
          "( timeout %d sbatch --wait --ntasks=2 --output=mpi-world.out"
          " --wrap 'srun --mpi=pmix %s' > mpi-world.submit 2>&1;"
          " echo $? > mpi-world.status ) &\n",
          SUBMIT_LIMIT_SECONDS, MPI_WORLD);
  fprintf(f, "wait\n");
  fclose(f);
  snprintf(command, sizeof command, "cd %s && sh submit.sh", work);
  if (program_run(command, err, sizeof err) != 0) {
    fprintf(stderr, "slurm: %s failed: %s\n", script, err);
    return -1;
  }
  return 0;
}

// What a failed submission said, and the last lines of its jobs' logs (slurm-ID.out,
// slurm-ID_TASK.out in the top folder), so that a failure shows its reason.
static void
show_failure(const char *base)
{
  char path[300], line[512];
  snprintf(path, sizeof path, "%s.submit", base);
  FILE *f = fopen(path, "r");
  while (f && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    printf("\n    %s\n", line);
    const char *id = strrchr(line, ' ');
    id = id ? id + 1 : line;
    if (id[0] == '\0' || strspn(id, "0123456789") != strlen(id))
      continue;
    char command[700];
    snprintf(command, sizeof command,
             "cd %s && found=0; for log in slurm-%s.out slurm-%s_*.out; do"
             " [ -f \"$log\" ] || continue; found=1; echo \"    $log:\";"
             " tail -n 5 \"$log\" | sed 's/^/      /'; done;"
             " [ $found = 1 ] || echo \"    (no log of job %s)\"",
             work, id, id, id);
    fflush(stdout);
    if (system(command) != 0)
      printf("    (cannot read the logs of job %s)\n", id);
  }
  if (f)
    fclose(f);
}

// The submission of `version` of the current exercise ended well, and its result
// matches the serial program's in every field the grader checks.
static void
check_job(const char *version)
{
  const struct exercise *e = current;
  char base[256], path[300], err[512] = "", msg[512] = "";
  snprintf(base, sizeof base, "%s/%s-%s", work, e->program, version);
  snprintf(path, sizeof path, "%s.status", base);
  int status = -1;
  FILE *f = fopen(path, "r");
  if (f && fscanf(f, "%d", &status) != 1)
    status = -1;
  if (f)
    fclose(f);
  if (status != 0) {
    printf("\n  jobs/%s.sbatch %s: exit status %d%s:", version, e->name, status,
           status == 124 ? " (it did not end in time)" : "");
    show_failure(base);
  }
  CU_ASSERT_EQUAL_FATAL(status, 0);

  struct result got = {0}, expected = {0};
  snprintf(path, sizeof path, "%s/jobs/output/%s-%s.txt", work, e->program, version);
  int loaded = result_load(path, &got, err, sizeof err) == 0;
  if (!loaded)
    printf("\n  jobs/%s.sbatch %s: %s", version, e->name, err);
  CU_ASSERT_TRUE_FATAL(loaded);
  exercise_serial_result(SEED, e->size, "", &expected);
  int match = exercise_matches_serial(&expected, &got, msg, sizeof msg);
  if (!match)
    printf("\n  jobs/%s.sbatch %s: %s", version, e->name, msg);
  CU_ASSERT_TRUE(match);
  result_free(&got);
  result_free(&expected);
}

static void test_serial(void) { check_job("serial"); }
static void test_openmp(void) { check_job("openmp"); }
static void test_mpi(void) { check_job("mpi"); }
static void test_hybrid(void) { check_job("hybrid"); }

// The array ran one task per share, each writing its own share, and the combine job,
// which waited for them all, joined them into the serial result.
static void
test_embarrassing(void)
{
  check_job("embarrassing");
  char pattern[300];
  glob_t shares = {0};
  snprintf(pattern, sizeof pattern, "%s/jobs/output/%s-shares-*/share*.txt", work,
           current->program);
  int found = glob(pattern, 0, NULL, &shares) == 0 ? (int)shares.gl_pathc : 0;
  if (found != SHARES)
    printf("\n  %s: %d share files, want %d", pattern, found, SHARES);
  CU_ASSERT_EQUAL(found, SHARES);
  globfree(&shares);
}

// What mpi.sbatch relies on: srun --mpi=pmix starts 2 ranks that are one MPI world.
// (Ranks that each started alone would compute everything and still be right.)
static void
test_srun_pmix_world(void)
{
  char path[300];
  long len = 0;
  snprintf(path, sizeof path, "%s/mpi-world.out", work);
  unsigned char *out = program_read_file(path, &len);
  if (out)
    out[len] = '\0';
  int one_world = out && strcmp((char *)out, "ranks 2\n") == 0;
  if (!one_world) {
    printf("\n  srun --mpi=pmix -n 2 of %s printed '%s', want 'ranks 2':", MPI_WORLD,
           out ? (char *)out : "nothing");
    snprintf(path, sizeof path, "%s/mpi-world", work);
    show_failure(path);
  }
  CU_ASSERT_TRUE(one_world);
  free(out);
}

// Opens exercise i as its suite's setup: exercise.ini, and a scratch folder for the
// serial program's results.
static int
open_exercise(size_t i)
{
  char ini[512];
  current = &exercises[i];
  snprintf(ini, sizeof ini, "%s/exercises/%s/exercise.ini", PROJECT_DIR, current->name);
  return exercise_open(ini, BIN_DIR, current->program);
}

static int setup_pi(void) { return open_exercise(0); }
static int setup_images(void) { return open_exercise(1); }
static int setup_coral(void) { return open_exercise(2); }
static int setup_genomics(void) { return open_exercise(3); }
static int setup_turbine(void) { return open_exercise(4); }

static int
teardown_exercise(void)
{
  return exercise_close();
}

static void
register_jobs(void)
{
  CU_pSuite cluster_suite = CU_add_suite("the test cluster", NULL, NULL);
  CU_add_test(cluster_suite, "srun --mpi=pmix -n 2: one world of 2 ranks",
              test_srun_pmix_world);
  const CU_InitializeFunc setups[EXERCISES] = {setup_pi, setup_images, setup_coral,
                                               setup_genomics, setup_turbine};
  for (size_t i = 0; i < EXERCISES; i++) {
    char name[64];
    snprintf(name, sizeof name, "%s job scripts", exercises[i].name);
    CU_pSuite suite = CU_add_suite(name, setups[i], teardown_exercise);
    CU_add_test(suite, "serial.sbatch = serial", test_serial);
    CU_add_test(suite, "openmp.sbatch (2 CPUs) = serial", test_openmp);
    CU_add_test(suite, "mpi.sbatch (2 ranks, srun --mpi=pmix) = serial", test_mpi);
    CU_add_test(suite, "embarrassing.sbatch (array of 4) + combine.sbatch = serial",
                test_embarrassing);
    if (strcmp(exercises[i].name, "05-turbine") == 0)
      CU_add_test(suite, "hybrid.sbatch (1 rank x 2 CPUs, srun --mpi=pmix) = serial",
                  test_hybrid);
  }
}

int
main(void)
{
  if (read_sizes() != 0)
    return 1;
  char why[1024];
  if (slurm_cluster_start(&cluster, why, sizeof why) != 0) {
    fprintf(stderr, "slurm: %s\n", why);
    return 1;
  }
  const runner_register_fn registers[] = {register_jobs};
  int status = submit_all() == 0 ? runner_main(registers, 1) : 1;
  if (slurm_cluster_stop(&cluster) != 0) {
    fprintf(stderr, "slurm: could not remove the test cluster's folder\n");
    status = 1;
  }
  return status;
}
