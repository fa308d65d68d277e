// Who runs submitted code, under which limits, and what is swept up after it.
//
// As root, submitted code runs as an unprivileged uid that has no passwd entry
// (PARAM_SANDBOX_UID and up, one per grader running on the machine, held with a lock
// file). Owning that uid alone gives three things:
//   - RLIMIT_NPROC counts exactly the run's processes and threads, so a fork bomb
//     stops at the cap;
//   - kill(-1, SIGKILL) from a child that became that uid reaches every process the
//     run left, even a daemon that called setsid() and left the session;
//   - every file it left in /tmp, /var/tmp or /dev/shm is known by its owner.
// The run directory is the only place it may write; the exercise's directory above
// it is 0711 (no listing), and what the grader made there (the serial build, the
// expected result, the logs) is 0600/0700 root (the grader's umask is 077).
// Not root: no uid switch; the session sweep and the subreaper (run.c) find what the
// run left; a limit on processes counts the user's own processes too.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/run.h"

static int sandbox_chosen;       // 1 once sandbox_uid has decided
static int sandbox_the_uid = -1;  // the uid, or -1 when there is no switch

double
sandbox_timeout_floor(void)
{
  const char *text = getenv("PARGRADE_TIMEOUT_FLOOR");
  char *end;
  double floor = text && *text ? strtod(text, &end) : 0;
  if (text && *text && *end == '\0' && floor >= 0.5 && floor <= PARAM_TIMEOUT_FLOOR_DEFAULT)
    return floor;
  return PARAM_TIMEOUT_FLOOR_DEFAULT;
}

int
sandbox_uid(void)
{
  if (sandbox_chosen)
    return sandbox_the_uid;
  sandbox_chosen = 1;
  if (geteuid() != 0)
    return -1;
  // One uid per grader on this machine: the first whose lock is free. The lock is
  // held (the descriptor stays open, close-on-exec) until the grader exits.
  struct stat st;
  if ((mkdir(PARAM_SANDBOX_LOCK_DIR, 0700) != 0 && errno != EEXIST) ||
      lstat(PARAM_SANDBOX_LOCK_DIR, &st) != 0 || !S_ISDIR(st.st_mode) ||
      st.st_uid != 0 || (st.st_mode & 022)) {
    fprintf(stderr, "pargrade: warning: %s is not root's own directory; submitted code "
            "runs as root\n", PARAM_SANDBOX_LOCK_DIR);
    return -1;
  }
  for (int i = 0; i < PARAM_SANDBOX_UIDS; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/uid-%d", PARAM_SANDBOX_LOCK_DIR,
             PARAM_SANDBOX_UID + i);
    int uid = PARAM_SANDBOX_UID + i;
    if (getpwuid((uid_t)uid) || getgrgid((gid_t)uid) || sandbox_count_tasks(uid) > 0)
      continue;  // someone else's uid
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
      continue;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      sandbox_the_uid = PARAM_SANDBOX_UID + i;
      fprintf(stderr, "pargrade: submitted code runs as uid %d (no login, no files "
              "outside its run directory)\n", sandbox_the_uid);
      // Whatever a grader that died left under this uid goes now.
      sandbox_sweep(NULL, NULL, 0);
      return sandbox_the_uid;
    }
    close(fd);
  }
  fprintf(stderr, "pargrade: warning: all %d sandbox uids are in use; submitted code "
          "runs as root\n", PARAM_SANDBOX_UIDS);
  return -1;
}

// The machine's memory in bytes (0 when unknown).
static unsigned long long
sandbox_ram(void)
{
  struct sysinfo si;
  if (sysinfo(&si) != 0)
    return 0;
  return (unsigned long long)si.totalram * si.mem_unit;
}

void
sandbox_limits(int workers, double timeout, struct sandbox_limits *l)
{
  if (workers < 1)
    workers = 1;
  // A backstop behind the wall-clock limit: P busy workers for the whole timeout.
  l->cpu_seconds = timeout * workers + 1;
  unsigned long long share = sandbox_ram() / 2 / (unsigned long long)workers;
  if (share == 0 || share > (unsigned long long)PARAM_MEMORY_MAX)
    share = PARAM_MEMORY_MAX;
  if (share < (unsigned long long)PARAM_MEMORY_MIN)
    share = PARAM_MEMORY_MIN;
  l->memory = (long long)share;
  l->processes = PARAM_PROCESSES_BASE + PARAM_PROCESSES_PER_WORKER * workers;
  l->output = PARAM_OUTPUT_LIMIT;
}

// How many tasks (threads) processes of `uid` have now.
int
sandbox_count_tasks(int uid)
{
  DIR *proc = opendir("/proc");
  if (!proc)
    return 0;
  int tasks = 0;
  struct dirent *d;
  while ((d = readdir(proc))) {
    if (d->d_name[0] < '1' || d->d_name[0] > '9')
      continue;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%s/stat", d->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 && (int)st.st_uid == uid
              ? read(fd, buf, sizeof buf - 1) : -1;
    close(fd);
    if (n <= 0)
      continue;
    buf[n] = '\0';
    char *paren = strrchr(buf, ')'), state;
    long threads = 1;
    // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
    // stime cutime cstime priority nice num_threads
    if (paren && sscanf(paren + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u "
                        "%*u %*d %*d %*d %*d %ld", &state, &threads) == 2 &&
        state != 'Z' && state != 'X')
      tasks += (int)threads;
  }
  closedir(proc);
  return tasks;
}

int
sandbox_enter(const struct run_request *rq)
{
  struct sandbox_limits l;
  sandbox_limits(rq->workers, rq->timeout, &l);
  int uid = sandbox_uid();

  // Exactly the environment the run needs: the launch's variables (OMP_NUM_THREADS,
  // Open MPI's) come from rq->env.
  char home[PATH_MAX], tmp[PATH_MAX];
  snprintf(home, sizeof home, "HOME=%s", rq->dir);
  snprintf(tmp, sizeof tmp, "TMPDIR=%s/tmp", rq->dir);
  if (clearenv() != 0 || putenv("PATH=/usr/local/bin:/usr/bin:/bin") != 0 ||
      putenv(home) != 0 || putenv(tmp) != 0 || putenv("LC_ALL=C") != 0)
    return -1;
  for (char *const *e = rq->env; e && *e; e++)
    if (putenv(*e) != 0)
      return -1;

  struct rlimit cpu = {(rlim_t)l.cpu_seconds, (rlim_t)l.cpu_seconds + 2};
  struct rlimit data = {(rlim_t)l.memory, (rlim_t)l.memory};
  if (rq->no_data_limit)
    data.rlim_cur = data.rlim_max = RLIM_INFINITY;
  struct rlimit fsize = {(rlim_t)l.output, (rlim_t)l.output};
  // Not root: the user's processes count too, so the cap comes on top of them.
  rlim_t tasks = (rlim_t)l.processes + (uid < 0 ? (rlim_t)sandbox_count_tasks((int)getuid()) : 0);
  struct rlimit nproc = {tasks, tasks};
  if (setrlimit(RLIMIT_CPU, &cpu) != 0 || setrlimit(RLIMIT_DATA, &data) != 0 ||
      setrlimit(RLIMIT_FSIZE, &fsize) != 0 || setrlimit(RLIMIT_NPROC, &nproc) != 0)
    return -1;
  // No set-user-ID program may give privileges back.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -1;
  if (uid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)uid) != 0 ||
                   setuid((uid_t)uid) != 0))
    return -1;
  // Should the grader die, the run goes with it (set after the uid change, which
  // clears it).
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  return 0;
}

int
sandbox_enter_launcher(const struct run_request *rq)
{
  char what[PATH_MAX + 64];
  snprintf(what, sizeof what, "%d %d %g %s", sandbox_uid(), rq->workers, rq->timeout,
           rq->dir);
  if (setenv("PARGRADE_SANDBOX", what, 1) != 0)
    return -1;
  for (char *const *e = rq->env; e && *e; e++)
    if (putenv(*e) != 0)
      return -1;
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  return 0;
}

void
sandbox_use_uid(int uid)
{
  sandbox_chosen = 1;
  sandbox_the_uid = uid;
}

int
sandbox_dir(const char *dir, char *err, size_t errlen)
{
  scratch_remove(dir);
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s/tmp", dir);
  int uid = sandbox_uid();
  if (mkdir(dir, 0700) != 0 || mkdir(tmp, 0700) != 0 ||
      (uid >= 0 && (chown(dir, (uid_t)uid, (gid_t)uid) != 0 ||
                    chown(tmp, (uid_t)uid, (gid_t)uid) != 0))) {
    snprintf(err, errlen, "cannot make the run directory %s: %s", dir, strerror(errno));
    return -1;
  }
  return 0;
}

// Removes path and, for a directory, all under it, without following links.
static int
sandbox_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void)st, (void)type, (void)ftw;
  remove(path);
  return 0;
}

// In dir: removes every entry owned by uid (a directory with all under it), and
// looks into world-writable directories (the only others it could write in).
// Returns how many entries it removed; the first one's path goes to first.
static int
sandbox_stray(const char *dir, int uid, int depth, char *first, size_t len)
{
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char path[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
        lstat(path, &st) != 0)
      continue;
    if ((int)st.st_uid == uid) {
      // A daemon's TMPDIR of a run across hosts (agent.c) is not the run's doing.
      int daemons = strncmp(e->d_name, SANDBOX_HOST_TMP, strlen(SANDBOX_HOST_TMP)) == 0;
      if (first && removed == 0 && !daemons)
        snprintf(first, len, "%s", path);
      nftw(path, sandbox_remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
      removed += !daemons;
    } else if (S_ISDIR(st.st_mode) && (st.st_mode & S_IWOTH) && depth < 8) {
      removed += sandbox_stray(path, uid, depth + 1, first && removed == 0 ? first : NULL,
                               len);
    }
  }
  closedir(d);
  return removed;
}

// Sends SIGKILL to every process of uid, from a child that became uid (kill(-1)
// skips the caller itself), and waits for it.
static void
sandbox_kill_all(int uid)
{
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) == 0 && setgid((gid_t)uid) == 0 && setuid((uid_t)uid) == 0)
      kill(-1, SIGKILL);
    _exit(0);
  }
  if (pid > 0)
    waitpid(pid, NULL, 0);
}

int
sandbox_sweep(void (*reap)(void), char *first_stray, size_t len)
{
  int uid = sandbox_uid();
  if (first_stray && len)
    first_stray[0] = '\0';
  if (uid < 0)
    return 0;
  for (int round = 0; round < 400; round++) {
    if (round > 0 && sandbox_count_tasks(uid) == 0)
      break;
    sandbox_kill_all(uid);
    if (reap)
      reap();
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  if (reap)
    reap();
  static const char *shared[] = {"/tmp", "/var/tmp", "/dev/shm"};
  int removed = 0;
  for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
    removed += sandbox_stray(shared[i], uid, 0,
                             first_stray && removed == 0 ? first_stray : NULL, len);
  return removed;
}

void
sandbox_share(const char *path)
{
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISREG(st.st_mode)) {
    chmod(path, (st.st_mode & 07777) | 0444 | (st.st_mode & 0100 ? 0111 : 0));
  } else if (S_ISDIR(st.st_mode)) {
    chmod(path, (st.st_mode & 07777) | 0555);
    DIR *d = opendir(path);
    if (!d)
      return;
    struct dirent *e;
    while ((e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char child[PATH_MAX];
      if ((size_t)snprintf(child, sizeof child, "%s/%s", path, e->d_name) < sizeof child)
        sandbox_share(child);
    }
    closedir(d);
  }
}

int
sandbox_take(const char *from, const char *to, size_t max)
{
  // O_NOFOLLOW and a regular file only: a link the run left there must not make the
  // grader (root) read a file of its choice.
  int in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (in < 0)
    return -1;
  struct stat st;
  if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(in);
    return -1;
  }
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0) {
    close(in);
    return -1;
  }
  char buf[1 << 16];
  size_t total = 0;
  ssize_t n;
  int status = 0;
  while (total < max && (n = read(in, buf, sizeof buf)) > 0) {
    size_t keep = (size_t)n > max - total ? max - total : (size_t)n;
    if (write(out, buf, keep) != (ssize_t)keep) {
      status = -1;
      break;
    }
    total += keep;
  }
  close(in);
  close(out);
  return status;
}
