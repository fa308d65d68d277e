// pargrade --hostfile on the test hosts: MPI versions graded with their ranks on the
// other hosts, in the sandbox there. The grader runs in host 0, as an instructor
// runs it on the first node of a cluster; the host file lists all three hosts.
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "multinode.h"
#include "program.h"

// Where each rank runs, checked from inside the submission: MPI_Finalize (through
// the profiling interface, so the solution's text stays as it is; the grader's crash
// reporter has MPI_Init) gathers every rank's address and uid at rank 0, which stops
// the run (exit 3) when a rank is on the
// grader's own host or runs as root, or when ranks 0 and 1 share a host (mpirun
// --map-by node puts them on two). Otherwise the solution goes on and is right.
static const char placement_check[] =
  "#include <arpa/inet.h>\n"
  "#include <ifaddrs.h>\n"
  "#include <mpi.h>\n"
  "#include <stdio.h>\n"
  "#include <stdlib.h>\n"
  "#include <string.h>\n"
  "#include <unistd.h>\n"
  "int MPI_Finalize(void) {\n"
  "  int rank, ranks;\n"
  "  char mine[32] = \"none\", all[8][32];\n"
  "  struct ifaddrs *list, *a;\n"
  "  if (getifaddrs(&list) == 0) {\n"
  "    for (a = list; a; a = a->ifa_next)\n"
  "      if (a->ifa_addr && a->ifa_addr->sa_family == AF_INET && strcmp(a->ifa_name, \"lo\"))\n"
  "        inet_ntop(AF_INET, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, mine, 20);\n"
  "    freeifaddrs(list);\n"
  "  }\n"
  "  snprintf(mine + 20, 12, \"%%d\", (int)getuid());\n"
  "  MPI_Comm_rank(MPI_COMM_WORLD, &rank);\n"
  "  MPI_Comm_size(MPI_COMM_WORLD, &ranks);\n"
  "  MPI_Gather(mine, 32, MPI_CHAR, all, 32, MPI_CHAR, 0, MPI_COMM_WORLD);\n"
  "  for (int r = 0; rank == 0 && r < ranks && r < 8; r++) {\n"
  "    int shared = r == 1 && strcmp(all[0], all[1]) == 0;\n"
  "    if (strcmp(all[r], \"" "%s" "\") == 0 || atoi(all[r] + 20) == 0 || shared) {\n"
  "      fprintf(stderr, \"placement: rank %%d on %%s as uid %%s\\n\", r, all[r], all[r] + 20);\n"
  "      MPI_Abort(MPI_COMM_WORLD, 3);\n"
  "    }\n"
  "  }\n"
  "  return PMPI_Finalize();\n"
  "}\n";

// Writes DIR/01-pi/mpi.c: the placement check, then the reference solution's text.
static int
write_submission(const char *dir, const char *grader_host)
{
  char path[512];
  long len = 0;
  unsigned char *solution = program_read_file(SOLUTIONS_DIR "/01-pi/mpi.c", &len);
  snprintf(path, sizeof path, "%s/01-pi", dir);
  if (!solution || mkdir(dir, 0755) != 0 || mkdir(path, 0755) != 0)
    return -1;
  snprintf(path, sizeof path, "%s/01-pi/mpi.c", dir);
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  fprintf(f, placement_check, grader_host);
  fwrite(solution, 1, (size_t)len, f);
  free(solution);
  return fclose(f);
}

// pargrade ARGS in host 0 with the hosts' agent; its JSON report, or NULL. Its stderr
// goes to the hosts' directory (grading.err).
static cJSON *
grade_in_host0(const char *args)
{
  const struct hosts *h = &multinode_hosts;
  char command[2048], out[256], err[256];
  snprintf(out, sizeof out, "%s/grading.json", h->dir);
  snprintf(command, sizeof command,
           "nsenter --net=/var/run/netns/%s env OMPI_MCA_plm_rsh_agent=%s "
           "OMPI_MCA_btl_tcp_if_include=%s OMPI_MCA_oob_tcp_if_include=%s "
           "OMPI_MCA_mpi_yield_when_idle=1 PARGRADE_TIMEOUT_FLOOR=5 " PARGRADE
           " %s --seed 7 --format json > %s 2> %s/grading.err",
           h->name[0], h->agent, h->network, h->network, args, out, h->dir);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 0);
  long len = 0;
  char *text = (char *)program_read_file(out, &len);
  if (text)
    text[len] = '\0';  // it has room for one more byte
  cJSON *report = text ? cJSON_Parse(text) : NULL;
  free(text);
  return report;
}

// The version `name` of the report's first exercise.
static cJSON *
version_of(cJSON *report, const char *name)
{
  cJSON *exercise = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "exercises"), 0), *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(exercise, "versions"))
    if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "version")), name) == 0)
      return v;
  return NULL;
}

// 1 when the version was right at every count; otherwise its first feedback goes to
// stderr, to say why.
static int
is_correct(cJSON *version)
{
  if (cJSON_IsTrue(cJSON_GetObjectItem(version, "correct")))
    return 1;
  cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(version, "feedback"), 0);
  fprintf(stderr, "\n  %s: %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(version, "version")),
          cJSON_GetStringValue(first) ? cJSON_GetStringValue(first) : "(no feedback)");
  return 0;
}

// The reference solutions of 05-turbine (its MPI and hybrid versions cross the hosts
// with halos every step) are right at every count.
static void
test_grade_solutions_across_hosts(void)
{
  char args[1024];
  snprintf(args, sizeof args, "--hostfile %s --solutions --exercise 05-turbine --quick",
           multinode_hosts.hostfile);
  cJSON *report = grade_in_host0(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  const char *versions[] = {"embarrassing", "openmp", "mpi", "hybrid"};
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    cJSON *v = version_of(report, versions[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_TRUE(is_correct(v));
  }
  cJSON_Delete(report);
}

// The placement check passes only across hosts: graded with the host file it is
// right at 1, 2 and 3 ranks; graded on one machine (no host file), its ranks share
// a host and it stops, so the check can fail.
static void
test_ranks_on_other_hosts_in_sandbox(void)
{
  const struct hosts *h = &multinode_hosts;
  char dir[256], args[1024];
  snprintf(dir, sizeof dir, "%s/submission", h->dir);
  CU_ASSERT_EQUAL_FATAL(write_submission(dir, h->address[0]), 0);
  snprintf(args, sizeof args, "--hostfile %s --submission %s --exercise 01-pi --quick",
           h->hostfile, dir);
  cJSON *report = grade_in_host0(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  cJSON *mpi = version_of(report, "mpi");
  CU_ASSERT_TRUE(is_correct(mpi));
  cJSON_Delete(report);

  snprintf(args, sizeof args, "--submission %s --exercise 01-pi --quick", dir);
  report = grade_in_host0(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  mpi = version_of(report, "mpi");
  CU_ASSERT_FALSE(is_correct(mpi));
  char *feedback = cJSON_PrintUnformatted(cJSON_GetObjectItem(mpi, "feedback"));
  char want[640];
  snprintf(want, sizeof want, "placement: rank 0 on %s as uid ", h->address[0]);
  CU_ASSERT_PTR_NOT_NULL(strstr(feedback, want));
  free(feedback);
  cJSON_Delete(report);
}

// A host that cannot be reached: the MPI version fails with the agent's words, and
// the other versions are graded as ever.
static void
test_unreachable_host(void)
{
  const struct hosts *h = &multinode_hosts;
  char path[256], args[1024];
  snprintf(path, sizeof path, "%s/unreachable", h->dir);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fprintf(f, "%s slots=2\n10.157.0.99 slots=2\n", h->address[1]);
  fclose(f);
  snprintf(args, sizeof args, "--hostfile %s --solutions --exercise 01-pi --quick", path);
  cJSON *report = grade_in_host0(args);
  CU_ASSERT_PTR_NOT_NULL_FATAL(report);
  CU_ASSERT_TRUE(is_correct(version_of(report, "openmp")));
  cJSON *mpi = version_of(report, "mpi");
  CU_ASSERT_FALSE(is_correct(mpi));
  char *feedback = cJSON_PrintUnformatted(cJSON_GetObjectItem(mpi, "feedback"));
  CU_ASSERT_PTR_NOT_NULL(strstr(feedback, "mpirun could not start its daemon on every "
                                          "host of the host file"));
  CU_ASSERT_PTR_NOT_NULL(strstr(feedback, "agent: 10.157.0.99 is not a test host"));
  free(feedback);
  cJSON_Delete(report);
}

// Bad host files: one line and exit status 2 before anything is graded.
static void
test_bad_hostfile(void)
{
  char err[256], empty[256], command[1024];
  snprintf(command, sizeof command, PARGRADE " --hostfile /nonexistent --quick");
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
  CU_ASSERT_STRING_EQUAL(err, "pargrade: error: --hostfile /nonexistent: No such file or "
                         "directory");
  snprintf(empty, sizeof empty, "%s/empty", multinode_hosts.dir);
  FILE *f = fopen(empty, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("# no host yet\n\n", f);
  fclose(f);
  snprintf(command, sizeof command, PARGRADE " --hostfile %s --quick", empty);
  CU_ASSERT_EQUAL(program_run(command, err, sizeof err), 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "no host in it (one a line: HOST slots=N)"));
}

void
register_grading(void)
{
  CU_pSuite s = CU_add_suite("pargrade --hostfile", NULL, NULL);
  CU_add_test(s, "bad host files", test_bad_hostfile);
  CU_add_test(s, "ranks on the other hosts, in the sandbox", test_ranks_on_other_hosts_in_sandbox);
  CU_add_test(s, "05-turbine's solutions across hosts", test_grade_solutions_across_hosts);
  CU_add_test(s, "a host that cannot be reached", test_unreachable_host);
}
