// 05-turbine: the ensemble's shares run as separate commands (--shard I/N), then
// joined (--combine): the serial result exactly, and one line for every bad input.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_run.h"
#include "program.h"
#include "result.h"
#include "split.h"

// Runs share `index` of `count` of the run (seed, --ensemble 4, `extra`) at the test
// size, its partial result into SCRATCH/NAME.txt, and checks that the share holds
// its own block of the members and no other.
static void
run_share(const char *binary, unsigned long long seed, const char *extra, int index, int count,
          const char *name)
{
  char command[1024], err[512] = "", field[32];
  struct result part = {0};
  snprintf(command, sizeof command, BIN_DIR "/%s --size %ld --seed %llu --ensemble 4 %s "
           "--shard %d/%d", binary, exercise_spec.size_test, seed, extra, index, count);
  int status = exercise_run_to_result(command, name, &part, err, sizeof err);
  if (status != 0)
    printf("\n  %s: status %d: %s", command, status, err);
  CU_ASSERT_EQUAL_FATAL(status, 0);
  struct range block = split_block((size_t)index, (size_t)count, 4);
  for (size_t m = 0; m < 4; m++) {
    snprintf(field, sizeof field, "m%02zu.checksum", m);
    CU_ASSERT_EQUAL(result_find(&part, field) != NULL, m >= block.begin && m < block.end);
  }
  snprintf(field, sizeof field, "%d/%d", index, count);
  CU_ASSERT_PTR_NOT_NULL_FATAL(result_find(&part, "share"));
  CU_ASSERT_STRING_EQUAL(result_find(&part, "share")->text, field);
  result_free(&part);
}

// 1 when got has exactly expected's fields, in its order, with the same text (so the
// same bits), kernel_seconds aside; otherwise 0 with the first difference in msg.
static int
same_result(const struct result *expected, const struct result *got, char *msg, size_t len)
{
  for (size_t i = 0; i < expected->count || i < got->count; i++) {
    const struct result_field *e = i < expected->count ? &expected->fields[i] : NULL,
                              *g = i < got->count ? &got->fields[i] : NULL;
    if (e && g && strcmp(e->name, "kernel_seconds") == 0 && strcmp(g->name, e->name) == 0)
      continue;
    if (!e || !g || strcmp(e->name, g->name) != 0 || strcmp(e->text, g->text) != 0) {
      snprintf(msg, len, "field %zu: expected '%s %s', got '%s %s'", i, e ? e->name : "(none)",
               e ? e->text : "", g ? g->name : "(none)", g ? g->text : "");
      return 0;
    }
  }
  return 1;
}

// Shares 0..count-1 of 4 members run as separate commands, then --combine: the very
// serial result, field for field, bit for bit.
static void
check_shards(const char *binary, int count)
{
  char command[4096], err[512] = "", msg[1024], name[32];
  struct result expected = {0}, combined = {0};
  int used = snprintf(command, sizeof command, BIN_DIR "/%s --combine", binary);
  for (int i = 0; i < count; i++) {
    snprintf(name, sizeof name, "share%d", i);
    run_share(binary, 7, "", i, count, name);
    used += snprintf(command + used, sizeof command - (size_t)used, " %s/%s.txt",
                     exercise_scratch, name);
  }
  exercise_serial_result(7, exercise_spec.size_test, "--ensemble 4", &expected);
  int status = exercise_run_to_result(command, "combined", &combined, err, sizeof err);
  int match = status == 0 && same_result(&expected, &combined, msg, sizeof msg);
  if (!match)
    printf("\n  %s, %d shares combined: status %d: %s", binary, count, status,
           status ? err : msg);
  CU_ASSERT_TRUE(match);
  result_free(&expected);
  result_free(&combined);
}

static void
test_shards_combine(void)
{
  check_shards("turbine-embarrassing", 3);  // uneven: 2, 1 and 1 members
  check_shards("solutions/turbine-embarrassing", 3);
  check_shards("solutions/turbine-embarrassing", 6);  // more shares than members: empty ones
}

// `args` after the program: exit status 1, and exactly one line on stderr, which
// holds `want`.
static void
expect_combine_error(const char *program, const char *args, const char *want)
{
  char command[4096], path[600];
  long len = 0;
  snprintf(path, sizeof path, "%s/stderr.txt", exercise_scratch);
  // In braces: program_run sends the group's stderr elsewhere, not the program's.
  snprintf(command, sizeof command, "{ " BIN_DIR "/%s %s >/dev/null 2>%s; }", program, args,
           path);
  int status = program_run(command, NULL, 0);
  char *text = (char *)program_read_file(path, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  text[len] = '\0';
  int lines = 0;
  for (long k = 0; k < len; k++)
    lines += text[k] == '\n';
  int ok = status == 1 && lines == 1 && strstr(text, want) != NULL;
  if (!ok)
    printf("\n  %s %s: status %d, %d lines: '%s' (want '%s')", program, args, status, lines,
           text, want);
  CU_ASSERT_TRUE(ok);
  free(text);
}

// Bad input to --combine: a missing file, a file that is no share, a share given
// twice or missing, shares of different runs. Each stops with one line that names
// the file (or the share) and a non-zero status, from skeleton and solution alike.
static void
test_combine_bad_input(void)
{
  const char *programs[] = {"turbine-embarrassing", "solutions/turbine-embarrassing"};
  const char *d = exercise_scratch;
  char args[4096], want[1024], path[600];
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "good%d", i);
    run_share("solutions/turbine-embarrassing", 7, "", i, 3, path);
  }
  run_share("solutions/turbine-embarrassing", 8, "", 1, 3, "seed8");
  run_share("solutions/turbine-embarrassing", 7, "", 1, 4, "of4");
  run_share("solutions/turbine-embarrassing", 7, "--steps 10", 1, 3, "steps10");
  run_share("solutions/turbine-embarrassing", 7, "--inflow 900", 1, 3, "inflow900");
  // A share with its header but without its member's fields.
  snprintf(path, sizeof path, "%s/bare.txt", d);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fprintf(f, "share 1/3\nseed 7\ninflow 1400\nsize %ld\nsteps 3000\nblades 3\nmembers 4\n",
          exercise_spec.size_test);
  fclose(f);
  char command[1024], err[512];
  struct result full = {0};  // a full result, not a share
  snprintf(command, sizeof command, BIN_DIR "/turbine-serial --size %ld --seed 7 --ensemble 4",
           exercise_spec.size_test);
  CU_ASSERT_EQUAL_FATAL(exercise_run_to_result(command, "full", &full, err, sizeof err), 0);
  result_free(&full);
  for (size_t p = 0; p < sizeof programs / sizeof programs[0]; p++) {
    const char *prog = programs[p];
    expect_combine_error(prog, "--combine", "--combine needs the partial result FILEs");
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/nothere.txt", d, d);
    snprintf(want, sizeof want, "%s/nothere.txt: No such file or directory", d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/full.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/full.txt: not a partial result of --shard", d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/good1.txt %s/good1.txt %s/good2.txt",
             d, d, d, d);
    snprintf(want, sizeof want, "%s/good1.txt: share 1/3 given twice", d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good2.txt %s/good0.txt", d, d);
    expect_combine_error(prog, args, "share 1/3 is missing");
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/seed8.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/seed8.txt: share 1/3 is not of the same run as "
             "%s/good0.txt (seed 8, not 7)", d, d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/of4.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/of4.txt: share 1/4 is not of the same run as "
             "%s/good0.txt (4 shares, not 3)", d, d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/steps10.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/steps10.txt: share 1/3 is not of the same run as "
             "%s/good0.txt (steps 10, not 3000)", d, d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/inflow900.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/inflow900.txt: share 1/3 is not of the same run", d);
    expect_combine_error(prog, args, want);
    snprintf(args, sizeof args, "--combine %s/good0.txt %s/bare.txt %s/good2.txt", d, d, d);
    snprintf(want, sizeof want, "%s/bare.txt: share 1/3 lacks m02.inflow", d);
    expect_combine_error(prog, args, want);
    // Bad arguments: status 2 and a first line naming them, as for any bad argument.
    snprintf(args, sizeof args, "--combine --shard 1/3 %s/good0.txt", d);
    exercise_expect_rejected(prog, args, "error: --shard: not with --combine");
    snprintf(args, sizeof args, "%s/good0.txt", d);
    exercise_expect_rejected(prog, args, "error: FILE arguments: only with --combine");
    exercise_expect_rejected(prog, "--shard 3/3", "--shard");
  }
}

// Adds these tests to the 05-turbine suite, whose set-up opens the exercise.
void
add_turbine_shard_tests(CU_pSuite suite)
{
  CU_add_test(suite, "shares 0/3-2/3 of 4 members, combined = serial exactly",
              test_shards_combine);
  CU_add_test(suite, "--combine bad input: one line naming the file, non-zero status",
              test_combine_bad_input);
}
