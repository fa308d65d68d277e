// The test hosts themselves (tests/support/hosts.c): what hosts_up makes, what
// hosts_down leaves, its one-line reasons, and where mpirun puts the ranks.
#include <CUnit/CUnit.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "multinode.h"
#include "program.h"

static int
namespace_exists(const char *name)
{
  char path[256];
  snprintf(path, sizeof path, "/var/run/netns/%s", name);
  return access(path, F_OK) == 0;
}

// Runs `command`, its stdout into the hosts' directory, and returns that output's
// first line in out (status: the command's exit status).
static int
output_of(const char *command, char *out, size_t len)
{
  char line[1024], path[256], err[256];
  snprintf(path, sizeof path, "%s/output.txt", multinode_hosts.dir);
  snprintf(line, sizeof line, "%s > %s", command, path);
  int status = program_run(line, err, sizeof err);
  out[0] = '\0';
  FILE *f = fopen(path, "r");
  if (f && fgets(out, (int)len, f))
    out[strcspn(out, "\n")] = '\0';
  if (f)
    fclose(f);
  return status;
}

// Each host: its namespace, its address on eth0, its line in the host file; the
// agent runs a command in the namespace and with the TMPDIR of the address it is
// given, and refuses one that is not a test host.
static void
test_hosts_made(void)
{
  const struct hosts *h = &multinode_hosts;
  char command[512], out[256], err[256], want[256];
  CU_ASSERT_EQUAL_FATAL(h->count, 3);
  CU_ASSERT_TRUE(namespace_exists(h->switch_name));
  long len = 0;
  char *hostfile = (char *)program_read_file(h->hostfile, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(hostfile);
  hostfile[len] = '\0';
  CU_ASSERT_STRING_EQUAL(hostfile, "10.157.0.1 slots=2\n10.157.0.2 slots=2\n10.157.0.3 slots=2\n");
  free(hostfile);
  for (int i = 0; i < h->count; i++) {
    CU_ASSERT_TRUE(namespace_exists(h->name[i]));
    snprintf(command, sizeof command, "nsenter --net=/var/run/netns/%s ip -4 -o addr show dev eth0 "
             "| awk '{print $4}'",
             h->name[i]);
    CU_ASSERT_EQUAL(output_of(command, out, sizeof out), 0);
    snprintf(want, sizeof want, "%s/24", h->address[i]);
    CU_ASSERT_STRING_EQUAL(out, want);
    snprintf(command, sizeof command, "%s %s 'ip netns identify $$'", h->agent, h->address[i]);
    CU_ASSERT_EQUAL(output_of(command, out, sizeof out), 0);
    CU_ASSERT_STRING_EQUAL(out, h->name[i]);
    snprintf(command, sizeof command, "%s %s 'echo $TMPDIR'", h->agent, h->address[i]);
    CU_ASSERT_EQUAL(output_of(command, out, sizeof out), 0);
    CU_ASSERT_STRING_EQUAL(out, h->tmpdir[i]);
  }
  snprintf(command, sizeof command, "%s 10.157.0.99 true", h->agent);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 255);
  CU_ASSERT_STRING_EQUAL(err, "agent: 10.157.0.99 is not a test host");
}

// mpirun's placements, seen from the ranks: each rank prints its rank and the
// namespace it runs in. One a host in turn ("node") at 2, 3 and 4 ranks, and two a
// host ("slot") at 4; 3 and 4 ranks by node put ranks on every host.
static void
test_placement(void)
{
  const struct hosts *h = &multinode_hosts;
  static const struct {
    int ranks;
    const char *map_by;
  } runs[] = {{2, "node"}, {3, "node"}, {4, "node"}, {4, "slot"}};
  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    char mpirun[1024], command[1400], path[256], err[256], name[64];
    CU_ASSERT_EQUAL_FATAL(hosts_mpirun(h, runs[r].map_by, mpirun, sizeof mpirun), 0);
    snprintf(path, sizeof path, "%s/placement.txt", h->dir);
    snprintf(command, sizeof command,
             "%s %d sh -c 'echo $OMPI_COMM_WORLD_RANK $(ip netns identify $$)' > %s", mpirun,
             runs[r].ranks, path);
    int status = program_run(command, err, sizeof err);
    if (status != 0)
      printf("\n  %d ranks by %s: exit status %d: %s", runs[r].ranks, runs[r].map_by, status,
             err);
    CU_ASSERT_EQUAL_FATAL(status, 0);
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int rank, lines = 0, seen[HOSTS_MAX * HOSTS_SLOTS] = {0}, hosts_used[HOSTS_MAX] = {0};
    while (fscanf(f, "%d %63s", &rank, name) == 2) {
      lines++;
      int want = hosts_expected(h, runs[r].map_by, rank);
      CU_ASSERT_FATAL(rank >= 0 && rank < runs[r].ranks && want >= 0);
      seen[rank]++;
      for (int i = 0; i < h->count; i++)
        hosts_used[i] += strcmp(name, h->name[i]) == 0;
      if (strcmp(name, h->name[want]) != 0)
        printf("\n  %d ranks by %s: rank %d ran in %s, not %s", runs[r].ranks,
               runs[r].map_by, rank, name, h->name[want]);
      CU_ASSERT_STRING_EQUAL(name, h->name[want]);
    }
    fclose(f);
    CU_ASSERT_EQUAL(lines, runs[r].ranks);
    for (int k = 0; k < runs[r].ranks; k++)
      CU_ASSERT_EQUAL(seen[k], 1);
    if (runs[r].ranks >= h->count && strcmp(runs[r].map_by, "node") == 0)
      for (int i = 0; i < h->count; i++)
        CU_ASSERT(hosts_used[i] > 0);
  }
}

// A second set beside the first gets names of its own; hosts_down removes its
// namespaces and directory, and a second hosts_down has nothing left to do.
static void
test_down_leaves_nothing(void)
{
  struct hosts h, copy;
  char err[1024];
  CU_ASSERT_EQUAL_FATAL(hosts_up(&h, 2, err, sizeof err), 0);
  copy = h;
  CU_ASSERT_STRING_NOT_EQUAL(h.name[0], multinode_hosts.name[0]);
  CU_ASSERT_TRUE(namespace_exists(h.name[1]) && namespace_exists(h.switch_name));
  CU_ASSERT_EQUAL(access(h.agent, X_OK), 0);
  CU_ASSERT_EQUAL(hosts_down(&h), 0);
  CU_ASSERT_FALSE(namespace_exists(copy.name[0]));
  CU_ASSERT_FALSE(namespace_exists(copy.name[1]));
  CU_ASSERT_FALSE(namespace_exists(copy.switch_name));
  CU_ASSERT_NOT_EQUAL(access(copy.dir, F_OK), 0);
  CU_ASSERT_EQUAL(hosts_down(&h), 0);
  CU_ASSERT_TRUE(namespace_exists(multinode_hosts.name[0]));  // the suites' hosts stay
}

// 1 while process `pid` runs (a zombie has ended: nobody may reap it here).
static int
process_runs(int pid)
{
  char path[64], state = 'X';
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (f && fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
    state = 'X';
  if (f)
    fclose(f);
  return state != 'X' && state != 'Z';
}

// What a run that was killed left (a namespace with a process still in it, and a
// directory, named after a pid that is gone) is removed by the next hosts_up.
static void
test_leftovers_removed(void)
{
  pid_t child = fork();
  CU_ASSERT_FATAL(child >= 0);
  if (child == 0)
    _exit(0);
  waitpid(child, NULL, 0);
  char name[64], dir[64], command[512], err[1024];
  snprintf(name, sizeof name, "pgnet%d-0-sw", (int)child);
  snprintf(dir, sizeof dir, "/tmp/test-hosts-%d-0", (int)child);
  snprintf(command, sizeof command,
           "ip netns add %s && mkdir -p %s && "
           "(nsenter --net=/var/run/netns/%s sleep 300 >/dev/null 2>&1 & echo $!)",
           name, dir, name);
  char out[64];
  CU_ASSERT_EQUAL_FATAL(output_of(command, out, sizeof out), 0);
  int sleeper = atoi(out);
  CU_ASSERT_TRUE_FATAL(sleeper > 0 && process_runs(sleeper));
  struct hosts h;
  CU_ASSERT_EQUAL_FATAL(hosts_up(&h, 2, err, sizeof err), 0);
  CU_ASSERT_FALSE(namespace_exists(name));
  CU_ASSERT_FALSE(process_runs(sleeper));
  CU_ASSERT_NOT_EQUAL(access(dir, F_OK), 0);
  CU_ASSERT_EQUAL(hosts_down(&h), 0);
}

// Runs hosts_up in a child as `uid` with PATH `path` (NULL: unchanged) and returns its
// status; its one line goes to err.
static int
hosts_up_as(uid_t uid, const char *path, char *err, size_t errlen)
{
  int pipe_fd[2];
  CU_ASSERT_FATAL(pipe(pipe_fd) == 0);
  pid_t child = fork();
  CU_ASSERT_FATAL(child >= 0);
  if (child == 0) {
    struct hosts h;
    char line[1024] = "";
    close(pipe_fd[0]);
    if (path)
      setenv("PATH", path, 1);
    if (setgroups(0, NULL) != 0 || setgid(uid) != 0 || setuid(uid) != 0)
      _exit(3);
    int status = hosts_up(&h, 2, line, sizeof line);
    if (status == 0)
      hosts_down(&h);
    ssize_t written = write(pipe_fd[1], line, strlen(line));
    _exit(written < 0 ? 4 : status);
  }
  close(pipe_fd[1]);
  ssize_t n = read(pipe_fd[0], err, errlen - 1);
  err[n > 0 ? n : 0] = '\0';
  close(pipe_fd[0]);
  int status;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Where namespaces cannot be made, one line says why and what to do.
static void
test_reasons(void)
{
  struct hosts h;
  char err[1024];
  CU_ASSERT_EQUAL(hosts_up(&h, 1, err, sizeof err), 1);
  CU_ASSERT_STRING_EQUAL(err, "hosts: 1 hosts asked for, 2 to 4 can be made");
  // Not root (nobody): ip's own words, and the fix.
  CU_ASSERT_EQUAL(hosts_up_as(65534, NULL, err, sizeof err), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "hosts: cannot make a network namespace: 'ip netns add"));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "run the tests as root (sudo make test)"));
  CU_ASSERT_PTR_NULL(strchr(err, '\n'));
  // No ip on PATH.
  CU_ASSERT_EQUAL(hosts_up_as(getuid(), "/nonexistent", err, sizeof err), 1);
  CU_ASSERT_STRING_EQUAL(err, "hosts: no 'ip' command to make network namespaces with: "
                              "install iproute2 (apt-get install iproute2; make test "
                              "installs it)");
}

void
register_hosts(void)
{
  CU_pSuite suite = CU_add_suite("hosts", NULL, NULL);
  CU_add_test(suite, "three hosts: namespaces, addresses, host file, agent", test_hosts_made);
  CU_add_test(suite, "placement: 2, 3, 4 ranks by node and 4 by slot, seen by the ranks",
              test_placement);
  CU_add_test(suite, "hosts_down leaves nothing behind", test_down_leaves_nothing);
  CU_add_test(suite, "a killed run's namespaces are removed by the next", test_leftovers_removed);
  CU_add_test(suite, "no root, no ip: one line with the fix", test_reasons);
}
