// A real single-node Slurm cluster for tests: munge, slurmctld and slurmd, started from a
// generated slurm.conf in a scratch folder of their own, and stopped and removed after.
#ifndef TEST_SLURM_CLUSTER_H
#define TEST_SLURM_CLUSTER_H

#include <stddef.h>
#include <sys/types.h>

// The cluster's one partition (the default one) and its one node's CPUs.
#define SLURM_CLUSTER_PARTITION "test"

struct slurm_cluster {
  char dir[64];    // the scratch folder: slurm.conf, munge's key and socket, logs, spool
  char conf[96];   // DIR/slurm.conf
  int cpus;        // the node's CPUs: what this machine has
  pid_t munged, slurmctld, slurmd;  // 0 when not running
  int own_cgroup;  // 1 when DIR/cgroup is a file system the start mounted (see .c)
};

// Starts the cluster on ports no other run holds and sets SLURM_CONF in this process's
// environment, so that sbatch, srun, squeue and scancel run from here (and from its
// jobs) talk to it. Returns 0 once its node takes jobs. Otherwise -1, with what it had
// started stopped and removed, and in `why` one line that says what is wrong and how to
// fix it (Slurm or munge not installed, not root, a daemon that would not start).
int slurm_cluster_start(struct slurm_cluster *c, char *why, size_t whylen);

// Cancels the cluster's jobs, stops its daemons, removes its folder and unsets
// SLURM_CONF. Safe after a failed start, and twice. Returns 0, or -1 when the folder
// could not be removed.
int slurm_cluster_stop(struct slurm_cluster *c);

#endif
