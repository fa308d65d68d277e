// Tests for split.c: block and cyclic splits, and "i/n" shares.
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

#include "split.h"
#include "suites.h"

static void
test_block_exhaustive(void)
{
  // Every item covered exactly once, in order, sizes within one of each
  // other with the larger blocks first, and the owner is the inverse.
  int bad_cover = 0, bad_size = 0, bad_owner = 0;
  for (size_t items = 0; items <= 70; items++) {
    for (size_t parts = 1; parts <= 80; parts++) {
      size_t next = 0, small = items / parts;
      for (size_t p = 0; p < parts; p++) {
        struct range r = split_block(p, parts, items);
        size_t len = r.end - r.begin;
        bad_cover += r.begin != next || r.end < r.begin;
        bad_size += len != small + (p < items % parts);
        for (size_t i = r.begin; i < r.end; i++)
          bad_owner += split_block_owner(i, parts, items) != p;
        next = r.end;
      }
      bad_cover += next != items;
    }
  }
  CU_ASSERT_EQUAL(bad_cover, 0);
  CU_ASSERT_EQUAL(bad_size, 0);
  CU_ASSERT_EQUAL(bad_owner, 0);
}

static void
test_block_examples(void)
{
  struct range r = split_block(1, 3, 10);  // 4 + 3 + 3
  CU_ASSERT_EQUAL(r.begin, 4);
  CU_ASSERT_EQUAL(r.end, 7);
  r = split_block(3, 4, 2);  // more parts than items
  CU_ASSERT_EQUAL(r.begin, 2);
  CU_ASSERT_EQUAL(r.end, 2);
}

static void
test_block_empty_cases(void)
{
  struct range r = split_block(0, 0, 10);
  CU_ASSERT(r.begin == 0 && r.end == 0);
  r = split_block(3, 3, 10);
  CU_ASSERT(r.begin == 0 && r.end == 0);
  r = split_block(SIZE_MAX, 3, 10);
  CU_ASSERT(r.begin == 0 && r.end == 0);
  r = split_block(0, 1, 0);
  CU_ASSERT(r.begin == 0 && r.end == 0);
}

static void
test_block_huge(void)
{
  // part * items would overflow; the split must not.
  size_t items = 1000000000000000000ULL, parts = 3;
  struct range a = split_block(0, parts, items), b = split_block(1, parts, items),
               c = split_block(2, parts, items);
  CU_ASSERT_EQUAL(a.begin, 0);
  CU_ASSERT_EQUAL(a.end, 333333333333333334ULL);
  CU_ASSERT_EQUAL(b.begin, 333333333333333334ULL);
  CU_ASSERT_EQUAL(b.end, 666666666666666667ULL);
  CU_ASSERT_EQUAL(c.begin, 666666666666666667ULL);
  CU_ASSERT_EQUAL(c.end, items);
  CU_ASSERT_EQUAL(split_block_owner(333333333333333333ULL, parts, items), 0);
  CU_ASSERT_EQUAL(split_block_owner(333333333333333334ULL, parts, items), 1);
  CU_ASSERT_EQUAL(split_block_owner(items - 1, parts, items), 2);

  // The largest size_t, over a few part counts.
  for (size_t n = 2; n <= 9; n++) {
    size_t next = 0;
    for (size_t p = 0; p < n; p++) {
      struct range r = split_block(p, n, SIZE_MAX);
      CU_ASSERT_EQUAL(r.begin, next);
      CU_ASSERT_EQUAL(split_block_owner(r.begin, n, SIZE_MAX), p);
      CU_ASSERT_EQUAL(split_block_owner(r.end - 1, n, SIZE_MAX), p);
      next = r.end;
    }
    CU_ASSERT_EQUAL(next, SIZE_MAX);
  }
}

static void
test_cyclic_counts(void)
{
  int bad = 0;
  for (size_t items = 0; items <= 70; items++)
    for (size_t parts = 1; parts <= 80; parts++) {
      size_t sum = 0;
      for (size_t p = 0; p < parts; p++) {
        size_t n = 0;
        for (size_t i = p; i < items; i += parts)
          n++;
        bad += split_cyclic_count(p, parts, items) != n;
        sum += n;
      }
      bad += sum != items;
    }
  CU_ASSERT_EQUAL(bad, 0);
  CU_ASSERT_EQUAL(split_cyclic_count(0, 0, 10), 0);
  CU_ASSERT_EQUAL(split_cyclic_count(2, 3, 1000000000000000000ULL), 333333333333333333ULL);
}

static void
test_shard_parse_good(void)
{
  struct shard s = {-1, -1};
  char err[128] = "";
  CU_ASSERT_EQUAL(shard_parse("0/1", &s, err, sizeof err), 0);
  CU_ASSERT(s.index == 0 && s.count == 1);
  CU_ASSERT_EQUAL(shard_parse("3/4", &s, err, sizeof err), 0);
  CU_ASSERT(s.index == 3 && s.count == 4);
  CU_ASSERT_EQUAL(shard_parse("12/1000", &s, err, sizeof err), 0);
  CU_ASSERT(s.index == 12 && s.count == 1000);
}

static void
test_shard_parse_bad(void)
{
  const char *bad[] = {"1/",   "a/2",  "2/2",  "-1/3", "1/0", "1/2x", "",
                       "/2",   "1",    " 1/2", "1/ 2", "+1/2", "1//2", "1/2/3",
                       "0x1/2", "99999999999/100000000000"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct shard s = {7, 8};
    char err[128] = "";
    CU_ASSERT_EQUAL(shard_parse(bad[i], &s, err, sizeof err), -1);
    CU_ASSERT(s.index == 7 && s.count == 8);  // untouched
    CU_ASSERT(err[0] != '\0' && strchr(err, '\n') == NULL);
  }
}

static void
test_shard_parse_messages(void)
{
  struct shard s;
  char err[128];
  shard_parse("1/", &s, err, sizeof err);
  CU_ASSERT_STRING_EQUAL(err, "expected a share 'i/n' such as '0/4', got '1/'");
  shard_parse("1/0", &s, err, sizeof err);
  CU_ASSERT_STRING_EQUAL(err, "share '1/0': the number of shares must be at least 1");
  shard_parse("2/2", &s, err, sizeof err);
  CU_ASSERT_STRING_EQUAL(err, "share '2/2': the index must be from 0 to 1");
}

void
test_split_register(void)
{
  CU_pSuite s = CU_add_suite("split", NULL, NULL);
  CU_add_test(s, "block: items 0..70, parts 1..80", test_block_exhaustive);
  CU_add_test(s, "block: examples", test_block_examples);
  CU_add_test(s, "block: empty ranges", test_block_empty_cases);
  CU_add_test(s, "block: 10^18 and SIZE_MAX items", test_block_huge);
  CU_add_test(s, "cyclic: counts", test_cyclic_counts);
  CU_add_test(s, "shard: good shares", test_shard_parse_good);
  CU_add_test(s, "shard: bad shares rejected", test_shard_parse_bad);
  CU_add_test(s, "shard: messages", test_shard_parse_messages);
}
