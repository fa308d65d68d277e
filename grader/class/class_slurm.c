// Class mode on Slurm: the students that need grading become the tasks of one job
// array, and task i runs the very command line that the local class mode runs for
// student i (class.c), with the same report and log files. pargrade waits for the
// array with `sbatch --wait`; class.c then reads the reports as if it had graded them
// itself, so a rerun skips the students that are done, as it does locally.
//
// A timed grading needs a quiet machine, so each task gets a whole node (--exclusive)
// unless --slurm-cpus asks for a number of CPUs instead; --quick times nothing and
// shares nodes. The task's stdout and stderr are files of class mode's own, so what
// Slurm itself writes for a task (its time limit, a node failure) goes to
// REPORTS/slurm/task-I.out.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "class/class_slurm.h"
#include "run/run.h"

// Writes s in single quotes for sh: 'it'\''s'.
static void
slurm_quote(FILE *f, const char *s)
{
  fputc('\'', f);
  for (; *s; s++)
    if (*s == '\'')
      fputs("'\\''", f);
    else
      fputc(*s, f);
  fputc('\'', f);
}

// The array's script: a case over SLURM_ARRAY_TASK_ID, one command per student.
static int
slurm_script(const char *path, const struct class_task *tasks, int n)
{
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fputs("#!/bin/sh\n"
        "# Written by pargrade --class --slurm: task I of the job array grades the\n"
        "# I-th student below, as pargrade --class does on one machine.\n"
        "case \"$SLURM_ARRAY_TASK_ID\" in\n", f);
  for (int i = 0; i < n; i++) {
    fprintf(f, "%d) exec", i);
    for (int a = 0; tasks[i].argv[a]; a++) {
      fputc(' ', f);
      slurm_quote(f, tasks[i].argv[a]);
    }
    fputs(" </dev/null >", f);
    slurm_quote(f, tasks[i].out);
    fputs(" 2>", f);
    slurm_quote(f, tasks[i].log);
    fputs(" ;;\n", f);
  }
  fputs("esac\n"
        "echo \"pargrade --slurm: no student for task $SLURM_ARRAY_TASK_ID\" >&2\n"
        "exit 2\n", f);
  return fclose(f) == 0 && chmod(path, 0755) == 0 ? 0 : -1;
}

// The job id that `sbatch --parsable` printed into path ("123" or "123;cluster"), or 0.
static long
slurm_job_id(const char *path)
{
  char *text = file_read(path, 4096);
  long id = text ? strtol(text, NULL, 10) : 0;
  free(text);
  return id > 0 ? id : 0;
}

// The first line of the file at path, for an error message.
static void
slurm_first_line(const char *path, char *out, size_t len)
{
  char *text = file_read(path, 1 << 16);
  snprintf(out, len, "%.*s", text ? (int)strcspn(text, "\n") : 0, text ? text : "");
  free(text);
}

int
class_slurm_run(const struct options *o, const struct class_task *tasks, int n,
                const char *reports, char *err, size_t errlen)
{
  char dir[PATH_MAX], script[PATH_MAX + 16], out[PATH_MAX + 16], log[PATH_MAX + 16],
      output[PATH_MAX + 32], array[32], name[64], cpus[32], part[128], limit[64];
  snprintf(dir, sizeof dir, "%s/slurm", reports);
  snprintf(script, sizeof script, "%s/grade.sh", dir);
  snprintf(out, sizeof out, "%s/sbatch.out", dir);
  snprintf(log, sizeof log, "%s/sbatch.err", dir);
  if ((mkdir(dir, 0755) != 0 && errno != EEXIST) || slurm_script(script, tasks, n) != 0) {
    snprintf(err, errlen, "--slurm: cannot write %s: %s", script, strerror(errno));
    return -1;
  }
  snprintf(output, sizeof output, "--output=%s/task-%%a.out", dir);
  snprintf(array, sizeof array, "--array=0-%d", n - 1);
  snprintf(name, sizeof name, "--job-name=pargrade-class-%d", (int)getpid());
  const char *argv[16];
  int a = 0;
  argv[a++] = "sbatch";
  argv[a++] = "--wait";
  argv[a++] = "--parsable";
  argv[a++] = array;
  argv[a++] = name;
  argv[a++] = output;
  if (o->slurm_cpus > 0) {
    snprintf(cpus, sizeof cpus, "--cpus-per-task=%d", o->slurm_cpus);
    argv[a++] = cpus;
  } else if (!o->quick) {
    argv[a++] = "--exclusive";
  }
  if (o->slurm_partition) {
    snprintf(part, sizeof part, "--partition=%s", o->slurm_partition);
    argv[a++] = part;
  }
  if (o->slurm_time) {
    snprintf(limit, sizeof limit, "--time=%s", o->slurm_time);
    argv[a++] = limit;
  }
  argv[a++] = script;
  argv[a] = NULL;

  pid_t pid = class_spawn((char *const *)argv, out, log);
  if (pid < 0) {
    snprintf(err, errlen, "--slurm: cannot start sbatch: %s", strerror(errno));
    return -1;
  }
  int status = 0, cancelled = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR))
      break;
    long id = slurm_job_id(out);
    if (run_interrupted() && !cancelled && id) {
      char command[64];
      snprintf(command, sizeof command, "scancel %ld", id);
      cancelled = system(command) == 0 ? 1 : -1;
    }
    struct timespec nap = {0, 200 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  if (cancelled)
    return 130;
  if (!slurm_job_id(out)) {  // never submitted: no Slurm, a bad partition or time
    char first[256];
    slurm_first_line(log, first, sizeof first);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      snprintf(err, errlen, "--slurm: sbatch not found: run pargrade where Slurm's "
               "commands are (a cluster's login node), or grade without --slurm");
    else
      snprintf(err, errlen, "--slurm: sbatch did not submit the job array: %s",
               first[0] ? first : "(it printed nothing)");
    return -1;
  }
  return 0;
}
