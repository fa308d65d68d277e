// Tests of options.c: pargrade's defaults, each option, and one-line errors.
#include <CUnit/CUnit.h>
#include <string.h>

#include "setup/setup.h"

static enum options_status
parse(struct options *o, char *err, size_t len, int argc, const char **argv)
{
  err[0] = '\0';
  return options_parse(argc, (char **)argv, o, err, len);
}

#define PARSE(o, err, ...)                                                         \
  parse(o, err, sizeof err, (int)(sizeof((const char *[]){__VA_ARGS__}) /         \
                                  sizeof(const char *)),                           \
        (const char *[]){__VA_ARGS__})

static void
test_defaults(void)
{
  struct options o;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade"), OPTIONS_OK);
  CU_ASSERT_EQUAL(o.source, SOURCE_EXERCISES);
  CU_ASSERT_EQUAL(o.format, FORMAT_TABLE);
  CU_ASSERT_EQUAL(o.runs, PARAM_RUNS);
  CU_ASSERT_EQUAL(o.size, 0);
  CU_ASSERT_EQUAL(o.have_seed, 0);
  CU_ASSERT_PTR_NULL(o.exercise);
  CU_ASSERT_EQUAL(o.keep, 0);
}

static void
test_every_option(void)
{
  struct options o;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--solutions", "--exercise", "01-pi",
                        "--seed=18446744073709551615", "--format", "json",
                        "--size", "200000", "--runs=5", "--keep"), OPTIONS_OK);
  CU_ASSERT_EQUAL(o.source, SOURCE_SOLUTIONS);
  CU_ASSERT_STRING_EQUAL(o.exercise, "01-pi");
  CU_ASSERT_EQUAL(o.have_seed, 1);
  CU_ASSERT_EQUAL(o.seed, UINT64_MAX);
  CU_ASSERT_EQUAL(o.format, FORMAT_JSON);
  CU_ASSERT_EQUAL(o.size, 200000);
  CU_ASSERT_EQUAL(o.runs, 5);
  CU_ASSERT_EQUAL(o.keep, 1);

  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--submission", "/tmp"), OPTIONS_OK);
  CU_ASSERT_EQUAL(o.source, SOURCE_SUBMISSION);
  CU_ASSERT_STRING_EQUAL(o.submission, "/tmp");
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--help"), OPTIONS_HELP);
}

static void
expect(enum options_status got, const char *err, const char *message)
{
  CU_ASSERT_EQUAL(got, OPTIONS_ERROR);
  CU_ASSERT_STRING_EQUAL(err, message);
}

static void
test_errors(void)
{
  struct options o;
  char err[GRADER_MSG];
  expect(PARSE(&o, err, "pargrade", "--colour"), err, "unknown option --colour");
  expect(PARSE(&o, err, "pargrade", "--runs", "0"), err,
         "--runs needs a whole number from 1 to 50");
  expect(PARSE(&o, err, "pargrade", "--runs"), err,
         "--runs needs a value: a whole number from 1 to 50");
  expect(PARSE(&o, err, "pargrade", "--size", "-3"), err,
         "--size needs a whole number >= 1");
  expect(PARSE(&o, err, "pargrade", "--seed", "-1"), err,
         "--seed needs a whole number from 0 to 18446744073709551615");
  expect(PARSE(&o, err, "pargrade", "--format", "xml"), err,
         "--format must be table, json, gradescope, classroom, prairielearn, junit, csv "
         "or html");
  expect(PARSE(&o, err, "pargrade", "--submission", "/nonexistent-dir"), err,
         "--submission /nonexistent-dir: No such file or directory");
  expect(PARSE(&o, err, "pargrade", "--solutions", "--submission", "/tmp"), err,
         "choose one of --solutions, --submission and --class");
  expect(PARSE(&o, err, "pargrade", "extra"), err,
         "unexpected argument extra (sources are chosen with --solutions or "
         "--submission DIR)");
}

// An option that needs a value does not take the next option as its value.
static void
test_option_as_value(void)
{
  struct options o;
  char err[GRADER_MSG];
  expect(PARSE(&o, err, "pargrade", "--exercise", "--quick"), err,
         "--exercise needs a value: an exercise name such as 01-pi");
  expect(PARSE(&o, err, "pargrade", "--exercise=--quick"), err,
         "--exercise needs a value: an exercise name such as 01-pi");
  expect(PARSE(&o, err, "pargrade", "--quick", "--exercise"), err,
         "--exercise needs a value: an exercise name such as 01-pi");
  expect(PARSE(&o, err, "pargrade", "--exercise="), err,
         "--exercise needs a value: an exercise name such as 01-pi");
  expect(PARSE(&o, err, "pargrade", "--format", "--quick"), err,
         "--format needs a value: table, json, gradescope, classroom, prairielearn, junit, "
         "csv or html");
  expect(PARSE(&o, err, "pargrade", "--seed", "--quick"), err,
         "--seed needs a value: a whole number from 0 to 18446744073709551615");
  expect(PARSE(&o, err, "pargrade", "--size", "--runs", "3"), err,
         "--size needs a value: a whole number >= 1");
  expect(PARSE(&o, err, "pargrade", "--runs", "--keep"), err,
         "--runs needs a value: a whole number from 1 to 50");
  expect(PARSE(&o, err, "pargrade", "--submission", "--quick"), err,
         "--submission needs a value: a directory such as alice (with "
         "alice/01-pi/openmp.c)");
  expect(PARSE(&o, err, "pargrade", "--class", "--quick"), err,
         "--class needs a value: a directory with one subfolder per student");
  expect(PARSE(&o, err, "pargrade", "--plot", "--quick"), err,
         "--plot needs a value: a directory for the SVG files");
  // Every message is one line.
  CU_ASSERT_PTR_NULL(strchr(err, '\n'));
  // A value that only starts with one dash is still a value (and judged as one).
  expect(PARSE(&o, err, "pargrade", "--size", "-3"), err,
         "--size needs a whole number >= 1");
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--exercise", "01-pi", "--quick"),
                  OPTIONS_OK);
  CU_ASSERT_STRING_EQUAL(o.exercise, "01-pi");
  CU_ASSERT_EQUAL(o.quick, 1);
}

// --slurm and its three options: with --class only, and each value checked.
static void
test_slurm_options(void)
{
  struct options o;
  char err[GRADER_MSG];
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--class", "/tmp", "--slurm",
                        "--slurm-partition", "debug", "--slurm-time=1:30:00",
                        "--slurm-cpus", "8"), OPTIONS_OK);
  CU_ASSERT_EQUAL(o.slurm, 1);
  CU_ASSERT_STRING_EQUAL(o.slurm_partition, "debug");
  CU_ASSERT_STRING_EQUAL(o.slurm_time, "1:30:00");
  CU_ASSERT_EQUAL(o.slurm_cpus, 8);
  CU_ASSERT_EQUAL(PARSE(&o, err, "pargrade", "--class", "/tmp"), OPTIONS_OK);
  CU_ASSERT_EQUAL(o.slurm, 0);
  CU_ASSERT_PTR_NULL(o.slurm_partition);
  CU_ASSERT_EQUAL(o.slurm_cpus, 0);
  expect(PARSE(&o, err, "pargrade", "--slurm"), err,
         "--slurm grades a class: use it with --class DIR");
  expect(PARSE(&o, err, "pargrade", "--class", "/tmp", "--slurm-cpus", "4"), err,
         "--slurm-partition, --slurm-time and --slurm-cpus go with --slurm");
  expect(PARSE(&o, err, "pargrade", "--class", "/tmp", "--slurm", "--slurm-time", "1h"),
         err, "--slurm-time needs a time limit as sbatch --time takes it: minutes (30) "
         "or H:MM:SS (1:30:00)");
  expect(PARSE(&o, err, "pargrade", "--class", "/tmp", "--slurm", "--slurm-cpus", "0"),
         err, "--slurm-cpus needs a whole number from 1 to 4096");
  expect(PARSE(&o, err, "pargrade", "--class", "/tmp", "--slurm", "--slurm-partition",
               "--quick"), err,
         "--slurm-partition needs a value: a partition name (sinfo lists them)");
}

void
register_options(void)
{
  CU_pSuite s = CU_add_suite("options (command line)", NULL, NULL);
  CU_add_test(s, "defaults", test_defaults);
  CU_add_test(s, "every option", test_every_option);
  CU_add_test(s, "bad options", test_errors);
  CU_add_test(s, "an option is not a value", test_option_as_value);
  CU_add_test(s, "--slurm and its options", test_slurm_options);
}
