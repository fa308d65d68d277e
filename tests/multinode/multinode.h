// What the multinode suites share: the hosts main.c makes for them, and their suites.
#ifndef TEST_MULTINODE_H
#define TEST_MULTINODE_H

#include "hosts.h"

// Three hosts, up while the suites run (main.c makes them and removes them).
extern struct hosts multinode_hosts;

// test_hosts.c: the hosts themselves, and where mpirun puts the ranks.
void register_hosts(void);
// test_multinode.c: every exercise's MPI solution across the hosts.
void register_multinode(void);
// test_grading.c: pargrade --hostfile on the hosts.
void register_grading(void);

#endif
