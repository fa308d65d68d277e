// Runs an exercise program from a test and reads back what it wrote.
#include "program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int
program_run(const char *command, char *first_error, size_t errlen)
{
  char stderr_path[] = "/tmp/test-program-XXXXXX";
  int fd = mkstemp(stderr_path);
  if (fd < 0)
    return -1;
  size_t length = strlen(command) + sizeof stderr_path + 16;
  char *line = malloc(length);
  snprintf(line, length, "%s 2>%s", command, stderr_path);
  int status = system(line);
  free(line);

  if (first_error && errlen > 0) {
    first_error[0] = '\0';
    FILE *err = fdopen(fd, "r");
    if (err && fgets(first_error, (int)errlen, err))
      first_error[strcspn(first_error, "\n")] = '\0';
    if (err)
      fclose(err);
    else
      close(fd);
  } else {
    close(fd);
  }
  unlink(stderr_path);

  if (status == -1)
    return -1;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int
program_remove_dir(const char *dir)
{
  char command[4200];
  if (snprintf(command, sizeof command, "rm -rf '%s'", dir) >= (int)sizeof command)
    return -1;
  return system(command) == 0 ? 0 : -1;
}

const char *
program_mpirun(void)
{
  // Open MPI refuses root unless told it may; the tests run as root in CI.
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  // The flags pargrade uses, for the reasons given in grader/launch.c: more ranks
  // than cores, and no ssh needed on a single machine.
  return MPIEXEC " --oversubscribe --mca plm_rsh_agent false " MPIEXEC_NUMPROC_FLAG;
}

unsigned char *
program_read_file(const char *path, long *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *len = ftell(f);
  rewind(f);
  unsigned char *data = malloc((size_t)*len + 1);
  if (data && fread(data, 1, (size_t)*len, f) != (size_t)*len) {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data;
}
