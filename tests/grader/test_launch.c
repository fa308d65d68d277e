// Tests of launch.c: the command lines and environments that start each version.
#include <CUnit/CUnit.h>
#include <string.h>

#include "grader.h"

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

static void
test_describe(void)
{
  char line[256];
  launch_describe("openmp", "pi", 2, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "OMP_NUM_THREADS=2 pi-openmp --size 1000 --seed 7 "
                               "--workers 2");
  launch_describe("mpi", "pi", 3, 1000, 7, 0, line, sizeof line);
  CU_ASSERT_STRING_EQUAL(line, "mpirun --oversubscribe -np 3 pi-mpi --size 1000 "
                               "--seed 7 --workers 3");
}

void
register_launch(void)
{
  CU_pSuite s = CU_add_suite("launch (command lines)", NULL, NULL);
  CU_add_test(s, "serial and embarrassing", test_serial_and_embarrassing);
  CU_add_test(s, "openmp", test_openmp);
  CU_add_test(s, "mpi and the empty MPI program", test_mpi);
  CU_add_test(s, "what a student types to reproduce", test_describe);
}
