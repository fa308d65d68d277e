// Where a run that makes no progress is stuck. At its time limit, before it is
// killed, gdb attaches for a moment to every process of it that runs the program
// (each MPI rank, or the one process with its OpenMP threads) and prints every
// thread's stack (the versions are compiled with -g). Each stack comes down to what
// it waits in (an MPI call, an OpenMP barrier, or nothing: it computes) and the
// innermost line of the student's file; ranks and threads that are stuck at the same
// place are named together, as LLNL's STAT groups them: "ranks 0 and 1 wait in
// MPI_Recv at mpi.c:15 in main". gdb is run here directly, not through run_command:
// this is called from inside run_command, whose state a second run would overwrite.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diagnose/diagnose.h"
#include "grader.h"
#include "run/run.h"
#include "timer.h"

#define HANG_MAX_PROCESSES 16
#define HANG_MAX_GROUPS 8
// What a thread of OpenMP's pool waits in when none of its frames is the student's,
// and what the thread that started a parallel region waits in at its end.
#define HANG_OPENMP_RUNTIME "the OpenMP runtime"
#define HANG_REGION_END "the barrier that ends a parallel region"

// One group: the place, and who waits there.
struct hang_group {
  char wait[GRADER_NAME];   // "MPI_Recv", "an OpenMP barrier", "" (computing)
  char place[GRADER_MSG];   // "mpi.c:15 in main", or "" when not in the student's file
  int count;                // ranks or threads
  char who[GRADER_MSG];     // the ranks, "0, 1" (threads are only counted)
};

struct hang_stacks {
  int ngroups, ranks;       // ranks: 1 when the processes are MPI ranks
  int threads;              // threads seen, in all
  struct hang_group group[HANG_MAX_GROUPS];
};

// The MPI rank of a process, from its environment (-1: not an MPI rank).
static int
hang_rank(pid_t pid)
{
  char path[64], env[16384];
  snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read(fd, env, sizeof env - 1) : -1;
  if (fd >= 0)
    close(fd);
  for (ssize_t i = 0; i < n;) {
    const char *entry = env + i;
    size_t len = strnlen(entry, (size_t)(n - i));
    if (strncmp(entry, "OMPI_COMM_WORLD_RANK=", 21) == 0)
      return atoi(entry + 21);
    i += (ssize_t)len + 1;
  }
  return -1;
}

// The processes of session sid that run `binary`.
static int
hang_processes(pid_t sid, const char *binary, pid_t *pids, int most)
{
  char want[PATH_MAX];
  if (!realpath(binary, want))
    return 0;
  int n = 0;
  DIR *proc = opendir("/proc");
  struct dirent *d;
  while (proc && (d = readdir(proc)) && n < most) {
    if (d->d_name[0] < '1' || d->d_name[0] > '9')
      continue;
    char path[300], exe[PATH_MAX], stat[512];
    snprintf(path, sizeof path, "/proc/%s/exe", d->d_name);
    ssize_t len = readlink(path, exe, sizeof exe - 1);
    if (len <= 0)
      continue;
    exe[len] = '\0';
    snprintf(path, sizeof path, "/proc/%s/stat", d->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, stat, sizeof stat - 1) : -1;
    if (fd >= 0)
      close(fd);
    if (got <= 0)
      continue;
    stat[got] = '\0';
    char *paren = strrchr(stat, ')');
    int session;
    if (paren && sscanf(paren + 1, " %*c %*d %*d %d", &session) == 1 && session == sid &&
        strcmp(exe, want) == 0)
      pids[n++] = (pid_t)atoi(d->d_name);
  }
  if (proc)
    closedir(proc);
  return n;
}

// gdb's stacks of process pid into out_path. Returns 0, or -1 when gdb could not run
// or did not finish within PARAM_HANG_GDB_SECONDS (it is then killed).
static int
hang_gdb(pid_t pid, const char *out_path)
{
  char target[32];
  snprintf(target, sizeof target, "%d", (int)pid);
  pid_t gdb = fork();
  if (gdb < 0)
    return -1;
  if (gdb == 0) {
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
      _exit(127);
    execlp("gdb", "gdb", "-batch", "-nx", "-p", target, "-ex", "set pagination off",
           "-ex", "thread apply all bt", (char *)NULL);
    _exit(127);
  }
  double deadline = timer_now() + PARAM_HANG_GDB_SECONDS;
  int status;
  while (waitpid(gdb, &status, WNOHANG) == 0) {
    if (timer_now() > deadline) {
      kill(gdb, SIGKILL);
      waitpid(gdb, &status, 0);
      return -1;
    }
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  return WIFEXITED(status) ? 0 : -1;
}

// What a frame's function waits in: "MPI_Recv" for PMPI_Recv or MPI_Recv, "an OpenMP
// barrier" for libgomp's barrier (GOMP_barrier, the one a `#pragma omp barrier`
// calls; its internal ones have names only with libgomp's debug symbols), the barrier
// that ends a parallel region for GOMP_parallel (its caller waits there for the team);
// "" for anything else.
static void
hang_wait_of(const char *function, char *wait, size_t len)
{
  if (strncmp(function, "PMPI_", 5) == 0)
    snprintf(wait, len, "MPI_%s", function + 5);
  else if (strncmp(function, "MPI_", 4) == 0)
    snprintf(wait, len, "%s", function);
  else if ((strstr(function, "barrier_wait") && strstr(function, "gomp")) ||
           strncmp(function, "GOMP_barrier", 12) == 0)
    snprintf(wait, len, "an OpenMP barrier");
  else if (strncmp(function, "GOMP_parallel", 13) == 0)
    snprintf(wait, len, "%s", HANG_REGION_END);
  else
    wait[0] = '\0';
}

// A thread of OpenMP's pool with no frame in the student's file waits in the runtime:
// at the barrier that ends a parallel region, or for the next region.
static const char *
hang_runtime_wait(const char *wait, const char *place, int in_gomp)
{
  return !wait[0] && !place[0] && in_gomp ? HANG_OPENMP_RUNTIME : wait;
}

// Adds one thread's stack to the groups. A thread with neither a wait nor a line of
// the student's file is the runtime's own (Open MPI's progress threads): left out.
static void
hang_add(struct hang_stacks *s, const char *wait, const char *place, const char *who)
{
  if (!wait[0] && !place[0])
    return;
  s->threads++;
  struct hang_group *g = NULL;
  for (int i = 0; i < s->ngroups && !g; i++)
    if (strcmp(s->group[i].wait, wait) == 0 && strcmp(s->group[i].place, place) == 0)
      g = &s->group[i];
  if (!g && s->ngroups < HANG_MAX_GROUPS) {
    g = &s->group[s->ngroups++];
    memset(g, 0, sizeof *g);
    snprintf(g->wait, sizeof g->wait, "%s", wait);
    snprintf(g->place, sizeof g->place, "%s", place);
  }
  if (!g)
    return;
  size_t n = strlen(g->who);
  snprintf(g->who + n, sizeof g->who - n, "%s%s", g->count ? ", " : "", who);
  g->count++;
}

// Reads gdb's output: per thread ("Thread 2 (...):" then "#0 ... in FUNC (...) at
// FILE:LINE" lines), the innermost wait and the innermost line in source_name.
static void
hang_read(const char *out_path, const char *source_name, int rank, struct hang_stacks *s)
{
  FILE *f = fopen(out_path, "r");
  if (!f)
    return;
  char line[2048], wait[GRADER_NAME] = "", place[GRADER_MSG] = "", who[64] = "";
  int in_thread = 0, in_gomp = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "Thread ", 7) == 0) {
      if (in_thread)
        hang_add(s, hang_runtime_wait(wait, place, in_gomp), place, who);
      in_thread = 1;
      in_gomp = 0;
      wait[0] = place[0] = '\0';
      snprintf(who, sizeof who, "%d", rank);
      continue;
    }
    if (!in_thread || line[0] != '#')
      continue;
    in_gomp |= strstr(line, "libgomp") != NULL;
    // "#6  0x000055d1 in main (argc=1, ...) at exercises/01-pi/mpi.c:15"
    char *name = strstr(line, " in ");
    name = name ? name + 4 : strchr(line, ' ');
    while (name && *name == ' ')
      name++;
    char function[GRADER_NAME] = "";
    if (name)
      sscanf(name, "%63[^ (]", function);
    if (!wait[0] && !place[0])  // only what the student's innermost line called
      hang_wait_of(function, wait, sizeof wait);
    char *at = strstr(line, ") at ");
    if (!place[0] && at) {
      char file[PATH_MAX];
      int number;
      if (sscanf(at + 5, "%4095[^:]:%d", file, &number) == 2) {
        const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
        const char *omp = strstr(function, "._omp_fn.");
        if (strcmp(base, source_name) == 0 && omp)
          snprintf(place, sizeof place, "%s:%d in %.*s (its parallel region)", base,
                   number, (int)(omp - function), function);
        else if (strcmp(base, source_name) == 0)
          snprintf(place, sizeof place, "%s:%d in %s", base, number, function);
      }
    }
  }
  if (in_thread)
    hang_add(s, hang_runtime_wait(wait, place, in_gomp), place, who);
  fclose(f);
}

// "ranks 0 and 1 wait in MPI_Recv at mpi.c:15 in main", "2 threads wait in an
// OpenMP barrier at ...", "it still computes at openmp.c:20 in main": one group.
static void
hang_describe_group(const struct hang_stacks *s, const struct hang_group *g, char *out,
                    size_t len)
{
  char who[GRADER_MSG];
  if (s->ranks) {
    const char *last = g->count > 1 ? strrchr(g->who, ',') : NULL;
    if (last)
      snprintf(who, sizeof who, "ranks %.*s and%s", (int)(last - g->who), g->who, last + 1);
    else
      snprintf(who, sizeof who, "rank %s", g->who);
  } else if (s->threads == 1) {
    snprintf(who, sizeof who, "it");
  } else {
    snprintf(who, sizeof who, "%d thread%s", g->count, g->count > 1 ? "s" : "");
  }
  int many = g->count > 1;
  if (g->wait[0] && g->place[0])
    snprintf(out, len, "%s %s in %s at %s", who, many ? "wait" : "waits", g->wait, g->place);
  else if (g->wait[0])
    snprintf(out, len, "%s %s in %s", who, many ? "wait" : "waits", g->wait);
  else
    snprintf(out, len, "%s still %s at %s", who, many ? "compute" : "computes", g->place);
}

// One sentence on what the groups together most likely mean.
static const char *
hang_hint(const struct hang_stacks *s)
{
  int p2p = 0, collective = 0, barrier = 0, computing = 0, finalize = 0, runtime = 0;
  for (int i = 0; i < s->ngroups; i++) {
    const char *w = s->group[i].wait;
    if (!w[0])
      computing++;
    else if (strcmp(w, "an OpenMP barrier") == 0 || strcmp(w, HANG_REGION_END) == 0)
      barrier++;
    else if (strcmp(w, HANG_OPENMP_RUNTIME) == 0)
      runtime++;
    else if (strcmp(w, "MPI_Finalize") == 0)
      finalize++;
    else if (strstr(w, "Recv") || strstr(w, "Send") || strstr(w, "Wait") ||
             strstr(w, "Probe"))
      p2p++;
    else
      collective++;
  }
  if (p2p && !collective && !computing && !finalize)
    return "each waits for a message that no rank sends: a receive posted before the "
           "matching send on every side (MPI_Sendrecv pairs them), or a wrong source, "
           "destination or tag";
  if (collective && (s->ngroups > 1))
    return "a collective call that not every rank makes, or that the ranks make in a "
           "different order";
  if (finalize && s->ngroups > 1)
    return "some ranks have finished while others still wait for them";
  if (barrier && s->ngroups > 1)
    return "the threads wait at barriers that do not match: a #pragma omp barrier that "
           "only some threads reach, inside an if or a loop";
  if (computing && s->ngroups == computing + runtime)  // the pool's idle threads aside
    return "nobody waits on anything: most likely a loop that never ends";
  return NULL;
}

int
hang_locate(pid_t sid, const char *binary, const char *source_name, const char *work_dir,
            char *where, size_t len)
{
  where[0] = '\0';
  pid_t pids[HANG_MAX_PROCESSES];
  int n = hang_processes(sid, binary, pids, HANG_MAX_PROCESSES);
  struct hang_stacks s = {0};
  for (int i = 0; i < n; i++) {
    char out_path[PATH_MAX];
    snprintf(out_path, sizeof out_path, "%s/stacks-%d.txt", work_dir, (int)pids[i]);
    int rank = hang_rank(pids[i]);
    s.ranks |= rank >= 0;
    if (hang_gdb(pids[i], out_path) == 0)
      hang_read(out_path, source_name, rank, &s);
    remove(out_path);
  }
  if (s.ngroups == 0)
    return 0;
  size_t used = 0;
  for (int i = 0; i < s.ngroups && used < len; i++) {
    char one[GRADER_MSG];
    hang_describe_group(&s, &s.group[i], one, sizeof one);
    used += (size_t)snprintf(where + used, len - used, "%s%s", i ? "; " : "", one);
  }
  const char *hint = hang_hint(&s);
  if (hint && used < len)
    snprintf(where + used, len - used, ": %s", hint);
  return 1;
}

void
hang_at_deadline(pid_t sid, void *context)
{
  struct hang_request *h = context;
  hang_locate(sid, h->binary, h->source_name, h->work_dir, h->where, sizeof h->where);
}
