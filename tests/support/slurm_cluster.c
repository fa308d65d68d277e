// A real single-node Slurm cluster for tests: munge, slurmctld and slurmd, started from a
// generated slurm.conf in a scratch folder of their own, and stopped and removed after.
#include "slurm_cluster.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "program.h"

// How long a daemon may take to come up, and to go after SIGTERM, before we give up on
// it. Not a measure of anything: a bound, so that a broken set-up fails instead of hanging.
#define START_SECONDS 60
#define STOP_SECONDS 20

// The programs the cluster runs, each with the Debian package that has it.
static const char *const tools[][2] = {
  {"munged", "munge"},        {"slurmctld", "slurmctld"}, {"slurmd", "slurmd"},
  {"sbatch", "slurm-client"}, {"srun", "slurm-client"},   {"sinfo", "slurm-client"},
  {"squeue", "slurm-client"}, {"scancel", "slurm-client"},
};

static void
say(char *why, size_t whylen, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  vsnprintf(why, whylen, format, args);
  va_end(args);
}

// Finds `name` on PATH or in the sbin folders (where Debian puts the daemons, often not
// on a user's PATH). Returns 0 with its path, or -1.
static int
find_tool(const char *name, char *path, size_t len)
{
  const char *env = getenv("PATH");
  char dirs[4096];
  snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/sbin", env ? env : "/usr/bin:/bin");
  char *save = NULL;
  for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    snprintf(path, len, "%s/%s", dir, name);
    if (access(path, X_OK) == 0)
      return 0;
  }
  return -1;
}

// The last line of the file at path that holds "error" or "fatal" (the last line when
// none does). 0 when the file had a line.
static int
last_error(const char *path, char *line, size_t len)
{
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  char buf[1024];
  int found_error = 0, found = 0;
  while (fgets(buf, sizeof buf, f)) {
    buf[strcspn(buf, "\n")] = '\0';
    int is_error = strstr(buf, "error") != NULL || strstr(buf, "fatal") != NULL;
    if (buf[0] && (is_error || !found_error)) {
      snprintf(line, len, "%s", buf);
      found = 1;
    }
    found_error |= is_error;
  }
  fclose(f);
  return found ? 0 : -1;
}

// What daemon `name` said about why it stopped or would not start: its log file's
// last error, or what it printed before it had a log file.
static void
daemon_reason(const struct slurm_cluster *c, const char *name, char *line, size_t len)
{
  char path[160];
  snprintf(path, sizeof path, "%s/%s.log", c->dir, name);
  if (last_error(path, line, len) == 0)
    return;
  snprintf(path, sizeof path, "%s/%s.out", c->dir, name);
  if (last_error(path, line, len) != 0)
    snprintf(line, len, "it wrote nothing (%s)", c->dir);
}

// A TCP port that nothing listens on now, so that two test runs on one machine do not
// take each other's. `fd` keeps it bound until the caller has all it needs.
static int
free_port(int *fd)
{
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  *fd = socket(AF_INET, SOCK_STREAM, 0);
  if (*fd < 0 || bind(*fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      getsockname(*fd, (struct sockaddr *)&addr, &len) != 0)
    return -1;
  return ntohs(addr.sin_port);
}

// The node's CPUs as slurmd counts them (`slurmd -C`), so the node's configuration
// matches what slurmd finds and Slurm does not take the node out of service.
static int
node_cpus(const char *slurmd)
{
  char command[600], line[1024];
  snprintf(command, sizeof command, "%s -C 2>/dev/null", slurmd);
  FILE *p = popen(command, "r");
  int cpus = 0;
  while (p && fgets(line, sizeof line, p)) {
    const char *at = strstr(line, " CPUs=");
    if (at)
      cpus = atoi(at + 6);
  }
  if (p)
    pclose(p);
  return cpus > 0 ? cpus : (int)sysconf(_SC_NPROCESSORS_ONLN);
}

// Starts argv[0] with stdout and stderr into `log`. It dies with this process, even
// when the test is killed, so no daemon outlives its test.
static pid_t
spawn(char *const argv[], const char *log)
{
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(1);
  int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
  int in = open("/dev/null", O_RDONLY);
  if (out < 0 || in < 0)
    _exit(126);
  dup2(in, 0);
  dup2(out, 1);
  dup2(out, 2);
  execv(argv[0], argv);
  _exit(127);
}

// 1 while the daemon *pid runs; once it has ended, *pid becomes 0 (its id is not ours
// to signal any more).
static int
running(pid_t *pid)
{
  if (*pid > 0 && waitpid(*pid, NULL, WNOHANG) != 0)
    *pid = 0;
  return *pid > 0;
}

static void
nap(void)
{
  struct timespec tenth = {0, 100 * 1000 * 1000};
  nanosleep(&tenth, NULL);
}

// Copies the first line that `command` prints into line. 1 when it printed one.
static int
first_line(const char *command, char *line, size_t len)
{
  line[0] = '\0';
  FILE *p = popen(command, "r");
  if (!p)
    return 0;
  int got = fgets(line, (int)len, p) != NULL;
  pclose(p);
  line[strcspn(line, "\n")] = '\0';
  return got;
}

static int
write_key(const char *path)
{
  unsigned char key[1024];
  int in = open("/dev/urandom", O_RDONLY);
  int ok = in >= 0 && read(in, key, sizeof key) == (ssize_t)sizeof key;
  if (in >= 0)
    close(in);
  // munged refuses a key that anyone but its owner may read.
  int out = ok ? open(path, O_WRONLY | O_CREAT | O_EXCL, 0400) : -1;
  ok = out >= 0 && write(out, key, sizeof key) == (ssize_t)sizeof key;
  if (out >= 0)
    close(out);
  return ok ? 0 : -1;
}

static int
write_conf(const struct slurm_cluster *c, const char *host, int ctld_port, int slurmd_port)
{
  FILE *f = fopen(c->conf, "w");
  if (!f)
    return -1;
  const char *d = c->dir;
  fprintf(f, "# A test cluster of tests/support/slurm_cluster.c: one node, this machine.\n");
  fprintf(f, "ClusterName=pargrade-test\n");
  fprintf(f, "SlurmctldHost=%s(127.0.0.1)\n", host);
  fprintf(f, "SlurmctldPort=%d\nSlurmdPort=%d\n", ctld_port, slurmd_port);
  fprintf(f, "SlurmUser=root\nSlurmdUser=root\n");
  fprintf(f, "AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=%s/munge.socket\n", d);
  fprintf(f, "StateSaveLocation=%s/state\nSlurmdSpoolDir=%s/spool\n", d, d);
  fprintf(f, "SlurmctldPidFile=%s/slurmctld.pid\nSlurmdPidFile=%s/slurmd.pid\n", d, d);
  fprintf(f, "SlurmctldLogFile=%s/slurmctld.log\nSlurmdLogFile=%s/slurmd.log\n", d, d);
  // Nothing that needs cgroups or a database: plain processes, no accounting.
  fprintf(f, "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n");
  fprintf(f, "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType="
             "accounting_storage/none\nJobCompType=jobcomp/none\n");
  // Jobs share the node CPU by CPU, as on a real cluster's node.
  fprintf(f, "SelectType=select/cons_tres\nSelectTypeParameters=CR_CPU\n");
  // A job whose dependency failed is cancelled, so sbatch --wait on it returns; and
  // jobs are started as soon as CPUs are free, not in batches every 3 s.
  fprintf(f, "SchedulerType=sched/builtin\n");
  fprintf(f, "SchedulerParameters=kill_invalid_depend,batch_sched_delay=0\n");
  // sbatch --wait polls every 2 s while that is under half of MinJobAge (then 8 s, then
  // 32 s): kept short here, where every job lasts seconds. Records of ended jobs still
  // stay at least 4 s, twice sbatch's poll.
  fprintf(f, "MinJobAge=4\n");
  fprintf(f, "ReturnToService=2\nMpiDefault=none\nKillWait=2\nMailProg=/bin/true\n");
  fprintf(f, "NodeName=%s NodeAddr=127.0.0.1 CPUs=%d State=UNKNOWN\n", host, c->cpus);
  fprintf(f, "PartitionName=%s Nodes=%s Default=YES MaxTime=INFINITE State=UP\n",
          SLURM_CLUSTER_PARTITION, host);
  return fclose(f) == 0 ? 0 : -1;
}

// slurmd (22.05) will not start without a cgroup file system at /sys/fs/cgroup, even
// with no plugin that uses one. A chroot (the fresh-machine check) has /sys but not the
// cgroup mounts below it: there the cluster gets an empty one of its own, DIR/cgroup,
// which is all slurmd looks for with the plugins used here. Returns 0, or -1.
static int
give_cgroup(struct slurm_cluster *c)
{
  struct statfs fs;
  if (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type != SYSFS_MAGIC)
    return 0;  // mounted, as on every machine that boots
  char dir[128], conf[128];
  snprintf(dir, sizeof dir, "%s/cgroup", c->dir);
  snprintf(conf, sizeof conf, "%s/cgroup.conf", c->dir);
  if (mkdir(dir, 0755) != 0 || mount("none", dir, "tmpfs", 0, "size=1m") != 0)
    return -1;
  c->own_cgroup = 1;
  FILE *f = fopen(conf, "w");
  if (!f)
    return -1;
  fprintf(f, "CgroupPlugin=cgroup/v1\nCgroupMountpoint=%s\n", dir);
  return fclose(f) == 0 ? 0 : -1;
}

// Waits for `ready` while every daemon started so far runs. 0 when ready; -1 when one
// of them ended (its pid is then 0) or START_SECONDS went by.
static int
wait_for(struct slurm_cluster *c, int (*ready)(const struct slurm_cluster *))
{
  for (int tenths = 0; tenths < START_SECONDS * 10; tenths++) {
    if (ready(c))
      return 0;
    pid_t *daemons[] = {&c->munged, &c->slurmctld, &c->slurmd};
    for (size_t d = 0; d < sizeof daemons / sizeof daemons[0]; d++)
      if (*daemons[d] != 0 && !running(daemons[d]))
        return -1;
    nap();
  }
  return -1;
}

static int
munge_ready(const struct slurm_cluster *c)
{
  char socket_path[128];
  struct stat st;
  snprintf(socket_path, sizeof socket_path, "%s/munge.socket", c->dir);
  return stat(socket_path, &st) == 0 && S_ISSOCK(st.st_mode);
}

static int
node_idle(const struct slurm_cluster *c)
{
  (void)c;
  char state[64];
  return first_line("sinfo -h -o %T 2>/dev/null", state, sizeof state) &&
         strcmp(state, "idle") == 0;
}

static int
start_daemons(struct slurm_cluster *c, char *why, size_t whylen)
{
  char munged[512], slurmctld[512], slurmd[512], opt[5][160], out[160], reason[512];
  find_tool("munged", munged, sizeof munged);
  find_tool("slurmctld", slurmctld, sizeof slurmctld);
  find_tool("slurmd", slurmd, sizeof slurmd);

  // munge with a key and a socket of its own, beside any munged the machine runs.
  snprintf(opt[0], sizeof opt[0], "--key-file=%s/munge.key", c->dir);
  snprintf(opt[1], sizeof opt[1], "--socket=%s/munge.socket", c->dir);
  snprintf(opt[2], sizeof opt[2], "--pid-file=%s/munged.pid", c->dir);
  snprintf(opt[3], sizeof opt[3], "--seed-file=%s/munged.seed", c->dir);
  snprintf(opt[4], sizeof opt[4], "--log-file=%s/munged.log", c->dir);
  char *munge_argv[] = {munged, "--foreground", opt[0], opt[1], opt[2], opt[3], opt[4], NULL};
  snprintf(out, sizeof out, "%s/munged.out", c->dir);
  c->munged = spawn(munge_argv, out);
  if (wait_for(c, munge_ready) != 0) {
    daemon_reason(c, "munged", reason, sizeof reason);
    say(why, whylen, "the test cluster's munged did not start: %s", reason);
    return -1;
  }

  char *ctld_argv[] = {slurmctld, "-D", "-f", c->conf, NULL};
  snprintf(out, sizeof out, "%s/slurmctld.out", c->dir);
  c->slurmctld = spawn(ctld_argv, out);
  char *slurmd_argv[] = {slurmd, "-D", "-f", c->conf, NULL};
  snprintf(out, sizeof out, "%s/slurmd.out", c->dir);
  c->slurmd = spawn(slurmd_argv, out);
  if (wait_for(c, node_idle) != 0) {
    const char *which = c->munged == 0      ? "munged"
                        : c->slurmctld == 0 ? "slurmctld"
                                            : "slurmd";
    daemon_reason(c, which, reason, sizeof reason);
    say(why, whylen, "the test cluster's node did not come up (%s): %s", which, reason);
    return -1;
  }
  return 0;
}

int
slurm_cluster_start(struct slurm_cluster *c, char *why, size_t whylen)
{
  memset(c, 0, sizeof *c);
  char path[512];
  for (size_t t = 0; t < sizeof tools / sizeof tools[0]; t++)
    if (find_tool(tools[t][0], path, sizeof path) != 0) {
      say(why, whylen,
          "the test cluster needs %s, which is not installed (Debian package %s): install"
          " slurm-wlm and munge as root (`sh cmake/install-deps.sh test`, which `make test`"
          " runs)",
          tools[t][0], tools[t][1]);
      return -1;
    }
  if (geteuid() != 0) {
    say(why, whylen, "the test cluster needs root (slurmd starts each job as the user who"
                     " submitted it): run the tests as root, as CI does");
    return -1;
  }

  snprintf(c->dir, sizeof c->dir, "/tmp/test-slurm-XXXXXX");
  // munged wants the folder of its socket open to every user, whose jobs connect to it.
  if (!mkdtemp(c->dir) || chmod(c->dir, 0755) != 0) {
    say(why, whylen, "cannot make the test cluster's folder in /tmp: %s", strerror(errno));
    c->dir[0] = '\0';
    return -1;
  }
  snprintf(c->conf, sizeof c->conf, "%s/slurm.conf", c->dir);
  setenv("SLURM_CONF", c->conf, 1);

  char host[256] = "";
  gethostname(host, sizeof host - 1);
  host[strcspn(host, ".")] = '\0';  // Slurm names a node by its short host name
  find_tool("slurmd", path, sizeof path);
  c->cpus = node_cpus(path);

  int ctld_fd = -1, slurmd_fd = -1;
  int ctld_port = free_port(&ctld_fd), slurmd_port = free_port(&slurmd_fd);
  char key[128], state[128], spool[128];
  snprintf(key, sizeof key, "%s/munge.key", c->dir);
  snprintf(state, sizeof state, "%s/state", c->dir);
  snprintf(spool, sizeof spool, "%s/spool", c->dir);
  int made = ctld_port > 0 && slurmd_port > 0 && write_key(key) == 0 &&
             mkdir(state, 0700) == 0 && mkdir(spool, 0755) == 0 &&
             write_conf(c, host, ctld_port, slurmd_port) == 0 && give_cgroup(c) == 0;
  if (ctld_fd >= 0)
    close(ctld_fd);
  if (slurmd_fd >= 0)
    close(slurmd_fd);
  if (!made) {
    say(why, whylen, "cannot write the test cluster's files in %s: %s", c->dir,
        strerror(errno));
    slurm_cluster_stop(c);
    return -1;
  }
  if (start_daemons(c, why, whylen) != 0) {
    slurm_cluster_stop(c);
    return -1;
  }
  return 0;
}

// SIGTERM, then SIGKILL if it has not gone in STOP_SECONDS.
static void
terminate(pid_t *pid)
{
  if (*pid <= 0)
    return;
  kill(*pid, SIGTERM);
  for (int tenths = 0; tenths < STOP_SECONDS * 10 && running(pid); tenths++)
    nap();
  if (running(pid)) {
    kill(*pid, SIGKILL);
    waitpid(*pid, NULL, 0);
  }
  *pid = 0;
}

int
slurm_cluster_stop(struct slurm_cluster *c)
{
  if (running(&c->slurmctld) && running(&c->slurmd)) {
    // Cancel what is left (a failed test's jobs) and let slurmd end their processes.
    char job[64];
    if (system("scancel --partition=" SLURM_CLUSTER_PARTITION " 2>/dev/null") == 0)
      for (int tenths = 0; tenths < STOP_SECONDS * 10; tenths++) {
        if (!first_line("squeue -h -o %i 2>/dev/null", job, sizeof job))
          break;
        nap();
      }
  }
  terminate(&c->slurmd);
  terminate(&c->slurmctld);
  terminate(&c->munged);
  unsetenv("SLURM_CONF");
  int status = 0;
  if (c->own_cgroup) {
    char dir[128];
    snprintf(dir, sizeof dir, "%s/cgroup", c->dir);
    umount2(dir, MNT_DETACH);
    c->own_cgroup = 0;
  }
  if (c->dir[0] != '\0')
    status = program_remove_dir(c->dir);
  c->dir[0] = '\0';
  return status;
}
