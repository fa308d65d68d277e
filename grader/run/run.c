// Runs one command in its own session with a wall-clock limit, and kills all it left.
//
// Why a session and not only a process group: mpirun puts every rank in a process
// group of its own, so killing the launcher's group would miss them; they all stay in
// the session the child started, so sweeping that session finds them. A daemon that
// called setsid() leaves the session, but not the grader's descendants: the grader
// is their subreaper, so once its parent is gone it becomes the grader's child, and
// the sweep kills every child of the grader that was not there before the run. As
// root, submitted code (rq->untrusted) runs as a uid of its own (sandbox.c), and a
// kill(-1) as that uid reaches whatever is left.
//
// An untrusted run is also watched while it runs, every PARAM_WATCH_INTERVAL: what
// it wrote (its stdout and stderr and its run directory) against the output cap, and
// its processes and threads against the process cap. Either one ends the run at once.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/run.h"
#include "timer.h"

static volatile sig_atomic_t interrupted;

// What the processes reaped during the current run used, and the main child's end.
static struct {
  pid_t main;
  int main_done, main_status;
  double cpu;
  long max_rss_kb;
  pid_t before[64];  // the grader's children before the run: not the run's
  int nbefore;
} run_now;

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

// Counts one reaped process's resource use; keeps the main child's status.
static void
run_account(pid_t pid, int status, const struct rusage *ru)
{
  run_now.cpu += (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 +
                 (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
  if (ru->ru_maxrss > run_now.max_rss_kb)
    run_now.max_rss_kb = ru->ru_maxrss;  // a child's figure covers its own children
  if (pid == run_now.main) {
    run_now.main_done = 1;
    run_now.main_status = status;
  }
}

// Reaps every child that has ended (the run's processes and the orphans that came
// to the grader as their subreaper), without waiting.
static void
run_reap(void)
{
  int status;
  struct rusage ru;
  pid_t pid;
  while ((pid = wait4(-1, &status, WNOHANG, &ru)) > 0)
    run_account(pid, status, &ru);
}

// In the child: becomes a session leader, wires up the files, enters the sandbox
// when untrusted, execs. On failure the errno goes back through the close-on-exec
// pipe `report`.
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
  signal(SIGXFSZ, SIG_DFL);
  signal(SIGXCPU, SIG_DFL);

  // The files are opened before any change of uid: they live where the run cannot
  // reach them by name, and it writes them through these descriptors only.
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
  rlim_t most = rq->untrusted ? PARAM_FILE_LIMIT : PARAM_PROJECT_FILE_LIMIT;
  struct rlimit fsize = {most, most};
  setrlimit(RLIMIT_CORE, &core);
  setrlimit(RLIMIT_FSIZE, &fsize);
  if (rq->untrusted) {
    if ((rq->across_hosts ? sandbox_enter_launcher(rq) : sandbox_enter(rq)) != 0)
      goto fail;
  } else {
    for (char *const *e = rq->env; e && *e; e++)
      putenv(*e);  // the forked copy of the string stays valid until exec
  }

  execvp(rq->argv[0], rq->argv);
fail:;
  int e = errno;
  if (write(report, &e, sizeof e) < 0) {
    // nothing left to tell
  }
  _exit(127);
}

// Parent and session of /proc/PID/stat; 0 when it cannot be read or is a zombie.
static int
run_proc_stat(const char *pid, int *ppid, int *session)
{
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  char *paren = strrchr(buf, ')');  // the command name may hold spaces and ')'
  char state;
  int pgrp;
  return paren && sscanf(paren + 1, " %c %d %d %d", &state, ppid, &pgrp, session) == 4 &&
         state != 'Z' && state != 'X';
}

// Kills every live process of the session and every child of the grader that was not
// there before the run (an orphan that left the session); returns how many it found.
static int
run_kill_leftovers(pid_t sid)
{
  DIR *proc = opendir("/proc");
  if (!proc)
    return 0;
  int found = 0;
  pid_t self = getpid();
  struct dirent *d;
  while ((d = readdir(proc))) {
    int ppid, session;
    if (d->d_name[0] < '1' || d->d_name[0] > '9' ||
        !run_proc_stat(d->d_name, &ppid, &session))
      continue;
    pid_t pid = (pid_t)atoi(d->d_name);
    int ours = ppid == self;
    for (int i = 0; ours && i < run_now.nbefore; i++)
      ours = run_now.before[i] != pid;
    if (pid != self && (session == sid || ours)) {
      kill(pid, SIGKILL);
      found++;
    }
  }
  closedir(proc);
  return found;
}

// The grader's children now (none are the run's yet).
static void
run_note_children(void)
{
  run_now.nbefore = 0;
  DIR *proc = opendir("/proc");
  if (!proc)
    return;
  pid_t self = getpid();
  struct dirent *d;
  while ((d = readdir(proc)) && run_now.nbefore < 64) {
    int ppid, session;
    if (d->d_name[0] >= '1' && d->d_name[0] <= '9' &&
        run_proc_stat(d->d_name, &ppid, &session) && ppid == self)
      run_now.before[run_now.nbefore++] = (pid_t)atoi(d->d_name);
  }
  closedir(proc);
}

// Kills the child's process group and session until nothing is left, reaping the
// orphans that came to us as the subreaper; then, for an untrusted run as another
// uid, everything that uid still runs, and the files it left in /tmp and the like.
static void
run_sweep(pid_t leader, const struct run_request *rq, struct run_outcome *out)
{
  kill(-leader, SIGKILL);
  for (int round = 0; round < 400; round++) {
    run_reap();
    if (run_kill_leftovers(leader) == 0)
      break;
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  run_reap();
  if (rq->untrusted)
    out->stray_files = sandbox_sweep(run_reap, out->stray, sizeof out->stray);
  run_reap();
}

static long long run_dir_total;

static int
run_add_size(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void)path, (void)ftw;
  if (type == FTW_F)
    run_dir_total += (long long)st->st_size;
  return 0;
}

// Bytes the run wrote: its stdout, stderr and every file in its directory.
static long long
run_output_bytes(const struct run_request *rq)
{
  struct stat st;
  long long total = 0;
  if (stat(rq->out_path, &st) == 0)
    total += (long long)st.st_size;
  if (strcmp(rq->err_path, rq->out_path) != 0 && stat(rq->err_path, &st) == 0)
    total += (long long)st.st_size;
  run_dir_total = 0;
  if (rq->dir)
    nftw(rq->dir, run_add_size, 16, FTW_PHYS | FTW_MOUNT);
  return total + run_dir_total;
}

// The run's processes now: those of the sandbox uid (uid >= 0) or of its session.
// Counts their tasks (threads) and keeps the most CPU time one of them has used.
static void
run_scan(pid_t sid, int uid, struct run_outcome *out)
{
  static long ticks;
  if (!ticks)
    ticks = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
  int tasks = 0;
  DIR *proc = opendir("/proc");
  struct dirent *d;
  while (proc && (d = readdir(proc))) {
    if (d->d_name[0] < '1' || d->d_name[0] > '9')
      continue;
    char path[300];
    struct stat st;
    int ppid, session;
    snprintf(path, sizeof path, "/proc/%s", d->d_name);
    if (uid >= 0 ? stat(path, &st) != 0 || (int)st.st_uid != uid
                 : !run_proc_stat(d->d_name, &ppid, &session) || session != sid)
      continue;
    snprintf(path, sizeof path, "/proc/%s/task", d->d_name);
    DIR *task = opendir(path);
    struct dirent *t;
    while (task && (t = readdir(task))) {
      if (t->d_name[0] < '1' || t->d_name[0] > '9')
        continue;
      char stat_path[600], buf[1024];
      snprintf(stat_path, sizeof stat_path, "%s/%s/stat", path, t->d_name);
      int fd = open(stat_path, O_RDONLY | O_CLOEXEC);
      ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
      if (fd >= 0)
        close(fd);
      if (n <= 0)
        continue;
      buf[n] = '\0';
      char *paren = strrchr(buf, ')'), state;
      unsigned long utime, stime;
      // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      if (!paren || sscanf(paren + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu "
                           "%lu", &state, &utime, &stime) != 3 ||
          state == 'Z' || state == 'X')
        continue;
      tasks++;
      double cpu = (double)(utime + stime) / (double)ticks;
      if (cpu > out->max_task_cpu)
        out->max_task_cpu = cpu;
    }
    if (task)
      closedir(task);
  }
  if (proc)
    closedir(proc);
  out->tasks = tasks;
}

// Looks at an untrusted run: RUN_FLOODED or RUN_TOO_MANY when it went over a cap,
// else RUN_EXITED (meaning: fine so far).
static enum run_status
run_watch(const struct run_request *rq, pid_t sid, struct run_outcome *out)
{
  struct sandbox_limits l;
  sandbox_limits(rq->workers, rq->timeout, &l);
  out->output_bytes = run_output_bytes(rq);
  if (out->output_bytes >= l.output)
    return RUN_FLOODED;
  // RLIMIT_NPROC stops it at the cap; at the cap it is a fork bomb, and it ends.
  // (Within 2 of it: the process whose fork failed may have given up already.) Not
  // root, the limit is the user's processes plus the cap: the run's own session
  // reaches the cap all the same.
  run_scan(sid, sandbox_uid(), out);
  if (out->tasks >= l.processes - 2)
    return RUN_TOO_MANY;
  return RUN_EXITED;
}

// Waits for the main child until the deadline, watching an untrusted run. Returns 1
// when it ended, 0 at the deadline, -1 when interrupted, or the RUN_FLOODED or
// RUN_TOO_MANY status (as a negative number - 10) when a cap was reached.
static int
run_wait(const struct run_request *rq, pid_t pid, double deadline,
         struct run_outcome *out)
{
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  double next_watch = timer_now() + PARAM_WATCH_INTERVAL;
  int result = 1;
  for (;;) {
    int status;
    struct rusage ru;
    pid_t got = wait4(pid, &status, WNOHANG, &ru);
    if (got == pid) {
      run_account(pid, status, &ru);
      break;
    }
    if (interrupted) {
      result = -1;
      break;
    }
    double now = timer_now(), left = deadline - now;
    if (left <= 0) {
      result = 0;
      break;
    }
    if (rq->untrusted && now >= next_watch) {
      enum run_status s = run_watch(rq, pid, out);
      if (s != RUN_EXITED) {
        result = -10 - (int)s;
        break;
      }
      next_watch = now + PARAM_WATCH_INTERVAL;
    }
    double wait_for = left;
    if (rq->untrusted && next_watch - now < wait_for)
      wait_for = next_watch - now;
    if (fd >= 0) {
      // The pidfd becomes readable the moment the child exits: no polling delay
      // adds to the measured time.
      struct pollfd p = {.fd = fd, .events = POLLIN};
      poll(&p, 1, (int)(wait_for * 1000) + 1);
    } else {
      struct timespec pause = {0, 1000 * 1000};  // old kernels: look every 1 ms
      nanosleep(&pause, NULL);
    }
  }
  if (fd >= 0)
    close(fd);
  return result;
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
  // them instead of leaving zombies, and kill them.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (rq->untrusted) {
    struct sandbox_limits l;
    sandbox_limits(rq->workers, rq->timeout, &l);
    out->memory_limit = l.memory;
    out->output_limit = l.output;
    out->process_limit = l.processes;
    out->sandbox_uid = sandbox_uid();  // chosen here, in the grader, once
  }
  memset(&run_now, 0, sizeof run_now);
  run_note_children();

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
  run_now.main = pid;

  int done = run_wait(rq, pid, start + rq->timeout, out);
  out->seconds = timer_since(start);
  if (done == 0 && rq->at_deadline)
    rq->at_deadline(pid, rq->context);  // still running, as it was at the deadline
  if (done == 1 && rq->untrusted) {
    // One last look: a fork bomb whose first process gave up leaves the rest.
    enum run_status s = run_watch(rq, pid, out);
    if (s != RUN_EXITED)
      done = -10 - (int)s;
  }
  run_sweep(pid, rq, out);  // whatever the program left running behind it
  if (!run_now.main_done) {
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) == pid)
      run_account(pid, status, &ru);
  }
  int status = run_now.main_status;
  if (done == 0)
    out->status = RUN_TIMED_OUT;
  else if (done == -1)
    out->status = RUN_INTERRUPTED;
  else if (done <= -10)
    out->status = (enum run_status)(-10 - done);
  else if (WIFSIGNALED(status)) {
    out->status = RUN_SIGNALED;
    out->code = WTERMSIG(status);
  } else {
    out->status = RUN_EXITED;
    out->code = WEXITSTATUS(status);
  }
  out->cpu_seconds = run_now.cpu;
  out->max_rss_kb = run_now.max_rss_kb;
  if (rq->untrusted && out->status != RUN_FLOODED) {
    // A flood cut short by SIGXFSZ, or one that ended before the watch looked.
    struct sandbox_limits l;
    sandbox_limits(rq->workers, rq->timeout, &l);
    out->output_bytes = run_output_bytes(rq);
    if (out->output_bytes >= l.output ||
        (out->status == RUN_SIGNALED && out->code == SIGXFSZ))
      out->status = RUN_FLOODED;
  }

  int child_errno;
  if (read(report[0], &child_errno, sizeof child_errno) == sizeof child_errno) {
    out->status = RUN_NOT_STARTED;
    snprintf(out->error, sizeof out->error, "cannot run %s: %s", rq->argv[0],
             strerror(child_errno));
  }
  close(report[0]);
}
