// Several MPI "hosts" on one machine: network namespaces on a private test network.
#include "hosts.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"

// Every name this code makes starts so, followed by the pid of the run that made it
// and how many sets of hosts that run made before.
#define HOSTS_PREFIX "pgnet"
// Where `ip netns add` keeps a namespace's name.
#define HOSTS_NETNS_DIR "/var/run/netns"
// Runs what follows in namespace %s. Not `ip -n` or `ip netns exec`: those also make
// the root folder's mounts private first, which fails where / is not a mount point
// (a chroot, as the fresh-machine check is); only the network needs to change.
#define HOSTS_IN "nsenter --net=" HOSTS_NETNS_DIR "/%s "
// The test network. The addresses exist only inside this run's namespaces, which no
// other run shares, so two runs at once can use the same ones without meeting.
#define HOSTS_NETWORK "10.157.0"

// Runs one `ip` command (a printf format). Returns 0, or 1 with the command and ip's
// first line of stderr in err.
static int
hosts_ip(char *err, size_t errlen, const char *format, ...)
{
  char command[512], message[256] = "";
  va_list args;
  va_start(args, format);
  vsnprintf(command, sizeof command, format, args);
  va_end(args);
  if (program_run(command, message, sizeof message) == 0)
    return 0;
  snprintf(err, errlen, "'%s' failed (%s)", command, message[0] ? message : "no message");
  return 1;
}

static int
hosts_exists(const char *namespace)
{
  char path[128];
  snprintf(path, sizeof path, HOSTS_NETNS_DIR "/%s", namespace);
  return access(path, F_OK) == 0;
}

// Kills what still runs in the namespace (an mpirun or daemon of a run that was
// interrupted: with its host file and agent gone it would wait forever), then
// removes it.
static int
hosts_delete(const char *namespace)
{
  char err[256], command[320];
  if (!namespace[0] || !hosts_exists(namespace))
    return 0;
  // SIGKILL takes a moment to end a process: wait (up to 2 s) until none is left.
  snprintf(command, sizeof command, "ip netns pids %s | xargs -r kill -KILL; "
           "for i in $(seq 40); do [ -z \"$(ip netns pids %s)\" ] && break; sleep 0.05; done",
           namespace, namespace);
  program_run(command, NULL, 0);
  return hosts_ip(err, sizeof err, "ip netns del %s", namespace);
}

// Removes the namespaces and directories of runs whose process is gone (a run that
// was killed never reached its teardown), so that they do not pile up.
static void
hosts_remove_leftovers(void)
{
  DIR *dir = opendir(HOSTS_NETNS_DIR);
  if (!dir)
    return;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    int pid;
    if (sscanf(entry->d_name, HOSTS_PREFIX "%d-", &pid) != 1 || pid <= 0 || pid == getpid())
      continue;
    if (kill(pid, 0) == 0 || errno != ESRCH)
      continue;
    char command[64];
    hosts_delete(entry->d_name);
    snprintf(command, sizeof command, "rm -rf /tmp/test-hosts-%d-*", pid);
    program_run(command, NULL, 0);
  }
  closedir(dir);
}

// The agent Open MPI calls as `AGENT ADDRESS COMMAND...` to start its daemon on a
// host, in place of ssh: it runs COMMAND in that host's namespace with that host's
// TMPDIR, through a shell as ssh would (the command holds quoted arguments).
static int
hosts_write_agent(const struct hosts *h)
{
  FILE *f = fopen(h->agent, "w");
  if (!f)
    return 1;
  fprintf(f, "#!/bin/sh\n"
             "# Open MPI's rsh agent for the test hosts of tests/support/hosts.c.\n"
             "address=$1\nshift\ncase $address in\n");
  for (int i = 0; i < h->count; i++)
    fprintf(f, "  %s) ns=%s tmp=%s ;;\n", h->address[i], h->name[i], h->tmpdir[i]);
  fprintf(f, "  *) echo \"agent: $address is not a test host\" >&2; exit 255 ;;\n"
             "esac\nexec nsenter --net=\"" HOSTS_NETNS_DIR "/$ns\" env TMPDIR=\"$tmp\" sh -c \"$*\"\n");
  int failed = ferror(f);
  failed |= fclose(f) != 0;
  return failed || chmod(h->agent, 0755) != 0;
}

static int
hosts_write_hostfile(const struct hosts *h)
{
  FILE *f = fopen(h->hostfile, "w");
  if (!f)
    return 1;
  for (int i = 0; i < h->count; i++)
    fprintf(f, "%s slots=%d\n", h->address[i], HOSTS_SLOTS);
  int failed = ferror(f);
  return (fclose(f) != 0) | failed;
}

// The switch: a namespace with a bridge that every host's veth pair plugs into.
static int
hosts_make_switch(const struct hosts *h, char *err, size_t errlen)
{
  return hosts_ip(err, errlen, HOSTS_IN "ip link add br0 type bridge", h->switch_name) ||
         hosts_ip(err, errlen, HOSTS_IN "ip link set br0 up", h->switch_name);
}

// Host i: its namespace, a veth pair from it (eth0) to the switch (port hI), its
// address, and its loopback up (Open MPI's daemons use it within a host).
static int
hosts_make_host(const struct hosts *h, int i, char *err, size_t errlen)
{
  return hosts_ip(err, errlen, "ip netns add %s", h->name[i]) ||
         hosts_ip(err, errlen, HOSTS_IN "ip link add h%d type veth peer name eth0 netns %s",
                  h->switch_name, i, h->name[i]) ||
         hosts_ip(err, errlen, HOSTS_IN "ip link set h%d master br0 up", h->switch_name, i) ||
         hosts_ip(err, errlen, HOSTS_IN "ip addr add %s/24 dev eth0", h->name[i],
                  h->address[i]) ||
         hosts_ip(err, errlen, HOSTS_IN "ip link set eth0 up", h->name[i]) ||
         hosts_ip(err, errlen, HOSTS_IN "ip link set lo up", h->name[i]);
}

int
hosts_up(struct hosts *h, int count, char *err, size_t errlen)
{
  char why[600] = "";
  memset(h, 0, sizeof *h);
  if (count < 2 || count > HOSTS_MAX) {
    snprintf(err, errlen, "hosts: %d hosts asked for, 2 to %d can be made", count, HOSTS_MAX);
    return 1;
  }
  if (program_run("command -v ip >/dev/null", NULL, 0) != 0) {
    snprintf(err, errlen, "hosts: no 'ip' command to make network namespaces with: install "
             "iproute2 (apt-get install iproute2; make test installs it)");
    return 1;
  }
  hosts_remove_leftovers();
  static int sets_made;  // by this process: each set gets names of its own
  int pid = (int)getpid(), set = sets_made++;
  h->count = count;
  snprintf(h->switch_name, sizeof h->switch_name, HOSTS_PREFIX "%d-%d-sw", pid, set);
  snprintf(h->network, sizeof h->network, HOSTS_NETWORK ".0/24");
  for (int i = 0; i < count; i++) {
    snprintf(h->name[i], sizeof h->name[i], HOSTS_PREFIX "%d-%d-h%d", pid, set, i);
    snprintf(h->address[i], sizeof h->address[i], HOSTS_NETWORK ".%d", i + 1);
  }
  snprintf(h->dir, sizeof h->dir, "/tmp/test-hosts-%d-%d", pid, set);
  for (int i = 0; i < count; i++)
    snprintf(h->tmpdir[i], sizeof h->tmpdir[i], "%s/tmp-h%d", h->dir, i);
  snprintf(h->hostfile, sizeof h->hostfile, "%s/hostfile", h->dir);
  snprintf(h->agent, sizeof h->agent, "%s/agent", h->dir);

  // The first namespace tells whether this machine lets us make any.
  if (hosts_ip(why, sizeof why, "ip netns add %s", h->switch_name)) {
    snprintf(err, errlen, "hosts: cannot make a network namespace: %s; it needs root with "
             "CAP_NET_ADMIN and CAP_SYS_ADMIN: run the tests as root (sudo make test), in a "
             "container one started with --privileged", why);
    hosts_down(h);
    return 1;
  }
  int failed = hosts_make_switch(h, why, sizeof why);
  for (int i = 0; i < count && !failed; i++)
    failed = hosts_make_host(h, i, why, sizeof why);
  if (failed) {
    snprintf(err, errlen, "hosts: cannot make the test network: %s; it needs the kernel's "
             "bridge and veth drivers (modprobe bridge veth)", why);
    hosts_down(h);
    return 1;
  }
  program_remove_dir(h->dir);
  int made = mkdir(h->dir, 0755) == 0;
  for (int i = 0; i < count && made; i++)
    made = mkdir(h->tmpdir[i], 0755) == 0;
  if (!made || hosts_write_agent(h) != 0 || hosts_write_hostfile(h) != 0) {
    snprintf(err, errlen, "hosts: cannot write the host file and agent in %s: %s", h->dir,
             strerror(errno));
    hosts_down(h);
    return 1;
  }
  return 0;
}

// 1 when HOSTS_NETNS_DIR holds no namespace at all (this run's or anyone's).
static int
hosts_netns_empty(void)
{
  DIR *dir = opendir(HOSTS_NETNS_DIR);
  struct dirent *entry;
  int empty = dir != NULL;
  while (dir && (entry = readdir(dir)) != NULL)
    if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
      empty = 0;
  if (dir)
    closedir(dir);
  return empty;
}

int
hosts_down(struct hosts *h)
{
  int failed = 0;
  // The hosts' namespaces first: their veth pairs go with them, out of the switch.
  for (int i = 0; i < HOSTS_MAX; i++)
    failed |= hosts_delete(h->name[i]) != 0;
  failed |= hosts_delete(h->switch_name) != 0;
  if (h->dir[0])
    failed |= program_remove_dir(h->dir) != 0;
  // `ip netns add` mounts the namespaces' folder on itself. With no namespace left in
  // it, that mount serves nobody, and in a chroot it would outlive the chroot.
  if (rmdir(HOSTS_NETNS_DIR) != 0 && errno == EBUSY && hosts_netns_empty())
    umount2(HOSTS_NETNS_DIR, MNT_DETACH);
  memset(h, 0, sizeof *h);
  return failed;
}

int
hosts_mpirun(const struct hosts *h, const char *map_by, char *out, size_t len)
{
  // program_mpirun's command is for one machine; its environment (Open MPI as root,
  // in children only) is what these runs need as well.
  (void)program_mpirun();
  // The hosts share this machine's cores, and each one's daemon takes them all for
  // its own: --bind-to none, or every host binds its ranks to the same cores; and
  // mpi_yield_when_idle, or a rank waiting for a message spins on a core that the
  // rank it waits for needs (05-turbine at 4 ranks: 59 s spinning, 0.9 s yielding;
  // Open MPI yields by itself only on a host it sees oversubscribed). btl tcp,self
  // leaves out shared memory, and the *_if_include options keep both MPI's and the
  // daemons' traffic on the test network (the hosts have loopback too).
  int n = snprintf(out, len,
                   HOSTS_IN "env TMPDIR=%s " MPIEXEC " --oversubscribe --bind-to none "
                   "--mca mpi_yield_when_idle 1 --hostfile %s --map-by %s "
                   "--mca plm_rsh_agent %s --mca btl tcp,self "
                   "--mca btl_tcp_if_include %s --mca oob_tcp_if_include %s "
                   MPIEXEC_NUMPROC_FLAG,
                   h->name[0], h->tmpdir[0], h->hostfile, map_by, h->agent, h->network,
                   h->network);
  return n < 0 || (size_t)n >= len;
}

int
hosts_expected(const struct hosts *h, const char *map_by, int rank)
{
  if (rank < 0 || h->count == 0)
    return -1;
  if (strcmp(map_by, "node") == 0)
    return rank % h->count;
  if (strcmp(map_by, "slot") == 0)
    return rank / HOSTS_SLOTS < h->count ? rank / HOSTS_SLOTS : -1;
  return -1;
}
