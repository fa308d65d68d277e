// The embarrassing task pool: the C counterpart of Python's multiprocessing.Pool.map.
// Forked worker processes each run tasks; every task's result travels back to the
// parent through a pipe. Workers share no memory with the parent: a task may only
// communicate through the bytes of its result.
#ifndef COMMON_POOL_H
#define COMMON_POOL_H

#include <stddef.h>

#include "split.h"

// Runs task `task` and writes exactly result_size bytes to `result`.
// Returns 0 on success; any other value marks the task (and its worker) as failed.
typedef int (*pool_task_fn)(size_t task, void *result, void *context);

enum pool_schedule {
  POOL_STATIC,   // worker w runs the block split_block(w, workers, tasks) of tasks
  POOL_DYNAMIC,  // the parent hands out the next task whenever a worker is free
};

struct pool_job {
  size_t tasks;          // number of tasks, numbered 0..tasks-1
  size_t result_size;    // bytes each task writes (may be 0)
  pool_task_fn run;
  void *context;         // passed to run(); each worker sees its own forked copy
  enum pool_schedule schedule;
};

// What happened; filled in by pool_map and pool_map_shard.
struct pool_report {
  size_t tasks_done;     // tasks whose results arrived
  int failed;            // 1 when some worker failed
  size_t failed_task;    // the task that worker was running (or last started)
  int worker;            // which worker failed, 0-based
  int exit_status;       // its exit status when it exited non-zero, else -1
  int signal;            // the signal that killed it, else 0
  char message[256];     // one line, e.g. "worker 1 was killed by signal 11
                         // (Segmentation fault) while running task 5"
};

// slide: pool-map
// Runs all tasks over `workers` forked processes (at most one per task; workers
// >= 1) and stores task t's result at results + t * result_size. `done`, when not
// NULL, gets done[t] = 1 for every task whose result arrived.
// Returns 0 when every task succeeded. Returns -1 when a worker crashed, was killed
// or exited non-zero: the report names it and its task, the results of the tasks
// that did finish are kept, and every worker has been waited for (the parent never
// hangs on a dead worker). Also -1 (with the reason in the report) if fork or pipe
// fails or workers < 1.
int pool_map(const struct pool_job *job, int workers, void *results,
             unsigned char *done, struct pool_report *report);
// end slide

// Runs only the tasks of one share, in this process: the block
// split_block(shard.index, shard.count, job->tasks). This is what --shard i/n does,
// so shares can run as separate commands (shell &, xargs -P, a Slurm job array).
// Returns 0, or -1 when a task returned non-zero (named in the report).
int pool_map_shard(const struct pool_job *job, struct shard shard, void *results,
                   unsigned char *done, struct pool_report *report);

#endif
