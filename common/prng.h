// A counter-based random number generator: the value for (key, index) is computed
// directly, with no state carried from one draw to the next. Any split of the work
// over workers therefore draws exactly the numbers the serial run draws.
#ifndef COMMON_PRNG_H
#define COMMON_PRNG_H

#include <stdint.h>

// Derives an independent key for a sub-stream, e.g. prng_key(seed, parameter_set);
// keys can be chained: prng_key(prng_key(seed, set), walker).
uint64_t prng_key(uint64_t key, uint64_t stream);

// The index-th 64-bit value of the stream `key`.
uint64_t prng_u64(uint64_t key, uint64_t index);

// The index-th value of the stream as a double, uniform in [0, 1), 53 random bits.
double prng_uniform(uint64_t key, uint64_t index);

// The index-th value of the stream as an integer uniform in [0, bound); bound > 0.
uint64_t prng_below(uint64_t key, uint64_t index, uint64_t bound);

#endif
