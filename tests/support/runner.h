// The one CUnit runner every test program uses.
#ifndef TEST_RUNNER_H
#define TEST_RUNNER_H

#include <stddef.h>

// A function that adds one module's suite to the CUnit registry.
typedef void (*runner_register_fn)(void);

// Registers the suites, runs them verbosely and returns the exit status for main:
// 0 only when every test passed. (CU_basic_run_tests() itself returns 0 even when
// tests fail, which would make ctest show a failing suite as green.)
int runner_main(const runner_register_fn *registers, size_t count);

#endif
