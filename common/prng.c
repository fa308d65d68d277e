// A counter-based random number generator: each value is a pure function of
// (key, index), so any decomposition of the work draws the same numbers.
#include "prng.h"

// The golden-ratio increment of SplitMix64: odd, so (index + 1) * GAMMA visits
// every 64-bit value once as index runs over all 2^64 counters.
#define GAMMA 0x9E3779B97F4A7C15ULL

// A bijective 64-bit finaliser (Stafford's "Mix13" constants): every input bit
// affects every output bit, so neighbouring counters give unrelated values.
static uint64_t
mix64(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t
prng_key(uint64_t key, uint64_t stream)
{
  // Mixing twice with a different odd multiplier for the stream keeps
  // prng_key(k, s) unrelated to prng_u64(k, s) and to prng_key(k, s + 1).
  uint64_t h = mix64(key ^ 0x6A09E667F3BCC909ULL);
  return mix64(h + (stream + 1) * 0xD1B54A32D192ED03ULL);
}

uint64_t
prng_u64(uint64_t key, uint64_t index)
{
  return mix64(key + (index + 1) * GAMMA);
}

double
prng_uniform(uint64_t key, uint64_t index)
{
  // The top 53 bits fill a double's mantissa exactly; the result is < 1.
  return (double)(prng_u64(key, index) >> 11) * 0x1.0p-53;
}

uint64_t
prng_below(uint64_t key, uint64_t index, uint64_t bound)
{
  // Lemire's multiply-shift: the high word of x * bound is uniform in
  // [0, bound) once the few x whose low word falls below 2^64 mod bound are
  // rejected. A rejection draws again from a sub-stream derived from index,
  // so the answer stays a pure function of (key, index, bound).
  if (bound == 0)
    return 0;
  uint64_t x = prng_u64(key, index);
  unsigned __int128 m = (unsigned __int128)x * bound;
  uint64_t low = (uint64_t)m;
  if (low < bound) {
    uint64_t threshold = -bound % bound;  // 2^64 mod bound
    uint64_t retry_key = prng_key(key, index);
    for (uint64_t attempt = 0; low < threshold; attempt++) {
      x = prng_u64(retry_key, attempt);
      m = (unsigned __int128)x * bound;
      low = (uint64_t)m;
    }
  }
  return (uint64_t)(m >> 64);
}
