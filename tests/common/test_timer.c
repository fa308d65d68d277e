// Tests for timer.c: the monotonic wall-clock timer.
#include <CUnit/CUnit.h>
#include <time.h>

#include "suites.h"
#include "timer.h"

static void
test_never_goes_back(void)
{
  double last = timer_now();
  for (int i = 0; i < 100000; i++) {
    double now = timer_now();
    CU_ASSERT_FATAL(now >= last);
    last = now;
  }
}

static void
test_measures_a_sleep(void)
{
  struct timespec nap = {0, 20 * 1000 * 1000};  // 20 ms
  double start = timer_now();
  nanosleep(&nap, NULL);
  double seconds = timer_since(start);
  CU_ASSERT(seconds >= 0.020);
  CU_ASSERT(seconds < 1.0);  // generous: a loaded machine may be slow to wake us
}

static void
test_since_now_is_tiny(void)
{
  double d = timer_since(timer_now());
  CU_ASSERT(d >= 0.0);
  CU_ASSERT(d < 0.01);
}

void
test_timer_register(void)
{
  CU_pSuite s = CU_add_suite("timer", NULL, NULL);
  CU_add_test(s, "never goes back", test_never_goes_back);
  CU_add_test(s, "measures a 20 ms sleep", test_measures_a_sleep);
  CU_add_test(s, "timer_since(timer_now()) is tiny", test_since_now_is_tiny);
}
