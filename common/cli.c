// The command line every exercise program shares: parsing, usage and --help.
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

// One parse in progress. cli_parse runs the loop twice: a dry run that only
// validates (so an error or --help leaves every value untouched), then one
// that stores.
struct parser {
  struct cli_args *args;
  const struct cli_option *extra;
  size_t nextra;
  int store;
  char *err;
  size_t errlen;
};

static enum cli_status
fail(struct parser *p, const char *fmt, ...)
{
  if (p->err && p->errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
  }
  return CLI_ERROR;
}

// Strict decimal: an optional sign, then digits and nothing else; strtol
// alone would accept spaces, "12abc" and "". Returns 0, -1 (not a number) or
// -2 (out of range).
static int
parse_long(const char *s, long *out)
{
  const char *d = s + (*s == '-' || *s == '+');
  if (*d < '0' || *d > '9')
    return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (*end != '\0')
    return -1;
  if (errno == ERANGE)
    return -2;
  *out = v;
  return 0;
}

static int
in_range(double v, const struct cli_option *o)
{
  return !(o->min < o->max) || (v >= o->min && v <= o->max);
}

static enum cli_status
set_builtin(struct parser *p, const char *name, const char *v)
{
  long n = 0;
  int rc;
  if (strcmp(name, "size") == 0) {
    rc = parse_long(v, &n);
    if (rc == -2 && v[0] != '-')
      return fail(p, "--size: '%s' is too large (at most %ld)", v, LONG_MAX);
    if (rc < 0 || n < 1)
      return fail(p, "--size: expected a whole number of at least 1, got '%s'", v);
    if (p->store)
      p->args->size = n;
  } else if (strcmp(name, "seed") == 0) {
    char *end;
    errno = 0;
    unsigned long long s = (v[0] >= '0' && v[0] <= '9') ? strtoull(v, &end, 10) : 0;
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno == ERANGE)
      return fail(p, "--seed: expected a whole number from 0 to %llu, got '%s'",
                  (unsigned long long)UINT64_MAX, v);
    if (p->store)
      p->args->seed = (uint64_t)s;
  } else if (strcmp(name, "workers") == 0) {
    if (parse_long(v, &n) < 0 || n < 1 || n > CLI_MAX_WORKERS)
      return fail(p, "--workers: expected a whole number from 1 to %d, got '%s'",
                  CLI_MAX_WORKERS, v);
    if (p->store)
      p->args->workers = (int)n;
  } else {  // output
    if (v[0] == '\0')
      return fail(p, "--output: expected a file name, got ''");
    if (p->store)
      p->args->output = v;
  }
  return CLI_OK;
}

static enum cli_status
set_extra(struct parser *p, const struct cli_option *o, const char *v)
{
  int ranged = o->min < o->max;
  if (o->type == CLI_LONG) {
    long n = 0;
    int rc = parse_long(v, &n);
    if (rc < 0 || !in_range((double)n, o)) {
      if (ranged)
        return fail(p, "--%s: expected a whole number from %.15g to %.15g, got '%s'",
                    o->name, o->min, o->max, v);
      if (rc == -2)
        return fail(p, "--%s: '%s' is out of range", o->name, v);
      return fail(p, "--%s: expected a whole number, got '%s'", o->name, v);
    }
    if (p->store)
      *(long *)o->value = n;
  } else if (o->type == CLI_DOUBLE) {
    char *end;
    double d = strtod(v, &end);
    // strtod skips spaces and accepts "nan" and "inf"; neither is a size or a rate.
    int ok = v[0] != '\0' && strchr(" \t\n\v\f\r", v[0]) == NULL && *end == '\0' &&
             isfinite(d);
    if (!ok || !in_range(d, o)) {
      if (ranged)
        return fail(p, "--%s: expected a number from %.15g to %.15g, got '%s'",
                    o->name, o->min, o->max, v);
      return fail(p, "--%s: expected a number, got '%s'", o->name, v);
    }
    if (p->store)
      *(double *)o->value = d;
  } else if (o->type == CLI_STRING) {
    if (p->store)
      *(const char **)o->value = v;
  } else if (o->type == CLI_SHARD) {
    struct shard s;
    char why[160];
    if (shard_parse(v, &s, why, sizeof why) < 0)
      return fail(p, "--%s: %s", o->name, why);
    if (p->store)
      *(struct shard *)o->value = s;
  }
  return CLI_OK;
}

// Moves argv[i] down to argv[to], shifting argv[to..i-1] up one place, so that
// the positional arguments end up together, in order, at argv + 1 (argv is
// reordered, as GNU getopt does).
static void
collect_file(char **argv, int to, int i)
{
  char *file = argv[i];
  memmove(argv + to + 1, argv + to, (size_t)(i - to) * sizeof *argv);
  argv[to] = file;
}

static enum cli_status
parse_pass(struct parser *p, int argc, char **argv)
{
  int nfiles = 0, options_done = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
      if (!p->args->accepts_files)
        return fail(p, "unexpected argument '%s'", a);
      if (p->store)
        collect_file(argv, 1 + nfiles, i);
      nfiles++;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
      return CLI_HELP;
    if (a[1] != '-')
      return fail(p, "unknown option '%s'", a);

    // "--name=value" or "--name value"; name is copied so argv stays intact.
    char name[64];
    const char *eq = strchr(a + 2, '='), *value = eq ? eq + 1 : NULL;
    size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
    if (len >= sizeof name)
      return fail(p, "unknown option '%.*s'", (int)(len + 2), a);
    memcpy(name, a + 2, len);
    name[len] = '\0';

    const struct cli_option *o = NULL;
    int builtin = strcmp(name, "size") == 0 || strcmp(name, "seed") == 0 ||
                  strcmp(name, "workers") == 0 || strcmp(name, "output") == 0;
    for (size_t k = 0; !builtin && k < p->nextra; k++)
      if (strcmp(p->extra[k].name, name) == 0)
        o = &p->extra[k];
    if (strcmp(name, "help") == 0)
      return fail(p, "--help: takes no value, got '%s'", value);
    if (!builtin && o == NULL)
      return fail(p, "unknown option '--%s'", name);

    if (o && o->type == CLI_FLAG) {
      if (value)
        return fail(p, "--%s: takes no value, got '%s'", name, value);
      if (p->store)
        *(int *)o->value = 1;
      continue;
    }
    if (!value) {
      // The next argument is the value, unless it is another option: then the
      // value was forgotten. (A negative number is still a value.)
      if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)
        return fail(p, "--%s: missing value", name);
      value = argv[++i];
    }
    enum cli_status st = builtin ? set_builtin(p, name, value) : set_extra(p, o, value);
    if (st != CLI_OK)
      return st;
  }
  if (p->store) {
    p->args->nfiles = nfiles;
    p->args->files = argc > 0 ? argv + 1 : argv;
  }
  return CLI_OK;
}

enum cli_status
cli_parse(int argc, char **argv, struct cli_args *args, const struct cli_option *extra,
          size_t nextra, char *err, size_t errlen)
{
  struct parser p = {args, extra, nextra, 0, err, errlen};
  if (err && errlen > 0)
    err[0] = '\0';
  enum cli_status st = parse_pass(&p, argc, argv);
  if (st != CLI_OK)
    return st;
  p.store = 1;
  return parse_pass(&p, argc, argv);
}

// The usage line, with " [FILE...]" when the program takes files.
static void
usage(FILE *out, const char *program, const struct cli_option *extra, size_t nextra,
      int files)
{
  fprintf(out, "usage: %s [--size N] [--seed S] [--workers P] [--output FILE]", program);
  for (size_t k = 0; k < nextra; k++) {
    if (extra[k].type == CLI_FLAG)
      fprintf(out, " [--%s]", extra[k].name);
    else
      fprintf(out, " [--%s %s]", extra[k].name, extra[k].metavar ? extra[k].metavar : "X");
  }
  fprintf(out, "%s\n", files ? " [FILE...]" : "");
}

void
cli_usage(FILE *out, const char *program, const struct cli_option *extra, size_t nextra)
{
  usage(out, program, extra, nextra, 0);
}

// One line of --help: the option padded to `width`, what it does, and its
// default when there is one.
static void
help_line(FILE *out, int width, const char *option, const char *metavar,
          const char *text, const char *dflt)
{
  char left[96];
  snprintf(left, sizeof left, "%s%s%s", option, metavar ? " " : "", metavar ? metavar : "");
  fprintf(out, "  %-*s  %s%s%s%s\n", width, left, text, dflt[0] ? " (default: " : "", dflt,
          dflt[0] ? ")" : "");
}

// An extra option's current value (its default, before parsing) as text.
static void
describe(char *buf, size_t size, const struct cli_option *o)
{
  const void *v = o->value;
  buf[0] = '\0';
  if (v && o->type == CLI_LONG)
    snprintf(buf, size, "%ld", *(const long *)v);
  else if (v && o->type == CLI_DOUBLE)
    snprintf(buf, size, "%g", *(const double *)v);
  else if (v && o->type == CLI_STRING && *(const char *const *)v)
    snprintf(buf, size, "%s", *(const char *const *)v);
  else if (v && o->type == CLI_SHARD && ((const struct shard *)v)->count > 0)
    snprintf(buf, size, "%d/%d", ((const struct shard *)v)->index,
             ((const struct shard *)v)->count);
}

// The --help text; `defaults` (may be NULL) supplies the built-in defaults.
static void
help(FILE *out, const char *program, const char *summary, const struct cli_option *extra,
     size_t nextra, const struct cli_args *defaults)
{
  int width = (int)strlen("--output FILE");
  for (size_t k = 0; k < nextra; k++) {
    const char *m = extra[k].metavar ? extra[k].metavar : "X";
    int w = 2 + (int)strlen(extra[k].name) + (extra[k].type == CLI_FLAG ? 0 : 1 + (int)strlen(m));
    if (w > width && w < 40)
      width = w;
  }
  if (summary && summary[0])
    fprintf(out, "%s\n\n", summary);
  usage(out, program, extra, nextra, defaults && defaults->accepts_files);
  fprintf(out, "\noptions:\n");
  char text[160], dflt[80] = "";
  if (defaults)
    snprintf(dflt, sizeof dflt, "%ld", defaults->size);
  help_line(out, width, "--size", "N", "problem size, at least 1", dflt);
  if (defaults)
    snprintf(dflt, sizeof dflt, "%llu", (unsigned long long)defaults->seed);
  help_line(out, width, "--seed", "S", "seed of the random input, 0 to 2^64-1", dflt);
  snprintf(text, sizeof text, "number of workers, 1 to %d", CLI_MAX_WORKERS);
  dflt[0] = '\0';
  if (defaults && defaults->workers > 0)
    snprintf(dflt, sizeof dflt, "%d", defaults->workers);
  help_line(out, width, "--workers", "P", text, dflt);
  help_line(out, width, "--output", "FILE", "write the result to FILE",
            defaults && defaults->output ? defaults->output : "standard output");
  for (size_t k = 0; k < nextra; k++) {
    const struct cli_option *o = &extra[k];
    char option[80];
    snprintf(option, sizeof option, "--%s", o->name);
    snprintf(text, sizeof text, "%s", o->help ? o->help : "");
    if ((o->type == CLI_LONG || o->type == CLI_DOUBLE) && o->min < o->max)
      snprintf(text + strlen(text), sizeof text - strlen(text), ", %.15g to %.15g", o->min,
               o->max);
    describe(dflt, sizeof dflt, o);
    help_line(out, width, option, o->type == CLI_FLAG ? NULL : o->metavar ? o->metavar : "X",
              text, dflt);
  }
  help_line(out, width, "-h, --help", NULL, "show this help and exit", "");
  if (defaults && defaults->accepts_files)
    help_line(out, width, "FILE...", NULL, "input files", "");
  fprintf(out, "Options take their value as '--name value' or '--name=value'.\n");
}

void
cli_help(FILE *out, const char *program, const char *summary,
         const struct cli_option *extra, size_t nextra)
{
  help(out, program, summary, extra, nextra, NULL);
}

void
cli_parse_or_exit(int argc, char **argv, const char *summary, struct cli_args *args,
                  const struct cli_option *extra, size_t nextra)
{
  // The program's name as the user typed it, without its directory.
  const char *program = argc > 0 && argv[0] && argv[0][0] ? argv[0] : "program";
  const char *slash = strrchr(program, '/');
  if (slash && slash[1])
    program = slash + 1;

  char err[512];
  enum cli_status st = cli_parse(argc, argv, args, extra, nextra, err, sizeof err);
  if (st == CLI_HELP) {
    help(stdout, program, summary, extra, nextra, args);
    exit(fflush(stdout) == 0 ? 0 : 1);
  }
  if (st == CLI_ERROR) {
    fprintf(stderr, "%s: error: %s\n", program, err);
    usage(stderr, program, extra, nextra, args->accepts_files);
    fprintf(stderr, "Try '%s --help' for more.\n", program);
    exit(2);
  }
}
