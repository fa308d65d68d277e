// Tests for shards.c: --combine's checks that the partial files are every share of one
// run, once each, with a one-line message for each way they are not.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shards.h"
#include "suites.h"

static char dir[] = "/tmp/test-shards-XXXXXX";
static char path[8][600];  // path[k]: the file that write_share(k, ...) wrote

// Writes a partial file: share "I/N" (NULL: no share field), the run's seed, and a
// count of its own.
static char *
write_share(int k, const char *share, const char *seed, int count)
{
  snprintf(path[k], sizeof path[k], "%s/part%d.txt", dir, k);
  FILE *f = fopen(path[k], "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fprintf(f, "# a partial result\n");
  if (share)
    fprintf(f, "share %s\n", share);
  if (seed)
    fprintf(f, "seed %s\n", seed);
  fprintf(f, "count %d\n", count);
  fclose(f);
  return path[k];
}

static const char *const run[] = {"seed", NULL};

// Loads files and returns shards_load's status, its message in err.
static int
load(char **files, int n, struct shards *s, char *err, size_t len)
{
  err[0] = '\0';
  return shards_load(files, n, run, s, err, len);
}

static void
test_every_share_in_order(void)
{
  // Given out of order, read back in share order, with the file each came from.
  char *files[] = {write_share(0, "2/3", "7", 30), write_share(1, "0/3", "7", 10),
                   write_share(2, "1/3", "7", 20)};
  struct shards s;
  char err[1200];
  CU_ASSERT_EQUAL_FATAL(load(files, 3, &s, err, sizeof err), 0);
  CU_ASSERT_EQUAL(s.count, 3);
  for (int i = 0; i < 3; i++)
    CU_ASSERT_EQUAL(result_find(&s.part[i], "count")->number, 10 * (i + 1));
  CU_ASSERT_STRING_EQUAL(s.file[0], path[1]);
  CU_ASSERT_STRING_EQUAL(s.file[2], path[0]);
  shards_free(&s);
  // One share of one is the whole run.
  files[0] = write_share(3, "0/1", "7", 5);
  CU_ASSERT_EQUAL(load(files, 1, &s, err, sizeof err), 0);
  CU_ASSERT_EQUAL(s.count, 1);
  shards_free(&s);
}

// Each bad input stops with one line that names the file and what is wrong.
static void
test_bad_input(void)
{
  struct shards s;
  char err[1200], want[1400];
  char *good0 = write_share(0, "0/2", "7", 1), *good1 = write_share(1, "1/2", "7", 2);

  CU_ASSERT_EQUAL(load(NULL, 0, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "--combine needs the partial result FILEs that --shard wrote");

  char *missing[] = {good0};
  CU_ASSERT_EQUAL(load(missing, 1, &s, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "share 1/2 is missing");
  shards_free(&s);

  char *twice[] = {good0, good1, write_share(2, "1/2", "7", 2)};
  CU_ASSERT_EQUAL(load(twice, 3, &s, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: share 1/2 given twice (also in %s)", path[2], good1);
  CU_ASSERT_STRING_EQUAL(err, want);
  shards_free(&s);

  char *other_seed[] = {good0, write_share(3, "1/2", "8", 2)};
  CU_ASSERT_EQUAL(load(other_seed, 2, &s, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: share 1/2 is not of the same run as %s (seed 8, not 7)",
           path[3], good0);
  CU_ASSERT_STRING_EQUAL(err, want);
  shards_free(&s);

  char *other_count[] = {good0, write_share(4, "1/3", "7", 2)};
  CU_ASSERT_EQUAL(load(other_count, 2, &s, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: share 1/3 is not of the same run as %s (3 shares, not 2)",
           path[4], good0);
  CU_ASSERT_STRING_EQUAL(err, want);
  shards_free(&s);

  // No share field, a share that is not I/N, no seed: not a partial result.
  const char *bad_shares[] = {NULL, "2/2", "1 of 2", "1/2x"};
  for (int k = 0; k < 4; k++) {
    char *files[] = {good0, write_share(5, bad_shares[k], "7", 2)};
    CU_ASSERT_EQUAL(load(files, 2, &s, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s: not a partial result of --shard (it needs the fields "
             "share and seed)", path[5]);
    CU_ASSERT_STRING_EQUAL(err, want);
    shards_free(&s);
  }
  char *no_seed[] = {write_share(6, "0/2", NULL, 1), good1};
  CU_ASSERT_EQUAL(load(no_seed, 2, &s, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: not a partial result of --shard (it needs the fields "
           "share and seed)", path[6]);
  CU_ASSERT_STRING_EQUAL(err, want);
  shards_free(&s);

  char nothere[700];
  snprintf(nothere, sizeof nothere, "%s/nothere.txt", dir);
  char *absent[] = {good0, nothere};
  CU_ASSERT_EQUAL(load(absent, 2, &s, err, sizeof err), -1);
  snprintf(want, sizeof want, "%s: No such file or directory", nothere);
  CU_ASSERT_STRING_EQUAL(err, want);
  shards_free(&s);
}

static int
make_dir(void)
{
  return mkdtemp(dir) ? 0 : -1;
}

static int
remove_dir(void)
{
  for (int k = 0; k < 8; k++)
    if (path[k][0])
      unlink(path[k]);
  return rmdir(dir);
}

void
test_shards_register(void)
{
  CU_pSuite s = CU_add_suite("shards", make_dir, remove_dir);
  CU_add_test(s, "every share, read back in share order", test_every_share_in_order);
  CU_add_test(s, "bad input: one line that names the file", test_bad_input);
}
