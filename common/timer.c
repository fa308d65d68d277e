// A wall-clock timer on the monotonic clock.
#include "timer.h"

#include <time.h>

double
timer_now(void)
{
  struct timespec ts;
  // CLOCK_MONOTONIC cannot fail on Linux with a valid pointer.
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double
timer_since(double start)
{
  return timer_now() - start;
}
