// The one CUnit runner every test program uses.
#include "runner.h"

#include <CUnit/Basic.h>
#include <stdio.h>

int
runner_main(const runner_register_fn *registers, size_t count)
{
  if (CU_initialize_registry() != CUE_SUCCESS) {
    fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
    return 1;
  }
  for (size_t i = 0; i < count; i++)
    registers[i]();
  if (CU_get_error() != CUE_SUCCESS) {
    fprintf(stderr, "CUnit: cannot register the suites: %s\n", CU_get_error_msg());
    CU_cleanup_registry();
    return 1;
  }
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_tests_failed();
  unsigned failed_suites = CU_get_number_of_suites_failed();  // setup failures
  unsigned ran = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  if (ran == 0) {
    fprintf(stderr, "no test ran\n");
    return 1;
  }
  return failed == 0 && failed_suites == 0 ? 0 : 1;
}
