// How a grading runs one command of a version: submitted code (and the reference
// solutions and the empty MPI program, for a fair comparison) in the sandbox, in a
// run directory of its own, with the grader's files around it locked away; and the
// small things every grade_*.c file needs (the progress line, paths in the scratch
// directory, the timeout floor, one run of the serial reference). It calls nothing
// in the other grade_*.c files, so they all build on it.
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "config.h"
#include "grade/grade.h"
#include "grade/grading.h"
#include "run/run.h"

void
grade_progress(const struct grade *gr, const char *fmt, ...)
{
  char text[GRADER_MSG];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (strncmp(text, "warning: ", 9) == 0)
    progress_note("%s: %s", gr->r->name, text);
  else
    progress_update("%s: %s", gr->r->name, text);
}

void
grade_path(const struct grade *gr, char *out, const char *file)
{
  snprintf(out, PATH_MAX, "%s/%s", gr->work, file);
}

// The wall-clock floor of a run: short when nothing is timed (small sizes, a student
// waiting for the answer), longer for a timed grading.
double
grade_timeout_floor(const struct grade *gr)
{
  double floor = PARAM_TIMEOUT_FLOOR;
  return gr->timing ? floor : fmin(floor, PARAM_QUICK_TIMEOUT_FLOOR);
}

// Before submitted code runs or compiles: the exercise's directory is 0711 (it may
// pass through to its run directory, not look around) and everything in it but
// `own` (its run directory), `binary` and the input is made 0700/0600.
void
grade_protect(const struct grade *gr, const char *own, const char *binary)
{
  DIR *d = opendir(gr->work);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", gr->work, e->d_name);
    if (e->d_name[0] != '.' && strcmp(path, own) != 0 && strcmp(path, binary) != 0 &&
        strcmp(path, gr->input) != 0 && lstat(path, &st) == 0 && !S_ISLNK(st.st_mode))
      chmod(path, st.st_mode & 0700);
  }
  if (d)
    closedir(d);
  chmod(gr->work, 0711);
}

// Runs one command of `version` at `workers` and `size`, its result going to a fresh
// file. Submitted code (and the reference solutions and the empty MPI program, for a
// fair comparison) runs in the sandbox, in a fresh run directory of its own that
// only it may write: the exercise's directory is 0711 around it, and everything in
// it but the binary it runs and the input is made 0700/0600 (the serial build, the
// expected result, the logs), so it can neither read nor change them. The serial
// reference is the project's own and runs as it is.
void
grade_launch_sized(const struct grade *gr, const char *version, const char *binary,
                   int workers, long size, double timeout, const char *result_path,
                   struct run_outcome *o)
{
  char out_path[PATH_MAX], err_path[PATH_MAX], run_dir[PATH_MAX], own[PATH_MAX];
  grade_path(gr, out_path, "run.stdout");
  grade_path(gr, err_path, "run.stderr");
  grade_path(gr, run_dir, "run");
  snprintf(own, sizeof own, "%s/result", run_dir);
  unlink(result_path);  // a result left by an earlier run must not pass for this one
  // The empty MPI program is timed in the same sandbox as the MPI versions whose
  // launch cost it stands for (as root and with the grader's environment mpirun took
  // 0.53 s here, in the sandbox 0.46 s), from a copy beside them.
  char copy[PATH_MAX];
  if (strcmp(version, "mpi-empty") == 0) {
    grade_path(gr, copy, "mpi-empty");
    if (access(copy, X_OK) != 0 && sandbox_take(binary, copy, 64L << 20) == 0)
      chmod(copy, 0755);
    binary = copy;
  }
  int untrusted = strcmp(version, "serial") != 0;
  if (untrusted) {
    char err[GRADER_MSG];
    grade_protect(gr, run_dir, binary);
    chmod(binary, 0755);
    if (gr->input[0])
      sandbox_share(gr->input);
    if (sandbox_dir(run_dir, err, sizeof err) != 0) {
      memset(o, 0, sizeof *o);
      o->status = RUN_NOT_STARTED;
      snprintf(o->error, sizeof o->error, "%s", err);
      return;
    }
  }
  struct launch l;
  launch_prepare(&l, version, binary, workers, size, gr->r->seed,
                 untrusted ? own : result_path, gr->input[0] ? gr->input : NULL);
  struct run_request rq = {
    .argv = l.argv, .env = l.env, .dir = untrusted ? run_dir : gr->work,
    .out_path = out_path, .err_path = err_path, .timeout = timeout,
    .untrusted = untrusted, .workers = workers,
    .at_deadline = gr->hang ? hang_at_deadline : NULL, .context = gr->hang,
    .no_data_limit = strcmp(version, "openmp-race") == 0,
    .across_hosts = untrusted && launch_hosts() && launch_uses_mpi(version),
  };
  run_command(&rq, o);
  if (untrusted) {
    sandbox_take(own, result_path, PARAM_RESULT_MAX);  // a link there is refused
    // LLVM's OpenMP runtime (the race check's) registers itself in /dev/shm: not the
    // student's doing, and swept as any other.
    int runtime_file = strstr(o->stray, "__KMP_REGISTERED_LIB") != NULL;
    if (o->stray_files > 0 && !runtime_file)
      grade_progress(gr, "%s with %d worker%s left %d file%s outside its run "
                     "directory (removed), e.g. %s", version, workers,
                     workers == 1 ? "" : "s", o->stray_files,
                     o->stray_files == 1 ? "" : "s", o->stray);
  }
}

void
grade_launch(const struct grade *gr, const char *version, const char *binary,
             int workers, double timeout, const char *result_path,
             struct run_outcome *o)
{
  grade_launch_sized(gr, version, binary, workers, gr->r->size, timeout, result_path,
                     o);
}

// The serial reference: the expected result at warm-up, a time in each round.
// Returns the seconds, or NAN when it failed (why goes to err).
double
grade_serial(struct grade *gr, const char *result_path, double timeout, char *err,
             size_t errlen)
{
  struct run_outcome o;
  grade_launch(gr, "serial", gr->serial, 1, timeout, result_path, &o);
  if (o.status != RUN_EXITED || o.code != 0) {
    char sig[GRADER_MSG];
    check_run(&gr->r->spec, NULL, &o, 1, NULL, NULL, sig, sizeof sig);
    snprintf(err, errlen, "the project's serial reference %s", sig);
    return NAN;
  }
  return o.seconds;
}
