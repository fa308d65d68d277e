// Tests for cli.c: the shared command line, its errors, usage and --help.
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "split.h"
#include "suites.h"

static long k, count;
static double rate, scale;
static const char *name;
static int verbose;
static struct shard shard;

static const struct cli_option extra[] = {
  {"k", CLI_LONG, &k, "K", "k-mer length", 8, 12},
  {"count", CLI_LONG, &count, "C", "how many", 0, 0},
  {"rate", CLI_DOUBLE, &rate, "R", "a rate", 0, 1},
  {"scale", CLI_DOUBLE, &scale, "X", "a scale", 0, 0},
  {"name", CLI_STRING, &name, "NAME", "a name", 0, 0},
  {"verbose", CLI_FLAG, &verbose, NULL, "say more", 0, 0},
  {"shard", CLI_SHARD, &shard, "I/N", "run share I of N", 0, 0},
};
#define NEXTRA (sizeof extra / sizeof extra[0])

#define USAGE_TAIL                                                                    \
  " [--size N] [--seed S] [--workers P] [--output FILE] [--k K] [--count C] [--rate R]" \
  " [--scale X] [--name NAME] [--verbose] [--shard I/N]"

static struct cli_args args;
static char err[512];
static char *argv_buf[32];
static int argc_buf;

// Puts the defaults back before each parse.
static void
reset(int accepts_files)
{
  args = (struct cli_args){.size = 10, .seed = 1, .accepts_files = accepts_files};
  k = 12, count = 0, rate = 0.5, scale = 1, name = NULL, verbose = 0;
  shard = (struct shard){0, 0};
  strcpy(err, "unset");
}

// Builds argv = {"prog", ...}; the list ends with NULL.
static char **
make_argv(const char *const *list)
{
  argc_buf = 0;
  argv_buf[argc_buf++] = "prog";
  for (; *list; list++)
    argv_buf[argc_buf++] = (char *)*list;
  argv_buf[argc_buf] = NULL;
  return argv_buf;
}

static enum cli_status
parse_list(int accepts_files, const char *const *list)
{
  reset(accepts_files);
  char **argv = make_argv(list);
  return cli_parse(argc_buf, argv, &args, extra, NEXTRA, err, sizeof err);
}
#define PARSE(...) parse_list(0, (const char *const[]){__VA_ARGS__, NULL})
#define PARSE_FILES(...) parse_list(1, (const char *const[]){__VA_ARGS__, NULL})

static void
test_defaults_kept(void)
{
  reset(0);
  char *argv[] = {"prog", NULL};
  CU_ASSERT_EQUAL(cli_parse(1, argv, &args, NULL, 0, err, sizeof err), CLI_OK);
  CU_ASSERT_EQUAL(args.size, 10);
  CU_ASSERT_EQUAL(args.seed, 1);
  CU_ASSERT_EQUAL(args.workers, 0);
  CU_ASSERT_PTR_NULL(args.output);
  CU_ASSERT_EQUAL(args.nfiles, 0);
}

static void
test_builtins_both_syntaxes(void)
{
  CU_ASSERT_EQUAL(PARSE("--size", "100", "--seed", "18446744073709551615", "--workers",
                        "4096", "--output", "out.txt"),
                  CLI_OK);
  CU_ASSERT_EQUAL(args.size, 100);
  CU_ASSERT_EQUAL(args.seed, UINT64_MAX);
  CU_ASSERT_EQUAL(args.workers, 4096);
  CU_ASSERT_STRING_EQUAL(args.output, "out.txt");

  CU_ASSERT_EQUAL(PARSE("--size=9223372036854775807", "--seed=0", "--workers=1",
                        "--output=-"),
                  CLI_OK);
  CU_ASSERT_EQUAL(args.size, 9223372036854775807L);
  CU_ASSERT_EQUAL(args.seed, 0);
  CU_ASSERT_EQUAL(args.workers, 1);
  CU_ASSERT_STRING_EQUAL(args.output, "-");

  CU_ASSERT_EQUAL(PARSE("--size", "5", "--size=6"), CLI_OK);  // the last one wins
  CU_ASSERT_EQUAL(args.size, 6);
}

static void
test_extras_both_syntaxes(void)
{
  CU_ASSERT_EQUAL(PARSE("--k", "8", "--count", "-5", "--rate", "0.25", "--scale", "-1e3",
                        "--name", "hello world", "--verbose", "--shard", "1/4"),
                  CLI_OK);
  CU_ASSERT_EQUAL(k, 8);
  CU_ASSERT_EQUAL(count, -5);
  CU_ASSERT_EQUAL(rate, 0.25);
  CU_ASSERT_EQUAL(scale, -1000.0);
  CU_ASSERT_STRING_EQUAL(name, "hello world");
  CU_ASSERT_EQUAL(verbose, 1);
  CU_ASSERT(shard.index == 1 && shard.count == 4);

  CU_ASSERT_EQUAL(PARSE("--k=12", "--count=+7", "--rate=1", "--scale=0", "--name=a=b",
                        "--shard=0/2"),
                  CLI_OK);
  CU_ASSERT_EQUAL(k, 12);
  CU_ASSERT_EQUAL(count, 7);
  CU_ASSERT_EQUAL(rate, 1.0);
  CU_ASSERT_EQUAL(scale, 0.0);
  CU_ASSERT_STRING_EQUAL(name, "a=b");
  CU_ASSERT_EQUAL(verbose, 0);
  CU_ASSERT(shard.index == 0 && shard.count == 2);
}

static void
test_help(void)
{
  CU_ASSERT_EQUAL(PARSE("--help"), CLI_HELP);
  CU_ASSERT_EQUAL(PARSE("-h"), CLI_HELP);
  // Nothing is stored when help is asked for, so --help shows the defaults.
  CU_ASSERT_EQUAL(PARSE("--size", "5", "--k", "9", "--help", "--bogus"), CLI_HELP);
  CU_ASSERT_EQUAL(args.size, 10);
  CU_ASSERT_EQUAL(k, 12);
}

// Each bad command line and the one-line message it must give.
static const struct {
  const char *argv[5];  // ends with NULL
  const char *message;
} bad[] = {
  {{"--size", "12abc"}, "--size: expected a whole number of at least 1, got '12abc'"},
  {{"--size="}, "--size: expected a whole number of at least 1, got ''"},
  {{"--size", "0"}, "--size: expected a whole number of at least 1, got '0'"},
  {{"--size", "-5"}, "--size: expected a whole number of at least 1, got '-5'"},
  {{"--size", " 5"}, "--size: expected a whole number of at least 1, got ' 5'"},
  {{"--size", "1e6"}, "--size: expected a whole number of at least 1, got '1e6'"},
  {{"--size", "99999999999999999999"},
   "--size: '99999999999999999999' is too large (at most 9223372036854775807)"},
  {{"--size"}, "--size: missing value"},
  {{"--size", "--seed", "3"}, "--size: missing value"},
  {{"--seed", "-1"},
   "--seed: expected a whole number from 0 to 18446744073709551615, got '-1'"},
  {{"--seed", "18446744073709551616"},
   "--seed: expected a whole number from 0 to 18446744073709551615, got "
   "'18446744073709551616'"},
  {{"--seed=0x10"},
   "--seed: expected a whole number from 0 to 18446744073709551615, got '0x10'"},
  {{"--workers", "abc"}, "--workers: expected a whole number from 1 to 4096, got 'abc'"},
  {{"--workers", "0"}, "--workers: expected a whole number from 1 to 4096, got '0'"},
  {{"--workers=4097"}, "--workers: expected a whole number from 1 to 4096, got '4097'"},
  {{"--workers", "99999999999999999999"},
   "--workers: expected a whole number from 1 to 4096, got '99999999999999999999'"},
  {{"--output", ""}, "--output: expected a file name, got ''"},
  {{"--output"}, "--output: missing value"},
  {{"--sise", "5"}, "unknown option '--sise'"},
  {{"--sise=5"}, "unknown option '--sise'"},
  {{"-x"}, "unknown option '-x'"},
  {{"--help=1"}, "--help: takes no value, got '1'"},
  {{"stray"}, "unexpected argument 'stray'"},
  {{"--size", "5", "-"}, "unexpected argument '-'"},
  {{"--", "x"}, "unexpected argument 'x'"},
  {{"--verbose=1"}, "--verbose: takes no value, got '1'"},
  {{"--k", "13"}, "--k: expected a whole number from 8 to 12, got '13'"},
  {{"--k", "7"}, "--k: expected a whole number from 8 to 12, got '7'"},
  {{"--k=9.5"}, "--k: expected a whole number from 8 to 12, got '9.5'"},
  {{"--count", "1x"}, "--count: expected a whole number, got '1x'"},
  {{"--count", "99999999999999999999"}, "--count: '99999999999999999999' is out of range"},
  {{"--rate", "1.5"}, "--rate: expected a number from 0 to 1, got '1.5'"},
  {{"--rate", "-0.1"}, "--rate: expected a number from 0 to 1, got '-0.1'"},
  {{"--scale", "nan"}, "--scale: expected a number, got 'nan'"},
  {{"--scale", "1e999"}, "--scale: expected a number, got '1e999'"},
  {{"--scale", "2.5x"}, "--scale: expected a number, got '2.5x'"},
  {{"--scale="}, "--scale: expected a number, got ''"},
  {{"--name"}, "--name: missing value"},
  {{"--shard", "2/2"}, "--shard: share '2/2': the index must be from 0 to 1"},
  {{"--shard", "1/"}, "--shard: expected a share 'i/n' such as '0/4', got '1/'"},
  {{"--size", "5", "--workers", "abc"},
   "--workers: expected a whole number from 1 to 4096, got 'abc'"},
};

static void
test_errors(void)
{
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    enum cli_status st = parse_list(0, bad[i].argv);
    CU_ASSERT_EQUAL(st, CLI_ERROR);
    CU_ASSERT_STRING_EQUAL(err, bad[i].message);
    if (st != CLI_ERROR || strcmp(err, bad[i].message) != 0)
      fprintf(stderr, "\n  case %zu: got '%s'\n", i, err);
    // An error stores nothing, not even the options before it.
    CU_ASSERT_EQUAL(args.size, 10);
    CU_ASSERT_EQUAL(args.workers, 0);
  }
}

static void
test_files(void)
{
  CU_ASSERT_EQUAL(PARSE_FILES("a", "--size", "5", "b", "-", "--", "--c", "d"), CLI_OK);
  CU_ASSERT_EQUAL(args.size, 5);
  CU_ASSERT_EQUAL_FATAL(args.nfiles, 5);
  const char *want[] = {"a", "b", "-", "--c", "d"};
  for (int i = 0; i < 5; i++)
    CU_ASSERT_STRING_EQUAL(args.files[i], want[i]);
  CU_ASSERT_EQUAL(PARSE_FILES("--seed", "3"), CLI_OK);
  CU_ASSERT_EQUAL(args.nfiles, 0);
  CU_ASSERT_EQUAL(PARSE_FILES("a", "--bogus"), CLI_ERROR);
  CU_ASSERT_STRING_EQUAL(err, "unknown option '--bogus'");
}

// Reads all of f (from the start) into buf.
static void
slurp(FILE *f, char *buf, size_t size)
{
  rewind(f);
  size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

// Runs cli_parse_or_exit in a child whose stdout and stderr go to files.
// Returns the child's exit status (100 when it returned), or -1.
static int
run_parse_or_exit(int accepts_files, const char *const *list, char *out, char *errout,
                  size_t size)
{
  FILE *o = tmpfile(), *e = tmpfile();
  CU_ASSERT_FATAL(o != NULL && e != NULL);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fileno(o), STDOUT_FILENO);
    dup2(fileno(e), STDERR_FILENO);
    reset(accepts_files);
    char **argv = make_argv(list);
    argv[0] = "/usr/local/bin/pi-serial";
    cli_parse_or_exit(argc_buf, argv, "Test program.", &args, extra, NEXTRA);
    fflush(stdout);
    _exit(100);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  slurp(o, out, size);
  slurp(e, errout, size);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
test_parse_or_exit_error(void)
{
  char out[4096], errout[4096];
  int st = run_parse_or_exit(0, (const char *const[]){"--workers", "abc", NULL}, out,
                             errout, sizeof out);
  CU_ASSERT_EQUAL(st, 2);
  CU_ASSERT_STRING_EQUAL(out, "");
  CU_ASSERT_STRING_EQUAL(errout,
                         "pi-serial: error: --workers: expected a whole number from 1 to "
                         "4096, got 'abc'\n"
                         "usage: pi-serial" USAGE_TAIL "\n"
                         "Try 'pi-serial --help' for more.\n");
  st = run_parse_or_exit(1, (const char *const[]){"--sise", NULL}, out, errout, sizeof out);
  CU_ASSERT_EQUAL(st, 2);
  CU_ASSERT_STRING_EQUAL(errout, "pi-serial: error: unknown option '--sise'\n"
                                 "usage: pi-serial" USAGE_TAIL " [FILE...]\n"
                                 "Try 'pi-serial --help' for more.\n");
}

static void
test_parse_or_exit_help_and_ok(void)
{
  char out[4096], errout[4096];
  int st = run_parse_or_exit(0, (const char *const[]){"--size", "3", "-h", NULL}, out,
                             errout, sizeof out);
  CU_ASSERT_EQUAL(st, 0);
  CU_ASSERT_STRING_EQUAL(errout, "");
  CU_ASSERT_NSTRING_EQUAL(out, "Test program.\n\nusage: pi-serial" USAGE_TAIL "\n",
                          strlen("Test program.\n\nusage: pi-serial" USAGE_TAIL "\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  --size N       problem size, at least 1 "
                                     "(default: 10)\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  --k K          k-mer length, 8 to 12 "
                                     "(default: 12)\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  --verbose      say more\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  -h, --help     show this help and exit\n"));

  st = run_parse_or_exit(0, (const char *const[]){"--size", "3", NULL}, out, errout,
                         sizeof out);
  CU_ASSERT_EQUAL(st, 100);
  CU_ASSERT_STRING_EQUAL(out, "");
  CU_ASSERT_STRING_EQUAL(errout, "");
}

static void
test_usage_and_help_text(void)
{
  char buf[4096];
  FILE *f = tmpfile();
  CU_ASSERT_FATAL(f != NULL);
  cli_usage(f, "prog", extra, NEXTRA);
  slurp(f, buf, sizeof buf);
  CU_ASSERT_STRING_EQUAL(buf, "usage: prog" USAGE_TAIL "\n");

  f = tmpfile();
  CU_ASSERT_FATAL(f != NULL);
  cli_help(f, "prog", "Does things.", NULL, 0);
  slurp(f, buf, sizeof buf);
  CU_ASSERT_STRING_EQUAL(
    buf, "Does things.\n\n"
         "usage: prog [--size N] [--seed S] [--workers P] [--output FILE]\n\n"
         "options:\n"
         "  --size N       problem size, at least 1\n"
         "  --seed S       seed of the random input, 0 to 2^64-1\n"
         "  --workers P    number of workers, 1 to 4096\n"
         "  --output FILE  write the result to FILE (default: standard output)\n"
         "  -h, --help     show this help and exit\n"
         "Options take their value as '--name value' or '--name=value'.\n");
}

void
test_cli_register(void)
{
  CU_pSuite s = CU_add_suite("cli", NULL, NULL);
  CU_add_test(s, "no options keep the defaults", test_defaults_kept);
  CU_add_test(s, "built-in options, both syntaxes", test_builtins_both_syntaxes);
  CU_add_test(s, "extra options, both syntaxes", test_extras_both_syntaxes);
  CU_add_test(s, "--help and -h", test_help);
  CU_add_test(s, "bad arguments: exact one-line messages", test_errors);
  CU_add_test(s, "positional files and --", test_files);
  CU_add_test(s, "cli_parse_or_exit: error exits 2", test_parse_or_exit_error);
  CU_add_test(s, "cli_parse_or_exit: --help exits 0", test_parse_or_exit_help_and_ok);
  CU_add_test(s, "cli_usage and cli_help text", test_usage_and_help_text);
}
