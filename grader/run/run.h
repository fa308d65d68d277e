// Running programs: the scratch directory (scratch.c), one command with a time limit
// (run.c), the sandbox submitted code runs in (sandbox.c), and the command line that
// starts each kind of version (launch.c).
#ifndef GRADER_RUN_RUN_H
#define GRADER_RUN_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "grader.h"

// scratch.c: the scratch directory and small file helpers.

// Makes a fresh directory under $TMPDIR (or /tmp). Returns 0, or -1 with err set.
int scratch_make(char *dir, size_t len, char *err, size_t errlen);
// Removes dir and everything under it (a run may leave anything there).
void scratch_remove(const char *dir);
// Reads at most max bytes of a file into a new NUL-terminated string (free it), or
// NULL when it cannot be read.
char *file_read(const char *path, size_t max);
// Copies the last `lines` lines of text into out, each cut at PARAM_LINE_MAX.
void text_tail(const char *text, int lines, char *out, size_t len);

// run.c: runs one command in its own session, with a time limit, and cleans up.

struct run_request {
  char *const *argv;        // argv[0] is looked up in PATH
  char *const *env;         // extra "NAME=value" for the child only, NULL-terminated
  const char *dir;          // working directory
  const char *out_path;     // stdout goes here
  const char *err_path;     // stderr goes here (may be out_path)
  double timeout;           // seconds of wall-clock time
  // 1 for submitted code: it runs in the sandbox (sandbox.c): an almost empty
  // environment (PATH, HOME = dir, TMPDIR = dir/tmp, LC_ALL, then env), limits on CPU
  // time, memory, processes and output, an unprivileged uid when the grader is root;
  // dir is its run directory (sandbox_dir), the only place it may write. While it
  // runs, its output (stdout, stderr, dir) and its processes are watched.
  int untrusted;
  int workers;              // untrusted: its worker count (the limits scale with it)
  int no_data_limit;        // untrusted: no RLIMIT_DATA (ThreadSanitizer maps terabytes
                            // of shadow memory; the run is small and short instead)
  // untrusted: argv[0] is mpirun across hosts (launch_across_hosts), which runs as the
  // grader with its environment; on each host, pargrade-agent (agent.c) puts what it
  // starts into the sandbox, with this run's uid, limits and directory.
  int across_hosts;
  // Called once when the run reaches its time limit, before any of it is killed
  // (NULL: nothing): diagnose/hang.c takes its stacks there. sid: the run's session,
  // whose leader is the command's own process.
  void (*at_deadline)(pid_t sid, void *context);
  void *context;
};

enum run_status {
  RUN_EXITED,       // code is the exit status
  RUN_SIGNALED,     // code is the signal
  RUN_TIMED_OUT,    // killed at the limit
  RUN_NOT_STARTED,  // fork or exec failed: error says why
  RUN_INTERRUPTED,  // the grader itself got SIGINT or SIGTERM
  RUN_FLOODED,      // untrusted: wrote output_limit bytes or more (what is past it is cut)
  RUN_TOO_MANY,     // untrusted: reached process_limit processes and threads
};

struct run_outcome {
  enum run_status status;
  int code;
  double seconds;            // wall-clock, measured by the grader (monotonic)
  double cpu_seconds;        // user + system time of every process it started
  double max_task_cpu;       // untrusted: the most CPU time one thread of it was seen
                             // to use (sampled while it ran; 0: none seen)
  long max_rss_kb;           // the largest resident set of any one of them
  // Untrusted runs: the limits it ran under, what it wrote, what was swept after it.
  long long memory_limit;    // bytes of data per process (RLIMIT_DATA)
  long long output_limit;    // bytes of output: stdout, stderr and run directory
  long long output_bytes;    // bytes it wrote there (last look)
  int process_limit;         // processes and threads (RLIMIT_NPROC)
  int tasks;                 // processes and threads seen at the last look
  int sandbox_uid;           // the uid it ran as, or -1 (0 for a trusted run)
  int stray_files;           // files it left in /tmp, /var/tmp, /dev/shm (removed)
  char stray[256];           // the first of them
  char error[GRADER_MSG];
};

// Runs the command and waits for it. Every process it started (its whole session,
// MPI ranks included, and orphans that left it: the grader is their subreaper; as
// root, all of the sandbox uid's processes) is killed before this returns.
void run_command(const struct run_request *rq, struct run_outcome *out);
// Makes SIGINT and SIGTERM stop the current run instead of orphaning it.
void run_catch_signals(void);
// 1 once the grader has been asked to stop.
int run_interrupted(void);

// sandbox.c: who runs submitted code, its limits, and the sweep after it.

struct sandbox_limits {
  double cpu_seconds;  // RLIMIT_CPU per process: a backstop behind the wall clock
  long long memory;    // RLIMIT_DATA per process, bytes
  int processes;       // RLIMIT_NPROC: processes and threads (on top of the user's
                       // own when the grader is not root)
  long long output;    // bytes of stdout, stderr and run directory together
};

// The limits of an untrusted run with `workers` workers and this wall-clock limit.
void sandbox_limits(int workers, double timeout, struct sandbox_limits *l);
// The uid submitted code runs as: as root, the first of PARAM_SANDBOX_UIDS uids from
// PARAM_SANDBOX_UID whose lock in PARAM_SANDBOX_LOCK_DIR is free (held until the
// grader exits; says which on stderr once); -1 when not root (no switch).
int sandbox_uid(void);
// Makes dir afresh with dir/tmp, both owned by the sandbox uid. Returns 0, or -1.
int sandbox_dir(const char *dir, char *err, size_t errlen);
// In the forked child: clean environment, limits, no new privileges, the uid.
// Returns -1 with errno on failure.
int sandbox_enter(const struct run_request *rq);
// The folders in a host's /tmp that hold the daemon's files of a run across hosts
// (agent.c makes them, the sweep does not count them as the run's strays).
#define SANDBOX_HOST_TMP "pargrade-host-"
// In the forked child of a run across hosts (rq->across_hosts): the grader's own
// environment and uid for mpirun, plus rq->env and PARGRADE_SANDBOX, which tells
// pargrade-agent the uid, limits and directory to give what it starts on each host.
int sandbox_enter_launcher(const struct run_request *rq);
// On a host of a run across hosts (agent.c): submitted code runs as this uid (-1:
// no switch) instead of one chosen by lock.
void sandbox_use_uid(int uid);
// After a run (as root): kills every process of the sandbox uid until none is left
// (calling reap between rounds), then removes the files it owns in /tmp, /var/tmp
// and /dev/shm. Returns how many it removed, the first one's path in first.
int sandbox_sweep(void (*reap)(void), char *first, size_t len);
// Processes and threads of `uid` alive now.
int sandbox_count_tasks(int uid);
// Makes a file, or a directory and all under it, readable to all (the run's input).
void sandbox_share(const char *path);
// Copies the regular file `from` (written by a run: a link is refused) to `to`,
// at most max bytes. Returns 0, or -1.
int sandbox_take(const char *from, const char *to, size_t max);
// PARAM_TIMEOUT_FLOOR: PARAM_TIMEOUT_FLOOR_DEFAULT, or the environment variable
// PARGRADE_TIMEOUT_FLOOR (seconds, 0.5 up to the default; for tests).
double sandbox_timeout_floor(void);

// launch.c: the command line and environment that start each version.

// Fills argv and env (NULL-terminated; strings live in `store`) to run a binary of
// `version` with `workers` workers on the given input, writing its result to output.
// Versions: serial (no --workers), embarrassing, openmp, mpi, hybrid (launch_layout's
// ranks x threads), and mpi-empty (the empty MPI program: mpirun with `workers` ranks
// and no arguments).
struct launch {
  char *argv[48];
  char *env[12];
  char store[8192];
};
// `input` (NULL when none) is the generated input, passed as the last argument.
void launch_prepare(struct launch *l, const char *version, const char *binary,
                    int workers, long size, uint64_t seed, const char *output,
                    const char *input);
// From now on MPI versions run across the hosts of this Open MPI host file (made
// absolute), reached through the user's agent (OMPI_MCA_plm_rsh_agent, or ssh).
// Returns 0, or -1 with one line in err (no such file, no host in it). NULL: back to
// this machine alone.
int launch_across_hosts(const char *hostfile, char *err, size_t errlen);
// 1 once launch_across_hosts has taken a host file.
int launch_hosts(void);
// 1 for the versions that mpirun starts (mpi, hybrid, mpi-empty).
int launch_uses_mpi(const char *version);
// How `workers` workers of `version` are made: ranks x threads (hybrid: 2 threads per
// rank when workers is even, else 1; an MPI version: ranks only; others: threads).
void launch_layout(const char *version, int workers, int *ranks, int *threads);
// The same command as one line of shell, to show a student how to reproduce a run.
// For an exercise with a generator (has_input) it starts with the generator's run:
// "images-generate --size 400 --seed 7 --output input && images-openmp ... input".
void launch_describe(const char *version, const char *program, int workers, long size,
                     uint64_t seed, int has_input, char *out, size_t len);

#endif
