// class_slurm.c: --class DIR --slurm, the students to grade as the tasks of one Slurm
// job array. Private to class mode.
#ifndef GRADER_CLASS_SLURM_H
#define GRADER_CLASS_SLURM_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "setup/setup.h"

// One student's grading: the pargrade command line (NULL-terminated), the file its
// stdout (the JSON report) goes to and the file its stderr (the log) goes to.
struct class_task {
  const char *const *argv;
  const char *out, *log;
};

// (class.c) Starts argv[0] (looked up in PATH) in a session of its own, stdin from
// /dev/null, stdout and stderr to the two files: a student's grading, or sbatch.
// Returns the child's pid, or -1.
pid_t class_spawn(char *const *argv, const char *out_path, const char *log_path);

// Writes REPORTS/slurm/grade.sh (task i runs tasks[i]), submits it as one job array
// with o's --slurm-partition, --slurm-time and --slurm-cpus, and waits for every task
// to end (sbatch --wait). Returns 0 once the array has ended, whatever each task did
// (class.c reads each report, or its absence); -1 with one line in err when the array
// could not be submitted, and 130 when pargrade was interrupted (the array cancelled).
int class_slurm_run(const struct options *o, const struct class_task *tasks, int n,
                    const char *reports, char *err, size_t errlen);

#endif
