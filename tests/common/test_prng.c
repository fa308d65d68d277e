// Tests for prng.c: a pure, well-spread counter-based generator.
#include <CUnit/CUnit.h>
#include <stdint.h>

#include "prng.h"
#include "suites.h"

#define DRAWS 1000000

static void
test_pure_function(void)
{
  // Same inputs, same output, in any order of calls.
  uint64_t a[100];
  for (uint64_t i = 0; i < 100; i++)
    a[i] = prng_u64(42, i);
  for (uint64_t i = 100; i-- > 0;) {
    CU_ASSERT_EQUAL(prng_u64(42, i), a[i]);
    CU_ASSERT_EQUAL(prng_uniform(42, i), prng_uniform(42, i));
    CU_ASSERT_EQUAL(prng_below(42, i, 1000), prng_below(42, i, 1000));
  }
  CU_ASSERT_EQUAL(prng_key(7, 3), prng_key(7, 3));
}

static void
test_indices_and_keys_differ(void)
{
  int same_index = 0, same_key = 0, same_stream = 0;
  for (uint64_t i = 0; i < 100000; i++) {
    same_index += prng_u64(1, i) == prng_u64(1, i + 1);
    same_key += prng_u64(i, 5) == prng_u64(i + 1, 5);
    same_stream += prng_key(9, i) == prng_key(9, i + 1);
  }
  CU_ASSERT_EQUAL(same_index, 0);
  CU_ASSERT_EQUAL(same_key, 0);
  CU_ASSERT_EQUAL(same_stream, 0);
  // A derived key is not simply a value of the parent stream.
  CU_ASSERT_NOT_EQUAL(prng_key(9, 0), prng_u64(9, 0));
  CU_ASSERT_NOT_EQUAL(prng_key(prng_key(9, 1), 2), prng_key(prng_key(9, 2), 1));
}

static int
popcount64(uint64_t x)
{
  return __builtin_popcountll(x);
}

static void
test_neighbouring_streams_unrelated(void)
{
  // Values of streams s and s + 1 at the same index differ in about half their
  // bits, as unrelated 64-bit numbers do (mean 32, sd 4 per pair).
  double bits = 0, key_bits = 0;
  int n = 20000;
  for (int s = 0; s < n; s++) {
    uint64_t k0 = prng_key(123, (uint64_t)s), k1 = prng_key(123, (uint64_t)s + 1);
    key_bits += popcount64(k0 ^ k1);
    bits += popcount64(prng_u64(k0, 0) ^ prng_u64(k1, 0));
  }
  CU_ASSERT_DOUBLE_EQUAL(bits / n, 32.0, 0.3);
  CU_ASSERT_DOUBLE_EQUAL(key_bits / n, 32.0, 0.3);
}

static void
test_every_bit_is_fair(void)
{
  int ones[64] = {0}, n = 100000;
  for (int i = 0; i < n; i++) {
    uint64_t x = prng_u64(2024, (uint64_t)i);
    for (int b = 0; b < 64; b++)
      ones[b] += (int)((x >> b) & 1);
  }
  for (int b = 0; b < 64; b++)  // sd 158: 1% is over 6 sd
    CU_ASSERT(ones[b] > n / 2 - n / 100 && ones[b] < n / 2 + n / 100);
}

static void
test_uniform_range_and_mean(void)
{
  double sum = 0;
  int outside = 0;
  for (uint64_t i = 0; i < DRAWS; i++) {
    double u = prng_uniform(7, i);
    outside += !(u >= 0.0 && u < 1.0);
    sum += u;
  }
  CU_ASSERT_EQUAL(outside, 0);
  CU_ASSERT_DOUBLE_EQUAL(sum / DRAWS, 0.5, 0.002);
}

static void
test_uniform_has_53_bits(void)
{
  // Multiples of 2^-53 only, and the low bits are used: some draw is odd.
  int odd = 0;
  for (uint64_t i = 0; i < 1000; i++) {
    double scaled = prng_uniform(5, i) * 0x1p53;
    CU_ASSERT_EQUAL(scaled, (double)(uint64_t)scaled);
    odd += (uint64_t)scaled & 1;
  }
  CU_ASSERT(odd > 400 && odd < 600);
}

static void
test_below_range(void)
{
  const uint64_t bounds[] = {1, 2, 3, 7, 10, 1000, 1ULL << 32, (1ULL << 63) + 1,
                             UINT64_MAX};
  for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
    int outside = 0;
    for (uint64_t i = 0; i < 10000; i++)
      outside += prng_below(11, i, bounds[b]) >= bounds[b];
    CU_ASSERT_EQUAL(outside, 0);
  }
  CU_ASSERT_EQUAL(prng_below(11, 3, 1), 0);
}

static void
test_below_buckets(void)
{
  long count[10] = {0};
  for (uint64_t i = 0; i < DRAWS; i++)
    count[prng_below(99, i, 10)]++;
  for (int b = 0; b < 10; b++)  // share 100000, 2% = 2000 (about 6.7 sd)
    CU_ASSERT(count[b] >= 98000 && count[b] <= 102000);
}

static void
test_below_rejection_is_pure_and_unbiased(void)
{
  // With bound 2^63 + 1 about half of all first draws are rejected; the
  // redraws must still depend on (key, index, bound) alone, and the values
  // must stay uniform: a mean of bound / 2 and both halves equally likely.
  uint64_t bound = (1ULL << 63) + 1;
  double mean = 0;
  int low_half = 0, n = 100000;
  for (uint64_t i = 0; i < (uint64_t)n; i++) {
    uint64_t v = prng_below(3, i, bound);
    CU_ASSERT_EQUAL(v, prng_below(3, i, bound));
    mean += (double)v / (double)bound;
    low_half += v < bound / 2;
  }
  CU_ASSERT_DOUBLE_EQUAL(mean / n, 0.5, 0.005);
  CU_ASSERT(low_half > n / 2 - n / 100 && low_half < n / 2 + n / 100);
}

static void
test_values_are_stable(void)
{
  // Stored expected results depend on these numbers: a change to the
  // generator must be deliberate. prng_u64(0, 0) is SplitMix64's first output
  // for seed 0, as published with the reference generator.
  CU_ASSERT_EQUAL(prng_u64(0, 0), 0xE220A8397B1DCDAFULL);
  CU_ASSERT_EQUAL(prng_u64(1, 12345), 0x40C3640E81E30E12ULL);
  CU_ASSERT_EQUAL(prng_key(1, 2), 0x48EE50BE442EAB19ULL);
  CU_ASSERT_EQUAL(prng_below(5, 6, 1000), 985);
}

void
test_prng_register(void)
{
  CU_pSuite s = CU_add_suite("prng", NULL, NULL);
  CU_add_test(s, "a pure function of its inputs", test_pure_function);
  CU_add_test(s, "different indices and keys differ", test_indices_and_keys_differ);
  CU_add_test(s, "neighbouring streams are unrelated", test_neighbouring_streams_unrelated);
  CU_add_test(s, "every bit is set half the time", test_every_bit_is_fair);
  CU_add_test(s, "uniform: in [0, 1), mean 0.5", test_uniform_range_and_mean);
  CU_add_test(s, "uniform: 53 random bits", test_uniform_has_53_bits);
  CU_add_test(s, "below: stays below the bound", test_below_range);
  CU_add_test(s, "below: 10 buckets within 2%", test_below_buckets);
  CU_add_test(s, "below: rejection is pure and unbiased",
              test_below_rejection_is_pure_and_unbiased);
  CU_add_test(s, "values are pinned", test_values_are_stable);
}
