// Tests of launch.c: the command lines and environments that start each version.
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/run.h"
#include "score/score.h"

// The arguments joined by spaces.
static void
join(char *const *argv, char *out, size_t len)
{
  out[0] = '\0';
  for (int i = 0; argv[i]; i++) {
    size_t n = strlen(out);
    snprintf(out + n, len - n, "%s%s", i ? " " : "", argv[i]);
  }
}

static void
test_serial_and_embarrassing(void)
{
  struct launch l;
  char line[1024];
  launch_prepare(&l, "serial", "/s/pi-serial", 1, 1000, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "/s/pi-serial --size 1000 --seed 7 --output /s/r");
  CU_ASSERT_PTR_NULL(l.env[0]);
  launch_prepare(&l, "embarrassing", "/s/pi-embarrassing", 3, 1000, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "/s/pi-embarrassing --size 1000 --seed 7 --workers 3 "
                               "--output /s/r");
}

static void
test_openmp(void)
{
  struct launch l;
  launch_prepare(&l, "openmp", "/s/pi-openmp", 2, 1000, 7, "/s/r", NULL);
  CU_ASSERT_STRING_EQUAL(l.env[0], "OMP_NUM_THREADS=2");
  CU_ASSERT_PTR_NULL(l.env[1]);
}

static void
test_mpi(void)
{
  struct launch l;
  char line[1024];
  launch_prepare(&l, "mpi", "/s/pi-mpi", 3, 1000, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  // The launcher first, the program with --workers equal to the ranks last.
  CU_ASSERT_PTR_NOT_NULL(strstr(line, " 3 /s/pi-mpi --size 1000 --seed 7 --workers 3 "
                                      "--output /s/r"));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "--oversubscribe"));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "plm_rsh_agent"));
  CU_ASSERT_STRING_EQUAL(l.env[0], "OMPI_ALLOW_RUN_AS_ROOT=1");
  CU_ASSERT_STRING_EQUAL(l.env[1], "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
  launch_prepare(&l, "mpi-empty", "/g/empty", 2, 1000, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  size_t n = strlen(line);
  CU_ASSERT(n > 9 && strcmp(line + n - 9, " /g/empty") == 0);  // no arguments
}

// Hybrid: W workers are 2 threads a rank when W is even, else W ranks of 1 thread;
// OMP_NUM_THREADS goes to every rank (-x), --workers is W.
static void
test_hybrid(void)
{
  static const int workers[] = {1, 2, 3, 4, 16}, ranks[] = {1, 1, 3, 2, 8},
                   threads[] = {1, 2, 1, 2, 2};
  for (int i = 0; i < 5; i++) {
    int r, t;
    launch_layout("hybrid", workers[i], &r, &t);
    CU_ASSERT_EQUAL(r, ranks[i]);
    CU_ASSERT_EQUAL(t, threads[i]);
  }
  int r, t;
  launch_layout("mpi", 4, &r, &t);
  CU_ASSERT_EQUAL(r, 4);
  launch_layout("openmp", 4, &r, &t);
  CU_ASSERT_EQUAL(t, 4);
  CU_ASSERT_TRUE(launch_uses_mpi("hybrid"));
  CU_ASSERT_FALSE(launch_uses_mpi("openmp"));

  struct launch l;
  char line[1024];
  launch_prepare(&l, "hybrid", "/s/turbine-hybrid", 4, 64, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "-x OMP_NUM_THREADS"));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, " 2 /s/turbine-hybrid --size 64 --seed 7 "
                                      "--workers 4 --output /s/r"));
  // Above the cores (a checked count), threads and ranks wait asleep.
  int threads_set = 0, passive = 0;
  for (int i = 0; l.env[i]; i++) {
    threads_set |= strcmp(l.env[i], "OMP_NUM_THREADS=2") == 0;
    passive |= strcmp(l.env[i], "OMP_WAIT_POLICY=passive") == 0;
  }
  CU_ASSERT_TRUE(threads_set);
  CU_ASSERT_EQUAL(passive, 4 > timing_cores());
  CU_ASSERT_EQUAL(strstr(line, "mpi_yield_when_idle 1") != NULL, 4 > timing_cores());
  launch_describe("hybrid", "turbine", 3, 64, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, geteuid() == 0
                         ? "OMP_NUM_THREADS=1 mpirun --oversubscribe --allow-run-as-root "
                           "-np 3 build/bin/turbine-hybrid --size 64 --seed 7 --workers 3"
                         : "OMP_NUM_THREADS=1 mpirun --oversubscribe -np 3 "
                           "build/bin/turbine-hybrid --size 64 --seed 7 --workers 3");
}

// With a host file: mpirun deals the ranks out by host through pargrade-agent, and
// the agent it stands in for goes to it in PARGRADE_AGENT; no /bin/false agent.
static void
test_across_hosts(void)
{
  char err[256], dir[] = "/tmp/test-launch-XXXXXX", hostfile[64], line[2048];
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  snprintf(hostfile, sizeof hostfile, "%s/hosts", dir);
  CU_ASSERT_EQUAL(launch_across_hosts(hostfile, err, sizeof err), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file or directory"));
  FILE *f = fopen(hostfile, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("  # nothing yet\n\n", f);
  fclose(f);
  CU_ASSERT_EQUAL(launch_across_hosts(hostfile, err, sizeof err), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "no host in it"));
  CU_ASSERT_FALSE(launch_hosts());
  f = fopen(hostfile, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("node1 slots=2\nnode2 slots=2\n", f);
  fclose(f);
  setenv("OMPI_MCA_plm_rsh_agent", "ssh -o BatchMode=yes", 1);
  CU_ASSERT_EQUAL(launch_across_hosts(hostfile, err, sizeof err), 0);
  unsetenv("OMPI_MCA_plm_rsh_agent");
  CU_ASSERT_TRUE(launch_hosts());
  struct launch l;
  launch_prepare(&l, "mpi", "/s/pi-mpi", 3, 1000, 7, "/s/r", NULL);
  join(l.argv, line, sizeof line);
  char want[256];
  snprintf(want, sizeof want, "--hostfile %s --map-by node --mca plm_rsh_agent ", hostfile);
  CU_ASSERT_PTR_NOT_NULL(strstr(line, want));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "pargrade-agent --mca plm_rsh_no_tree_spawn 1"));
  CU_ASSERT_PTR_NULL(strstr(line, "plm_rsh_agent false"));
  CU_ASSERT_EQUAL(strstr(line, "--nolocal") != NULL, sandbox_uid() >= 0);
  CU_ASSERT_STRING_EQUAL(l.env[0], "PARGRADE_AGENT=ssh -o BatchMode=yes");
  launch_describe("mpi", "pi", 2, 1000, 7, 0, line, sizeof line);
  snprintf(want, sizeof want, "--map-by node --hostfile %s -np 2 build/bin/pi-mpi", hostfile);
  CU_ASSERT_PTR_NOT_NULL(strstr(line, want));
  CU_ASSERT_EQUAL(launch_across_hosts(NULL, err, sizeof err), 0);
  CU_ASSERT_FALSE(launch_hosts());
  unlink(hostfile);
  rmdir(dir);
}

static void
test_describe(void)
{
  char line[512];
  // Pasted at the project's root: the binaries are in build/bin/.
  launch_describe("openmp", "pi", 2, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "OMP_NUM_THREADS=2 build/bin/pi-openmp --size 1000 "
                               "--seed 7 --workers 2");
  launch_describe("embarrassing", "pi", 3, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "build/bin/pi-embarrassing --size 1000 --seed 7 "
                               "--workers 3");
  launch_describe("serial", "pi", 1, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "build/bin/pi-serial --size 1000 --seed 7");
  // Open MPI: more ranks than cores need --oversubscribe; as root, mpirun refuses to
  // start without --allow-run-as-root.
  launch_describe("mpi", "pi", 3, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, geteuid() == 0
                         ? "mpirun --oversubscribe --allow-run-as-root -np 3 "
                           "build/bin/pi-mpi --size 1000 --seed 7 --workers 3"
                         : "mpirun --oversubscribe -np 3 build/bin/pi-mpi --size 1000 "
                           "--seed 7 --workers 3");
  // An exercise with a generator: its input first, in a fresh directory each time.
  launch_describe("openmp", "images", 2, 40, 7, 1, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "input=$(mktemp -d)/input && build/bin/images-generate "
                               "--size 40 --seed 7 --output \"$input\" && "
                               "OMP_NUM_THREADS=2 build/bin/images-openmp --size 40 "
                               "--seed 7 --workers 2 \"$input\"");
  // The largest numbers still fit the feedback's line.
  launch_describe("mpi", "genomics", 24, 1000000000000L, UINT64_MAX, 1, line,
                  GRADER_MSG);
  size_t n = strlen(line), tail = strlen(" \"$input\"");
  CU_ASSERT(n > tail && strcmp(line + n - tail, " \"$input\"") == 0);
}

// The feedback of a hang ends with the command to reproduce it; under --quick the
// serial run is not timed, and the feedback does not say "takes nan s".
static void
test_describe_in_feedback(void)
{
  static struct exercise_result e;
  for (int quick = 0; quick <= 1; quick++) {
    memset(&e, 0, sizeof e);
    snprintf(e.spec.program, sizeof e.spec.program, "pi");
    e.size = 1000;
    e.seed = 7;
    e.cores = 2;
    e.ncounts = 1;
    e.counts[0] = 1;
    e.quick = quick;
    e.serial_seconds = quick ? NAN : 1.5;
    struct version_result *v = &e.versions[0];
    snprintf(v->version, sizeof v->version, "openmp");
    v->nconfigs = 1;
    v->configs[0].workers = 1;
    v->configs[0].verdict = VERDICT_TIMEOUT;
    snprintf(v->configs[0].message, GRADER_MSG, "no progress with 1 worker: still "
             "running after 20 s");
    feedback_version(&e, v);
    CU_ASSERT_FATAL(v->nfeedback > 0);
    const char *f = v->feedback[0];
    CU_ASSERT_PTR_NOT_NULL(strstr(f, "To reproduce: OMP_NUM_THREADS=1 "
                                     "build/bin/pi-openmp --size 1000 --seed 7 "
                                     "--workers 1"));
    CU_ASSERT_PTR_NULL(strstr(f, "nan"));
    if (quick) {
      CU_ASSERT_PTR_NULL(strstr(f, "serial run"));
      CU_ASSERT_PTR_NOT_NULL(strstr(f, "still running after 20 s. Look for"));
    } else {
      CU_ASSERT_PTR_NOT_NULL(strstr(f, "still running after 20 s. The serial run takes "
                                       "1.50 s. Look for"));
    }
  }
}

void
register_launch(void)
{
  CU_pSuite s = CU_add_suite("launch (command lines)", NULL, NULL);
  CU_add_test(s, "serial and embarrassing", test_serial_and_embarrassing);
  CU_add_test(s, "openmp", test_openmp);
  CU_add_test(s, "mpi and the empty MPI program", test_mpi);
  CU_add_test(s, "what a student types to reproduce", test_describe);
  CU_add_test(s, "the reproduce line in the feedback", test_describe_in_feedback);
  CU_add_test(s, "hybrid: ranks x threads", test_hybrid);
  CU_add_test(s, "across the hosts of a host file", test_across_hosts);
}
