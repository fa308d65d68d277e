// Tests of the slides' demo programs: each one runs and prints what the slides say.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "runner.h"

static char dir[] = "/tmp/test-slides-demos-XXXXXX";

// Runs a shell command and returns its stdout (free it), or NULL when it fails.
static char *
capture(const char *command)
{
  char line[4096];
  snprintf(line, sizeof line, "%s 2>/dev/null", command);
  FILE *p = popen(line, "r");
  if (!p)
    return NULL;
  size_t len = 0;
  char *out = calloc(1, 65536);
  while (out && len < 65535 && fgets(out + len, (int)(65536 - len), p))
    len += strlen(out + len);
  int status = pclose(p);
  if (status != 0) {
    fprintf(stderr, "\n  failed (%d): %s\n", status, command);
    free(out);
    return NULL;
  }
  return out;
}

// The value after `name ` in a result file's text, or -1.
static long long
field(const char *text, const char *name)
{
  char key[64];
  snprintf(key, sizeof key, "\n%s ", name);
  const char *at = text ? strstr(text, key) : NULL;
  return at ? atoll(at + strlen(key)) : -1;
}

static void
test_race(void)
{
  char *out = capture("OMP_NUM_THREADS=2 " DEMO_DIR "/race 3000000");
  CU_ASSERT_FATAL(out != NULL);  // exits 0 only when atomic and reduction are right
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "atomic     1000000\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "reduction  1000000\n"));
  free(out);
}

static void
test_linecount(void)
{
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "printf 'a\\nb\\n' > %s/two && printf 'x\\n' > %s/one && "
           DEMO_DIR "/linecount 2 %s/two %s/one", dir, dir, dir, dir);
  char *out = capture(cmd);
  CU_ASSERT_FATAL(out != NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "       2 "));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "       3 total"));
  free(out);
  snprintf(cmd, sizeof cmd, DEMO_DIR "/linecount 2 %s/no-such-file", dir);
  CU_ASSERT_NOT_EQUAL(program_run(cmd, NULL, 0), 0);  // a failed task is reported
}

static void
test_sendrecv(void)
{
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "%s 3 " DEMO_DIR "/sendrecv", program_mpirun());
  char *out = capture(cmd);
  CU_ASSERT_FATAL(out != NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "sum of 0..999999 = 499999500000 from 3 ranks"));
  free(out);
}

// The halo exchange makes any number of ranks compute what one rank computes.
static void
test_halo(void)
{
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "%s 1 " DEMO_DIR "/halo", program_mpirun());
  char *one = capture(cmd);
  snprintf(cmd, sizeof cmd, "%s 3 " DEMO_DIR "/halo", program_mpirun());
  char *three = capture(cmd);
  CU_ASSERT_FATAL(one != NULL && three != NULL);
  CU_ASSERT_STRING_EQUAL(strstr(one, "heat"), strstr(three, "heat"));
  CU_ASSERT_PTR_NOT_NULL(strstr(one, "heat 1000.000000"));  // the ends are far away
  free(one);
  free(three);
}

static void
test_amdahl(void)
{
  char *out = capture(DEMO_DIR "/amdahl 0.95");
  CU_ASSERT_FATAL(out != NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "at most 20.0 times faster"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "      8     5.93        0.74"));  // the worked example
  free(out);
}

// shares.sh's & and xargs runs give the same counts as one direct run.
static void
test_shares(void)
{
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "sh " SOURCE_DIR "/slides/demos/shares.sh " BIN_DIR " %s && "
           "cat %s/amp.txt", dir, dir);
  char *amp = capture(cmd);
  snprintf(cmd, sizeof cmd, "cat %s/xargs.txt", dir);
  char *xargs = capture(cmd);
  char *direct = capture(BIN_DIR "/pi-embarrassing --size 4000000 --seed 7 --workers 2");
  CU_ASSERT_FATAL(amp && xargs && direct);
  CU_ASSERT(field(direct, "hits") > 0);
  CU_ASSERT_EQUAL(field(amp, "hits"), field(direct, "hits"));
  CU_ASSERT_EQUAL(field(xargs, "hits"), field(direct, "hits"));
  CU_ASSERT_EQUAL(field(xargs, "darts"), 4000000);
  free(amp);
  free(xargs);
  free(direct);
}

// pi-array.sh run as Slurm would run a 4-task array, then combined.
static void
test_job_array(void)
{
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd %s && rm -f part*.txt && for i in 0 1 2 3; do "
           "SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=4 SIZE=3000000 "
           "PI=" BIN_DIR "/pi-embarrassing sh " SOURCE_DIR "/slides/demos/pi-array.sh "
           "|| exit 1; done && " BIN_DIR "/pi-embarrassing --combine part*.txt", dir);
  char *combined = capture(cmd);
  char *direct = capture(BIN_DIR "/pi-embarrassing --size 3000000 --seed 7 --workers 1");
  CU_ASSERT_FATAL(combined && direct);
  CU_ASSERT_EQUAL(field(combined, "hits"), field(direct, "hits"));
  CU_ASSERT_EQUAL(field(combined, "darts"), 3000000);
  free(combined);
  free(direct);
}

static int
setup(void)
{
  return mkdtemp(dir) ? 0 : -1;
}

static int
cleanup(void)
{
  return program_remove_dir(dir);
}

static void
register_demos(void)
{
  CU_pSuite s = CU_add_suite("slides demos", setup, cleanup);
  CU_add_test(s, "race: atomic and reduction count right", test_race);
  CU_add_test(s, "linecount: the pool, one task per file", test_linecount);
  CU_add_test(s, "sendrecv: point to point sums at 3 ranks", test_sendrecv);
  CU_add_test(s, "halo: 3 ranks compute what 1 does", test_halo);
  CU_add_test(s, "amdahl: the worked example", test_amdahl);
  CU_add_test(s, "shares.sh: & and xargs -P match one run", test_shares);
  CU_add_test(s, "pi-array.sh: a job array's tasks match one run", test_job_array);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_demos};
  return runner_main(registers, 1);
}
