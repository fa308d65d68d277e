// The command line every exercise program shares (the program contract).
#ifndef COMMON_CLI_H
#define COMMON_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

// Kinds of program-specific options; `value` in struct cli_option points to:
enum cli_type {
  CLI_LONG,    // long *
  CLI_DOUBLE,  // double *
  CLI_STRING,  // const char ** (points into argv)
  CLI_FLAG,    // int *, set to 1; takes no value
  CLI_SHARD,   // struct shard * (split.h), parsed from "i/n"
};

// One program-specific option, e.g. {"k", CLI_LONG, &k, "K", "k-mer length", 8, 12}.
// For CLI_LONG and CLI_DOUBLE the value must lie in [min, max] when min < max.
struct cli_option {
  const char *name;     // long name without the leading dashes
  enum cli_type type;
  void *value;
  const char *metavar;  // shown in usage, e.g. "N"; ignored for CLI_FLAG
  const char *help;
  double min, max;
};

// The options every program has. The caller fills in the defaults before parsing.
struct cli_args {
  long size;            // --size N, problem size, >= 1
  uint64_t seed;        // --seed S, any unsigned 64-bit integer
  int workers;          // --workers P, 1..CLI_MAX_WORKERS; 0 when not given
  const char *output;   // --output FILE; NULL means stdout
  int accepts_files;    // set by the caller: allow positional FILE arguments
  int nfiles;           // positional arguments after the options (see accepts_files)
  char **files;
};

#define CLI_MAX_WORKERS 4096

enum cli_status { CLI_OK = 0, CLI_HELP = 1, CLI_ERROR = 2 };

// Parses argv into args and the extra options (extra may be NULL when nextra is 0).
// Accepts "--name value" and "--name=value". Returns CLI_HELP for --help or -h, and
// CLI_ERROR with a one-line message in err that names the argument at fault.
enum cli_status cli_parse(int argc, char **argv, struct cli_args *args,
                          const struct cli_option *extra, size_t nextra,
                          char *err, size_t errlen);

// Writes the one-line usage ("usage: NAME [--size N] ...") to out.
void cli_usage(FILE *out, const char *program, const struct cli_option *extra,
               size_t nextra);

// Writes the full --help text: summary, usage and one line per option.
void cli_help(FILE *out, const char *program, const char *summary,
              const struct cli_option *extra, size_t nextra);

// What main() calls: parses, or prints help and exits 0, or prints
// "NAME: error: MESSAGE" and the usage to stderr and exits with status 2.
void cli_parse_or_exit(int argc, char **argv, const char *summary,
                       struct cli_args *args, const struct cli_option *extra,
                       size_t nextra);

#endif
