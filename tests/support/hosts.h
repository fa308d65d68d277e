// Several MPI "hosts" on one machine: network namespaces on a private test network.
//
// A "switch" namespace holds a bridge; each host is a namespace joined to the bridge
// by a veth pair, with one address on a private /24, and has a TMPDIR of its own.
// Open MPI reaches a host through an rsh agent script that runs the command in that
// host's namespace, so mpirun starts an orted on every host and the ranks talk over
// real TCP. Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2's `ip`.
#ifndef TEST_HOSTS_H
#define TEST_HOSTS_H

#include <stddef.h>

#define HOSTS_MAX 4
// Ranks a host takes before mpirun's default placement (--map-by slot) moves on.
#define HOSTS_SLOTS 2

struct hosts {
  int count;                    // 0 when down
  char name[HOSTS_MAX][32];     // each host's network namespace
  char address[HOSTS_MAX][24];  // its address on the test network
  // Its own TMPDIR, as a machine has its own /tmp: Open MPI's daemons keep their
  // session files there (PMIx's shared store among them), and the daemons of one job
  // sharing one /tmp wrote over each other's (ranks crashed in PMIx, 4 runs in 18).
  char tmpdir[HOSTS_MAX][64];
  char network[24];             // the test network, as btl_tcp_if_include takes it
  char switch_name[32];         // the namespace that holds the bridge
  char dir[40];                 // holds the host file and the agent
  char hostfile[64];            // one line a host: "ADDRESS slots=HOSTS_SLOTS"
  char agent[64];               // mpirun's plm_rsh_agent: AGENT ADDRESS COMMAND...
};

// Makes `count` hosts (2 to HOSTS_MAX) with names unique to this call, after
// removing what runs of processes that no longer exist left behind. Returns 0, or 1
// with one line in err that says what failed and how to fix it (nothing is left).
int hosts_up(struct hosts *h, int count, char *err, size_t errlen);

// Removes the namespaces (with the bridge and the veth pairs) and the directory.
// Safe to call twice, or on hosts that are down. Returns 0, or 1 when some part
// could not be removed.
int hosts_down(struct hosts *h);

// The command that starts mpirun in the first host with the ranks placed by
// `map_by` ("node": one a host in turn; "slot": HOSTS_SLOTS on a host before the
// next), up to the number-of-processes flag: append "N PROGRAM ARGS". Every message
// goes over TCP on the test network, between ranks of one host too. Also lets Open
// MPI run as root in this process's children. Returns 0, or 1 when out is too short.
int hosts_mpirun(const struct hosts *h, const char *map_by, char *out, size_t len);

// The host that rank `rank` runs on under `map_by`, as hosts_mpirun places it: an
// index into name[], or -1 for a placement it does not know or a rank past the slots.
int hosts_expected(const struct hosts *h, const char *map_by, int rank);

#endif
