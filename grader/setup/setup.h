// What is to be graded and how: exercise.ini (spec.c) and pargrade's command line
// (options.c).
#ifndef GRADER_SETUP_SETUP_H
#define GRADER_SETUP_SETUP_H

#include <stdio.h>

#include "grader.h"

// spec.c: exercise.ini, what the grader needs to know about one exercise (the
// structs are in grader.h).

// Reads and validates the ini file at path. Messages name the file as `shown`.
// Returns 0, or -1 with one line in err:
//   "exercises/01-pi/exercise.ini: line 7: [sizes] grade: 'x' is not a whole number >= 1"
//   "exercises/01-pi/exercise.ini: missing [sizes] grade"
int spec_load(const char *path, const char *shown, struct spec *s, char *err,
              size_t errlen);

// 1 for a version the grader knows how to build and launch (embarrassing, openmp, mpi).
int spec_version_known(const char *version);

// options.c: pargrade's command line.

enum source_kind { SOURCE_EXERCISES, SOURCE_SOLUTIONS, SOURCE_SUBMISSION };
enum format_kind { FORMAT_TABLE, FORMAT_JSON, FORMAT_GRADESCOPE, FORMAT_CLASSROOM,
                   FORMAT_PRAIRIELEARN, FORMAT_JUNIT, FORMAT_CSV, FORMAT_HTML };

struct options {
  enum source_kind source;
  const char *submission;  // --submission DIR, as given
  const char *exercise;    // --exercise NAME, or NULL for all
  int have_seed;
  uint64_t seed;
  enum format_kind format;
  long size;               // --size N, or 0 for the exercise's [sizes] grade
  int runs;                // --runs R, timed rounds
  int adaptive;            // 1 unless --runs was given: more rounds while noisy
  int keep;                // --keep: leave the scratch directory in place
  int hide_names;          // --hide-names: the class page numbers the students
  int quick;               // --quick: [sizes] quick, correctness only, no timing
  const char *plot_dir;    // --plot DIR: one SVG of speedups per exercise, or NULL
  const char *class_dir;   // --class DIR: one submission per subfolder, or NULL
  int slurm;               // --slurm: with --class, one Slurm array task per student
  const char *slurm_partition;  // --slurm-partition NAME, or NULL: Slurm's default
  const char *slurm_time;  // --slurm-time LIMIT (sbatch --time), or NULL
  int slurm_cpus;          // --slurm-cpus N, or 0: a whole node per student
  const char *hostfile;    // --hostfile FILE: MPI versions across its hosts, or NULL
};

enum options_status { OPTIONS_OK = 0, OPTIONS_HELP = 1, OPTIONS_ERROR = 2 };

// Parses argv (argv[0] is the program). On OPTIONS_ERROR, err holds one line that
// names the option at fault.
enum options_status options_parse(int argc, char **argv, struct options *o, char *err,
                                  size_t errlen);
void options_usage(FILE *out);
// "json" for FORMAT_JSON: --format's value.
const char *options_format_name(enum format_kind f);
void options_help(FILE *out);

#endif
