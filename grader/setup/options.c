// pargrade's command line: which sources to grade, how, and how to report.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "setup/setup.h"

static const char usage[] =
  "usage: pargrade [--solutions | --submission DIR | --class DIR [--slurm ...]]\n"
  "                [--exercise NAME] [--hostfile FILE]\n"
  "                [--seed S] [--plot DIR] [--quick] [--size N] [--runs R] [--keep]\n"
  "                [--format table|json|gradescope|classroom|prairielearn|junit|csv|\n"
  "                html] [--help]\n";

// --format's values, in the order of enum format_kind.
static const char *const format_names[] = {"table", "json", "gradescope", "classroom",
                                           "prairielearn", "junit", "csv", "html"};

const char *
options_format_name(enum format_kind f)
{
  return format_names[f];
}

void
options_usage(FILE *out)
{
  fputs(usage, out);
}

void
options_help(FILE *out)
{
  fputs("Grades the parallel versions of every exercise: builds them against the\n"
        "project's serial reference, checks their answers at several worker counts,\n"
        "times them against the serial run, and prints the points.\n\n", out);
  fputs(usage, out);
  fprintf(out,
    "\n"
    "  --solutions          grade the reference solutions in solutions/\n"
    "  --submission DIR     grade DIR/NN-name/VERSION.c (DIR mirrors exercises/);\n"
    "                       a missing file is 'not submitted'\n"
    "  --exercise NAME      grade only this exercise (e.g. 01-pi)\n"
    "  --seed S             input seed, to reproduce a grading (default: drawn now)\n"
    "  --class DIR          grade a class: each subfolder of DIR is one student's\n"
    "                       submission (as --submission); reports go to DIR-reports/\n"
    "                       (STUDENT.json, STUDENT.log, class.csv); a rerun skips\n"
    "                       students whose files and options did not change\n"
    "  --slurm              with --class: grade on a Slurm cluster, one task of a job\n"
    "                       array per student to grade (each on a node of its own,\n"
    "                       for fair timings, unless --slurm-cpus); pargrade waits\n"
    "                       for the array, then writes the class's reports as usual\n"
    "  --slurm-partition P  with --slurm: the partition (default: Slurm's)\n"
    "  --slurm-time LIMIT   with --slurm: each student's time limit, as sbatch --time\n"
    "                       takes it (minutes, or H:MM:SS)\n"
    "  --slurm-cpus N       with --slurm: N CPUs per student instead of a whole node\n"
    "  --hostfile FILE      run the MPI versions across the hosts of this Open MPI\n"
    "                       host file (rank i on host i mod hosts), reached as\n"
    "                       mpirun would (ssh, or OMPI_MCA_plm_rsh_agent); the\n"
    "                       project must be at the same path on every host (a\n"
    "                       shared file system), and as root pargrade's own host\n"
    "                       runs no rank (README: 'Grading across hosts')\n"
    "  --hide-names         with --class: the class page (index.html) says\n"
    "                       'student 1', 'student 2', ... instead of names, for a\n"
    "                       screen the whole workshop sees\n"
    "  --format FORMAT      the report on stdout: table (default), json, gradescope\n"
    "                       (results.json), classroom (GitHub Classroom's result,\n"
    "                       base64), prairielearn (results.json), junit (XML),\n"
    "                       csv (one row per student) or html (one page to look at)\n"
    "  --plot DIR           write DIR/NN-name.svg: speedup against workers\n"
    "                       (with --class: DIR/STUDENT/NN-name.svg)\n"
    "  --quick              small sizes, correctness only, no timing: seconds\n"
    "  --size N             problem size instead of the exercise's grading size\n"
    "  --runs R             timed rounds, 1..%d (default: %d, and up to %d while the\n"
    "                       timings are noisy); the median counts\n"
    "  --keep               keep the scratch directory and say where it is\n"
    "  --help               this text\n"
    "\n"
    "Without --solutions or --submission it grades your work in exercises/.\n"
    "Progress goes to stderr; the report to stdout. Exit status: 0 when grading ran\n"
    "(whatever the score), 1 when nothing could be graded, 2 for a bad option.\n",
    PARAM_RUNS_MAX, PARAM_RUNS, PARAM_RUNS_ADAPT_MAX);
}

// Parses a whole number in [min, max]; -1 on anything else.
static int
options_number(const char *text, long min, long max, long *out)
{
  char *end;
  errno = 0;
  long n = strtol(text, &end, 10);
  if (errno || end == text || *end != '\0' || n < min || n > max)
    return -1;
  *out = n;
  return 0;
}

static int
options_seed(const char *text, uint64_t *out)
{
  char *end;
  errno = 0;
  if (text[0] == '-' || text[0] == '\0')
    return -1;
  unsigned long long n = strtoull(text, &end, 10);
  if (errno || *end != '\0')
    return -1;
  *out = n;
  return 0;
}

// Takes the value of option `name` from "--name=value" or the next argument. NULL
// when there is none, when it is empty, or when it starts with "--": that is the next
// option, not a value ("--exercise --quick" must not grade an exercise "--quick").
static const char *
options_value(int argc, char **argv, int *i, const char *arg, const char *name)
{
  size_t n = strlen(name);
  const char *value = NULL;
  if (arg[n] == '=')
    value = arg + n + 1;
  else if (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0)
    value = argv[++*i];
  return value && *value && strncmp(value, "--", 2) != 0 ? value : NULL;
}

// 1 when arg is "--name" or "--name=...".
static int
options_is(const char *arg, const char *name)
{
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return OPTIONS_ERROR; } while (0)

enum options_status
options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
  memset(o, 0, sizeof *o);
  o->runs = PARAM_RUNS;
  o->adaptive = 1;
  o->format = FORMAT_TABLE;
  int solutions = 0;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *value;
    long n;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      return OPTIONS_HELP;
    } else if (strcmp(arg, "--solutions") == 0) {
      solutions = 1;
    } else if (strcmp(arg, "--keep") == 0) {
      o->keep = 1;
    } else if (strcmp(arg, "--hide-names") == 0) {
      o->hide_names = 1;
    } else if (strcmp(arg, "--slurm") == 0) {
      o->slurm = 1;
    } else if (options_is(arg, "--hostfile")) {
      if (!(value = options_value(argc, argv, &i, arg, "--hostfile")))
        FAIL("--hostfile needs a value: an Open MPI host file (one host a line)");
      o->hostfile = value;
    } else if (options_is(arg, "--slurm-partition")) {
      if (!(value = options_value(argc, argv, &i, arg, "--slurm-partition")))
        FAIL("--slurm-partition needs a value: a partition name (sinfo lists them)");
      o->slurm_partition = value;
    } else if (options_is(arg, "--slurm-time")) {
      if (!(value = options_value(argc, argv, &i, arg, "--slurm-time")) ||
          strspn(value, "0123456789:-") != strlen(value))
        FAIL("--slurm-time needs a time limit as sbatch --time takes it: minutes (30) "
             "or H:MM:SS (1:30:00)");
      o->slurm_time = value;
    } else if (options_is(arg, "--slurm-cpus")) {
      if (!(value = options_value(argc, argv, &i, arg, "--slurm-cpus")) ||
          options_number(value, 1, 4096, &n) != 0)
        FAIL("--slurm-cpus needs a whole number from 1 to 4096");
      o->slurm_cpus = (int)n;
    } else if (strcmp(arg, "--quick") == 0) {
      o->quick = 1;
    } else if (options_is(arg, "--class")) {
      if (!(value = options_value(argc, argv, &i, arg, "--class")))
        FAIL("--class needs a value: a directory with one subfolder per student");
      struct stat st;
      if (stat(value, &st) != 0)
        FAIL("--class %s: %s", value, strerror(errno));
      if (!S_ISDIR(st.st_mode))
        FAIL("--class %s: not a directory", value);
      o->class_dir = value;
    } else if (options_is(arg, "--plot")) {
      if (!(value = options_value(argc, argv, &i, arg, "--plot")))
        FAIL("--plot needs a value: a directory for the SVG files");
      o->plot_dir = value;
    } else if (options_is(arg, "--submission")) {
      if (!(value = options_value(argc, argv, &i, arg, "--submission")))
        FAIL("--submission needs a value: a directory such as alice (with "
             "alice/01-pi/openmp.c)");
      struct stat st;
      if (stat(value, &st) != 0)
        FAIL("--submission %s: %s", value, strerror(errno));
      if (!S_ISDIR(st.st_mode))
        FAIL("--submission %s: not a directory", value);
      o->submission = value;
    } else if (options_is(arg, "--exercise")) {
      if (!(value = options_value(argc, argv, &i, arg, "--exercise")))
        FAIL("--exercise needs a value: an exercise name such as 01-pi");
      o->exercise = value;
    } else if (options_is(arg, "--seed")) {
      if (!(value = options_value(argc, argv, &i, arg, "--seed")))
        FAIL("--seed needs a value: a whole number from 0 to 18446744073709551615");
      if (options_seed(value, &o->seed) != 0)
        FAIL("--seed needs a whole number from 0 to 18446744073709551615");
      o->have_seed = 1;
    } else if (options_is(arg, "--format")) {
      if (!(value = options_value(argc, argv, &i, arg, "--format")))
        FAIL("--format needs a value: table, json, gradescope, classroom, prairielearn, "
             "junit, csv or html");
      int f = 0;
      while (f <= FORMAT_HTML && strcmp(value, format_names[f]) != 0)
        f++;
      if (f > FORMAT_HTML)
        FAIL("--format must be table, json, gradescope, classroom, prairielearn, junit, "
             "csv or html");
      o->format = (enum format_kind)f;
    } else if (options_is(arg, "--size")) {
      if (!(value = options_value(argc, argv, &i, arg, "--size")))
        FAIL("--size needs a value: a whole number >= 1");
      if (options_number(value, 1, LONG_MAX, &n) != 0)
        FAIL("--size needs a whole number >= 1");
      o->size = n;
    } else if (options_is(arg, "--runs")) {
      if (!(value = options_value(argc, argv, &i, arg, "--runs")))
        FAIL("--runs needs a value: a whole number from 1 to %d", PARAM_RUNS_MAX);
      if (options_number(value, 1, PARAM_RUNS_MAX, &n) != 0)
        FAIL("--runs needs a whole number from 1 to %d", PARAM_RUNS_MAX);
      o->runs = (int)n;
      o->adaptive = 0;
    } else if (arg[0] == '-') {
      FAIL("unknown option %s", arg);
    } else {
      FAIL("unexpected argument %s (sources are chosen with --solutions or "
           "--submission DIR)", arg);
    }
  }
  if (solutions + !!o->submission + !!o->class_dir > 1)
    FAIL("choose one of --solutions, --submission and --class");
  if (o->slurm && !o->class_dir)
    FAIL("--slurm grades a class: use it with --class DIR");
  if (o->slurm && o->hostfile)
    FAIL("--hostfile and --slurm do not go together: each Slurm task grades on its own "
         "node (for MPI across nodes, give the task more: --slurm-cpus)");
  if (!o->slurm && (o->slurm_partition || o->slurm_time || o->slurm_cpus))
    FAIL("--slurm-partition, --slurm-time and --slurm-cpus go with --slurm");
  o->source = solutions ? SOURCE_SOLUTIONS
            : o->submission || o->class_dir ? SOURCE_SUBMISSION : SOURCE_EXERCISES;
  return OPTIONS_OK;
}
