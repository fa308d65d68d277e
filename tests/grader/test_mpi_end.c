// Tests of diagnose/mpi_end.c on mpirun's own words (Open MPI 4.1, as a run's stderr
// holds them): MPI_Abort, a rank that ended without MPI_Finalize, and neither.
#include <CUnit/CUnit.h>
#include <string.h>

#include "diagnose/diagnose.h"

#define DASHES "--------------------------------------------------------------------------\n"

static void
test_abort(void)
{
  char text[] = "mpi: cannot open the input\n" DASHES
                "MPI_ABORT was invoked on rank 1 in communicator MPI_COMM_WORLD\n"
                "with errorcode 3.\n\n"
                "NOTE: invoking MPI_ABORT causes Open MPI to kill all MPI processes.\n"
                "You may or may not see output from other processes, depending on\n"
                "exactly when Open MPI kills them.\n" DASHES;
  char what[512];
  CU_ASSERT_EQUAL(mpi_end_read(text, what, sizeof what), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(what, "rank 1 called MPI_Abort with error code 3"));
  CU_ASSERT_STRING_EQUAL(text, "mpi: cannot open the input\n");  // the box is gone
}

static void
test_no_finalize(void)
{
  char text[] = "before\n" DASHES
                "mpirun has exited due to process rank 2 with PID 4242 on\n"
                "node host exiting improperly. There are three reasons this could occur:\n"
                "\n1. this process did not call \"init\" before exiting, but others in\n"
                "the job did.\n" DASHES "after\n";
  char what[512];
  CU_ASSERT_EQUAL(mpi_end_read(text, what, sizeof what), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(what, "rank 2 ended without calling MPI_Finalize"));
  CU_ASSERT_STRING_EQUAL(text, "before\nafter\n");
}

static void
test_neither(void)
{
  char text[] = "mpi: --size: expected a number\n";
  char what[512];
  CU_ASSERT_EQUAL(mpi_end_read(text, what, sizeof what), 0);
  CU_ASSERT_STRING_EQUAL(what, "");
  CU_ASSERT_STRING_EQUAL(text, "mpi: --size: expected a number\n");
  CU_ASSERT_EQUAL(mpi_end_read(NULL, what, sizeof what), 0);
}

void
register_mpi_end(void)
{
  CU_pSuite s = CU_add_suite("an MPI job that ended badly (mpi_end.c)", NULL, NULL);
  CU_add_test(s, "MPI_Abort", test_abort);
  CU_add_test(s, "a rank without MPI_Finalize", test_no_finalize);
  CU_add_test(s, "neither", test_neither);
}
