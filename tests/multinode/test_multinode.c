// Every exercise's MPI reference solution with its ranks spread over three hosts
// (network namespaces, tests/support/hosts.h), checked against the serial program
// field by field as the grader checks it.
#include <CUnit/CUnit.h>
#include <stdio.h>

#include "exercise_run.h"
#include "multinode.h"
#include "result.h"

// A seed no other suite uses, so these inputs are drawn here.
#define SEED 20261207ULL

static const struct {
  const char *dir;      // under exercises/
  const char *program;  // PROGRAM of PROGRAM-serial, solutions/PROGRAM-mpi
} exercises[] = {
  {"01-pi", "pi"},         {"02-images", "images"},     {"03-coral", "coral"},
  {"04-genomics", "genomics"}, {"05-turbine", "turbine"},
};
#define NEXERCISES (sizeof exercises / sizeof exercises[0])

// The placements test_hosts.c checks from the ranks' side: 3 and 4 ranks by node put
// ranks on every host; 4 by slot, two ranks on each of two hosts.
static const struct {
  int ranks;
  const char *map_by;
} placements[] = {{2, "node"}, {3, "node"}, {4, "node"}, {4, "slot"}};

// The exercise whose suite runs now (CUnit runs the suites in the order added).
static size_t current;

static int
open_exercise(size_t e)
{
  char ini[512];
  current = e;
  snprintf(ini, sizeof ini, EXERCISES_DIR "/%s/exercise.ini", exercises[e].dir);
  return exercise_open(ini, BIN_DIR, exercises[e].program);
}

static int open_pi(void) { return open_exercise(0); }
static int open_images(void) { return open_exercise(1); }
static int open_coral(void) { return open_exercise(2); }
static int open_genomics(void) { return open_exercise(3); }
static int open_turbine(void) { return open_exercise(4); }
static int close_exercise(void) { return exercise_close(); }

// The solution at each placement, at the exercise's test size, equals serial.
static void
test_solution_across_hosts(void)
{
  const char *program = exercises[current].program;
  long size = exercise_spec.size_test;
  char input[600];
  struct result expected = {0};
  exercise_serial_result(SEED, size, "", &expected);
  exercise_input(SEED, size, input, sizeof input);
  for (size_t p = 0; p < sizeof placements / sizeof placements[0]; p++) {
    char mpirun[1024], command[2048], err[512] = "", msg[512];
    int ranks = placements[p].ranks;
    struct result got = {0};
    CU_ASSERT_EQUAL_FATAL(hosts_mpirun(&multinode_hosts, placements[p].map_by, mpirun,
                                       sizeof mpirun), 0);
    snprintf(command, sizeof command,
             "%s %d " BIN_DIR "/solutions/%s-mpi --size %ld --seed %llu --workers %d %s",
             mpirun, ranks, program, size, SEED, ranks, input);
    int status = exercise_run_to_result(command, "multinode", &got, err, sizeof err);
    if (status != 0)
      printf("\n  %s-mpi, %d ranks by %s: exit status %d: %s", program, ranks,
             placements[p].map_by, status, err);
    CU_ASSERT_EQUAL(status, 0);
    int match = status == 0 && exercise_matches_serial(&expected, &got, msg, sizeof msg);
    if (status == 0 && !match)
      printf("\n  %s-mpi, %d ranks by %s: %s", program, ranks, placements[p].map_by, msg);
    CU_ASSERT_TRUE(match);
    result_free(&got);
  }
  result_free(&expected);
}

void
register_multinode(void)
{
  int (*const opens[NEXERCISES])(void) = {open_pi, open_images, open_coral, open_genomics,
                                          open_turbine};
  for (size_t e = 0; e < NEXERCISES; e++) {
    CU_pSuite suite = CU_add_suite(exercises[e].dir, opens[e], close_exercise);
    CU_add_test(suite, "solution mpi across 3 hosts (2, 3, 4 by node; 4 by slot) = serial",
                test_solution_across_hosts);
  }
}
