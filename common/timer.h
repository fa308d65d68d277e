// A wall-clock timer on the monotonic clock (never jumps with the time of day).
#ifndef COMMON_TIMER_H
#define COMMON_TIMER_H

// Seconds since an arbitrary fixed point; only differences mean anything.
double timer_now(void);

// Seconds elapsed since `start`, a value returned by timer_now().
double timer_since(double start);

#endif
