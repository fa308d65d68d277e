// The runner of the multinode suites: makes the hosts, runs the suites, removes them.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "multinode.h"
#include "runner.h"

struct hosts multinode_hosts;

// An interrupted run (Ctrl-C, a kill) still removes its namespaces; a run killed
// outright leaves them to the next run's hosts_up.
static void
remove_hosts_and_die(int sig)
{
  hosts_down(&multinode_hosts);
  signal(sig, SIG_DFL);
  raise(sig);
}

int
main(void)
{
  char err[1024];
  // A machine that cannot make the hosts fails the suite: passing or skipping would
  // hide that MPI across hosts went untested.
  if (hosts_up(&multinode_hosts, 3, err, sizeof err) != 0) {
    fprintf(stderr, "multinode: %s\n", err);
    return 1;
  }
  const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
    signal(signals[i], remove_hosts_and_die);

  const runner_register_fn registers[] = {register_hosts, register_multinode,
                                           register_grading};
  int status = runner_main(registers, sizeof registers / sizeof registers[0]);
  if (hosts_down(&multinode_hosts) != 0) {
    fprintf(stderr, "multinode: the test hosts could not all be removed (ip netns list)\n");
    status = 1;
  }
  return status;
}
