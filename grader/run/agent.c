// pargrade-agent: how mpirun reaches the hosts of a grading across hosts (--hostfile)
// without running submitted code as root there.
//
// mpirun (as the grader) calls it in place of ssh, as `pargrade-agent HOST WORDS...`,
// the words being the command line of Open MPI's daemon for that host. It hands
// them to the agent the user's Open MPI would use (PARGRADE_AGENT: ssh, or a site's
// own), wrapped so that the host runs
//   pargrade-agent --enter UID WORKERS TIMEOUT DIR HOST 'WORDS...'
// whose child enters the sandbox there (sandbox.c: the run's uid, limits, clean
// environment, no new privileges) and only then starts the daemon through sh, as ssh
// would. The daemon forks the ranks: all of them run as the sandbox uid.
// PARGRADE_SANDBOX ("UID WORKERS TIMEOUT DIR") comes from the grader through mpirun's
// environment (sandbox_enter_launcher). The program must be at the same path on
// every host, as the run directory must: a shared file system.
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run.h"

#define AGENT_WORDS 16  // words of PARGRADE_AGENT ("ssh -o BatchMode=yes" is 3)

static int
agent_fail(const char *what)
{
  fprintf(stderr, "pargrade-agent: %s%s%s\n", what, errno ? ": " : "",
          errno ? strerror(errno) : "");
  return 255;  // what ssh returns when it cannot reach a host
}

// Appends `word` to out in single quotes, as one word for the host's shell.
static int
agent_quote(char *out, size_t len, const char *word)
{
  size_t n = strlen(out);
  if (n + 3 >= len)
    return -1;
  out[n++] = '\'';
  for (const char *c = word; *c; c++) {
    if (n + 6 >= len)
      return -1;
    if (*c == '\'') {  // ends the quotes, an escaped quote, opens them again
      memcpy(out + n, "'\\''", 4);
      n += 4;
    } else {
      out[n++] = *c;
    }
  }
  out[n++] = '\'';
  out[n++] = ' ';
  out[n] = '\0';
  return 0;
}

// mpirun's side: `pargrade-agent HOST WORDS...` becomes `AGENT HOST 'ENTER...'`.
static int
agent_forward(int argc, char **argv)
{
  const char *sandbox = getenv("PARGRADE_SANDBOX"), *agent = getenv("PARGRADE_AGENT");
  int uid, workers;
  double timeout;
  int at = 0;
  errno = 0;
  if (!sandbox || !agent || sscanf(sandbox, "%d %d %lg %n", &uid, &workers, &timeout,
                                   &at) != 3 || at == 0)
    return agent_fail("started without PARGRADE_SANDBOX and PARGRADE_AGENT (pargrade "
                      "--hostfile sets them for mpirun)");
  char self[PATH_MAX], numbers[3][32], words[8192] = "", command[8192] = "";
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return agent_fail("cannot find its own path");
  self[n] = '\0';
  size_t used = 0;
  for (int i = 2; i < argc; i++) {  // the daemon's command line, as ssh would join it
    int k = snprintf(words + used, sizeof words - used, "%s%s", i > 2 ? " " : "", argv[i]);
    if (k < 0 || (size_t)k >= sizeof words - used)
      return agent_fail("the daemon's command line is too long");
    used += (size_t)k;
  }
  snprintf(numbers[0], sizeof numbers[0], "%d", uid);
  snprintf(numbers[1], sizeof numbers[1], "%d", workers);
  snprintf(numbers[2], sizeof numbers[2], "%g", timeout);
  const char *enter[] = {self, "--enter", numbers[0], numbers[1], numbers[2],
                         sandbox + at, argv[1], words};
  for (size_t i = 0; i < sizeof enter / sizeof enter[0]; i++)
    if (agent_quote(command, sizeof command, enter[i]) != 0)
      return agent_fail("the daemon's command line is too long");

  char copy[1024], *real[AGENT_WORDS + 3], *save = NULL;
  int a = 0;
  snprintf(copy, sizeof copy, "%s", agent);
  for (char *w = strtok_r(copy, " \t", &save); w && a < AGENT_WORDS;
       w = strtok_r(NULL, " \t", &save))
    real[a++] = w;
  if (a == 0)
    return agent_fail("PARGRADE_AGENT is empty");
  real[a++] = argv[1];
  real[a++] = command;
  real[a] = NULL;
  execvp(real[0], real);
  return agent_fail(real[0]);
}

static pid_t agent_daemon;  // the sandboxed child that runs the daemon

static void
agent_stop(int sig)
{
  (void)sig;
  if (agent_daemon > 0)
    kill(agent_daemon, SIGKILL);
}

// Removes what the daemons of earlier runs on this host left in /tmp: the folders
// named `prefix`* (a daemon may outlive its shell, so none can be removed at its end;
// on the grader's own machine the sweep after each run takes them).
static void
agent_remove_old(const char *prefix)
{
  DIR *d = opendir("/tmp");
  struct dirent *e;
  while (d && (e = readdir(d))) {
    char path[PATH_MAX];
    if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
        (size_t)snprintf(path, sizeof path, "/tmp/%s", e->d_name) < sizeof path)
      scratch_remove(path);
  }
  if (d)
    closedir(d);
}

// The host's side: a child enters the sandbox and becomes the daemon, with a TMPDIR
// of its own in this host's /tmp (its session files, 8 MiB of PMIx store a host,
// would count as the run's output in the run directory; hosts on one machine must
// not share one). This process, the one mpirun knows and sets the process group
// of, keeps its uid and waits.
static int
agent_enter(char **argv)
{
  char *end;
  long uid = strtol(argv[2], &end, 10);
  int workers = atoi(argv[3]);
  double timeout = strtod(argv[4], NULL);
  const char *dir = argv[5], *host = argv[6], *command = argv[7];
  errno = 0;
  if (*end != '\0' || workers < 1 || timeout <= 0)
    return agent_fail("--enter UID WORKERS TIMEOUT DIR HOST COMMAND: bad numbers");
  int switched = uid >= 0 && geteuid() == 0;
  sandbox_use_uid(switched ? (int)uid : -1);
  char prefix[96], tmp[PATH_MAX], tmp_env[PATH_MAX + 8];
  snprintf(prefix, sizeof prefix, SANDBOX_HOST_TMP "%ld-%s-", uid, host);
  for (char *c = prefix; *c; c++)  // "user@node" or an address: no '/' in a name
    *c = *c == '/' ? '_' : *c;
  agent_remove_old(prefix);
  snprintf(tmp, sizeof tmp, "/tmp/%sXXXXXX", prefix);
  if (!mkdtemp(tmp) || (switched && chown(tmp, (uid_t)uid, (gid_t)uid) != 0))
    return agent_fail("cannot make a TMPDIR in /tmp");
  snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", tmp);
  char *env[] = {tmp_env, NULL};
  struct run_request rq = {.env = env, .dir = dir, .timeout = timeout, .workers = workers,
                           .untrusted = 1};
  signal(SIGTERM, agent_stop);
  signal(SIGINT, agent_stop);
  signal(SIGHUP, agent_stop);
  agent_daemon = fork();
  if (agent_daemon < 0)
    return agent_fail("fork");
  if (agent_daemon == 0) {
    if (chdir(dir) != 0)  // the run directory must be on a file system all share
      _exit(agent_fail(dir));
    if (sandbox_enter(&rq) != 0)
      _exit(agent_fail("cannot enter the sandbox"));
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(agent_fail("/bin/sh"));
  }
  int status = 0;
  while (waitpid(agent_daemon, &status, 0) < 0 && errno == EINTR)
    continue;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int
main(int argc, char **argv)
{
  if (argc == 8 && strcmp(argv[1], "--enter") == 0)
    return agent_enter(argv);
  if (argc >= 3 && argv[1][0] != '-')
    return agent_forward(argc, argv);
  fprintf(stderr, "usage: pargrade-agent HOST COMMAND... (mpirun's rsh agent for "
          "pargrade --hostfile; see run/agent.c)\n");
  return 2;
}
