// Runs one command in its own session with a wall-clock limit, and kills all it left.
//
// Why a session and not only a process group: mpirun puts every rank in a process
// group of its own, so killing the launcher's group would miss them; they all stay in
// the session the child started, so sweeping that session (and reaping what it left,
// as the subreaper) finds every process a run started.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader.h"
#include "timer.h"

static volatile sig_atomic_t interrupted;

static void
run_on_signal(int sig)
{
  (void)sig;
  interrupted = 1;  // poll() or nanosleep() returns EINTR; run_command cleans up
}

void
run_catch_signals(void)
{
  struct sigaction sa = {0};
  sa.sa_handler = run_on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the wait must wake up
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}

int
run_interrupted(void)
{
  return interrupted;
}

// In the child: becomes a session leader, wires up the files, execs. On failure the
// errno goes back through the close-on-exec pipe `report`.
static void
run_child(const struct run_request *rq, int report)
{
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);

  int in = open("/dev/null", O_RDONLY);
  int out = open(rq->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // One file for both (a compiler's log) must be one descriptor, or they overwrite.
  int err = strcmp(rq->err_path, rq->out_path) == 0
          ? dup(out) : open(rq->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (setsid() < 0 || in < 0 || out < 0 || err < 0 ||
      (rq->dir && chdir(rq->dir) != 0) || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
      dup2(err, 2) < 0)
    goto fail;

  // No core files in the scratch directory, and no file flood beyond the cap.
  struct rlimit core = {0, 0};
  struct rlimit fsize = {PARAM_FILE_LIMIT, PARAM_FILE_LIMIT};
  setrlimit(RLIMIT_CORE, &core);
  setrlimit(RLIMIT_FSIZE, &fsize);
  for (char *const *e = rq->env; e && *e; e++)
    putenv(*e);  // the forked copy of the string stays valid until exec

  execvp(rq->argv[0], rq->argv);
fail:;
  int e = errno;
  if (write(report, &e, sizeof e) < 0) {
    // nothing left to tell
  }
  _exit(127);
}

// Process id, state and session of /proc/PID/stat; 0 when it cannot be read.
static int
run_proc_stat(const char *pid, char *state, int *session)
{
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  char *paren = strrchr(buf, ')');  // the command name may hold spaces and ')'
  int ppid, pgrp;
  return paren && sscanf(paren + 1, " %c %d %d %d", state, &ppid, &pgrp, session) == 4;
}

// Kills every live process of the session; returns how many it found.
static int
run_kill_session(pid_t sid)
{
  DIR *proc = opendir("/proc");
  if (!proc)
    return 0;
  int found = 0;
  struct dirent *d;
  while ((d = readdir(proc))) {
    char state;
    int session;
    if (d->d_name[0] < '1' || d->d_name[0] > '9')
      continue;
    if (run_proc_stat(d->d_name, &state, &session) && session == sid &&
        state != 'Z' && state != 'X') {
      kill((pid_t)atoi(d->d_name), SIGKILL);
      found++;
    }
  }
  closedir(proc);
  return found;
}

// Kills the child's process group and session until nothing is left, then reaps the
// orphans that came to us as the subreaper.
static void
run_sweep(pid_t leader)
{
  kill(-leader, SIGKILL);
  for (int round = 0; round < 200 && run_kill_session(leader) > 0; round++) {
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
  }
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

// Waits for pid until the deadline. Returns 1 with its status, 0 at the deadline,
// -1 when interrupted.
static int
run_wait(pid_t pid, double deadline, int *status)
{
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  for (;;) {
    pid_t got = waitpid(pid, status, WNOHANG);
    if (got == pid)
      break;
    if (interrupted)
      return fd >= 0 ? (close(fd), -1) : -1;
    double left = deadline - timer_now();
    if (left <= 0)
      return fd >= 0 ? (close(fd), 0) : 0;
    if (fd >= 0) {
      // The pidfd becomes readable the moment the child exits: no polling delay
      // adds to the measured time.
      struct pollfd p = {.fd = fd, .events = POLLIN};
      poll(&p, 1, (int)(left * 1000) + 1);
    } else {
      struct timespec pause = {0, 1000 * 1000};  // old kernels: look every 1 ms
      nanosleep(&pause, NULL);
    }
  }
  if (fd >= 0)
    close(fd);
  return 1;
}

void
run_command(const struct run_request *rq, struct run_outcome *out)
{
  memset(out, 0, sizeof *out);
  if (interrupted) {  // the grader is stopping: start nothing new
    out->status = RUN_INTERRUPTED;
    return;
  }
  // Orphans of the run (MPI ranks, daemons) are re-parented to us, so we can reap
  // them instead of leaving zombies.
  prctl(PR_SET_CHILD_SUBREAPER, 1);

  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    out->status = RUN_NOT_STARTED;
    snprintf(out->error, sizeof out->error, "pipe: %s", strerror(errno));
    return;
  }
  double start = timer_now();
  pid_t pid = fork();
  if (pid < 0) {
    out->status = RUN_NOT_STARTED;
    snprintf(out->error, sizeof out->error, "fork: %s", strerror(errno));
    close(report[0]);
    close(report[1]);
    return;
  }
  if (pid == 0) {
    close(report[0]);
    run_child(rq, report[1]);
  }
  close(report[1]);

  int status = 0;
  int done = run_wait(pid, start + rq->timeout, &status);
  out->seconds = timer_since(start);
  if (done <= 0) {
    run_sweep(pid);
    waitpid(pid, &status, 0);
    out->status = done == 0 ? RUN_TIMED_OUT : RUN_INTERRUPTED;
  } else {
    run_sweep(pid);  // whatever the program left running behind it
    if (WIFSIGNALED(status)) {
      out->status = RUN_SIGNALED;
      out->code = WTERMSIG(status);
    } else {
      out->status = RUN_EXITED;
      out->code = WEXITSTATUS(status);
    }
  }

  int child_errno;
  if (read(report[0], &child_errno, sizeof child_errno) == sizeof child_errno) {
    out->status = RUN_NOT_STARTED;
    snprintf(out->error, sizeof out->error, "cannot run %s: %s", rq->argv[0],
             strerror(child_errno));
  }
  close(report[0]);
}
