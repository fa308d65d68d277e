// The line a crash happened at. The programs the grader builds carry crash_report.c:
// a crashing process writes its pid, the faulting offset and the offsets of its
// callers to stderr. addr2line turns them into functions and file:line (the versions
// are compiled with -g), and the student reads "openmp.c:11 in main" instead of an
// address, a core file or the launcher's boilerplate.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose/diagnose.h"
#include "grader.h"
#include "run/run.h"

#define CRASH_MARK "pargrade-crash "
#define CRASH_MAX_FRAMES 32

// One crash record: the offsets of the first crashing process, innermost first.
struct crash_record {
  long pid;
  long rank;                    // its MPI rank, or -1
  int signal;
  int nframes;
  unsigned long offset[CRASH_MAX_FRAMES];
};

// Reads the first record from text and removes every reporter line from it.
static int
crash_read(char *text, struct crash_record *rec)
{
  int found = 0, open = 0;
  char *out = text;
  memset(rec, 0, sizeof *rec);
  rec->rank = -1;
  for (char *line = text; *line;) {
    char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
    if (strncmp(line, CRASH_MARK, strlen(CRASH_MARK)) != 0) {
      memmove(out, line, len);
      out += len;
      line += len;
      continue;
    }
    long pid;
    char what[16];
    unsigned long value = 0;
    int fields = sscanf(line + strlen(CRASH_MARK), "%ld %15s %lx", &pid, what, &value);
    if (fields >= 2 && strcmp(what, "signal") == 0 && !found) {
      found = open = 1;
      rec->pid = pid;
      sscanf(line + strlen(CRASH_MARK), "%*d %*s %d", &rec->signal);
    } else if (fields == 3 && open && pid == rec->pid && rec->nframes < CRASH_MAX_FRAMES &&
               (strcmp(what, "pc") == 0 || strcmp(what, "frame") == 0)) {
      // A return address is one past its call: the call's own line is one back.
      rec->offset[rec->nframes++] = strcmp(what, "pc") == 0 ? value : value - 1;
    } else if (fields >= 2 && open && pid == rec->pid && strcmp(what, "rank") == 0) {
      sscanf(line + strlen(CRASH_MARK), "%*d %*s %ld", &rec->rank);
    } else if (fields >= 2 && strcmp(what, "end") == 0 && pid == rec->pid) {
      open = 0;
    }
    line += len;
  }
  *out = '\0';
  return found && rec->nframes > 0;
}

// A function's name as the student wrote it: gcc names an OpenMP parallel region's
// body "main._omp_fn.0".
static void
crash_function(const char *function, char *name, size_t len)
{
  const char *omp = strstr(function, "._omp_fn.");
  if (omp)
    snprintf(name, len, "%.*s (its parallel region)", (int)(omp - function), function);
  else
    snprintf(name, len, "%s", function);
}

// "dir/openmp.c:11 (discriminator 2)" -> base "openmp.c", line 11; 0 when unknown.
static int
crash_place(const char *text, char *base, size_t len, long *line)
{
  const char *colon = strrchr(text, ':');
  if (!colon || text[0] == '?')
    return 0;
  const char *slash = text;
  for (const char *p = text; p < colon; p++)
    if (*p == '/')
      slash = p + 1;
  *line = strtol(colon + 1, NULL, 10);
  if (*line <= 0)
    return 0;
  snprintf(base, len, "%.*s", (int)(colon - slash), slash);
  return 1;
}

int
crash_locate(char *text, const char *binary, const char *source_name, const char *run_dir,
             char *where, size_t len)
{
  struct crash_record rec;
  where[0] = '\0';
  if (!text || !crash_read(text, &rec) || !binary)
    return 0;
  char err[GRADER_MSG], out_path[PATH_MAX], numbers[CRASH_MAX_FRAMES][24];
  if (sandbox_dir(run_dir, err, sizeof err) != 0)
    return 0;
  snprintf(out_path, sizeof out_path, "%s/../addr2line.out", run_dir);
  char *argv[8 + CRASH_MAX_FRAMES];
  int a = 0;
  argv[a++] = "addr2line";
  argv[a++] = "-f";  // each place: its function's name, then file:line
  argv[a++] = "-C";
  argv[a++] = "-e";
  argv[a++] = (char *)binary;
  for (int i = 0; i < rec.nframes; i++) {
    snprintf(numbers[i], sizeof numbers[i], "0x%lx", rec.offset[i]);
    argv[a++] = numbers[i];
  }
  argv[a] = NULL;
  // addr2line reads a binary the student's code built: it runs in the sandbox too.
  struct run_request rq = {.argv = argv, .dir = run_dir, .out_path = out_path,
                           .err_path = out_path, .timeout = PARAM_TIMEOUT_FLOOR,
                           .untrusted = 1, .workers = 1};
  struct run_outcome o;
  run_command(&rq, &o);
  char *places = o.status == RUN_EXITED && o.code == 0 ? file_read(out_path, 64 * 1024)
                                                       : NULL;
  remove(out_path);
  if (!places)
    return 0;
  // Pairs of lines: function, file:line. The innermost named place, and the
  // innermost one in the student's file.
  char first[GRADER_MSG] = "", mine[GRADER_MSG] = "";
  char *save = NULL, *function = strtok_r(places, "\n", &save);
  while (function && !mine[0]) {
    char *place = strtok_r(NULL, "\n", &save), base[GRADER_NAME];
    long line;
    if (!place)
      break;
    if (crash_place(place, base, sizeof base, &line)) {
      char name[GRADER_NAME * 2];
      crash_function(function, name, sizeof name);
      char *at = first[0] ? mine : first;
      if (!first[0] || strcmp(base, source_name) == 0)
        snprintf(at, GRADER_MSG, "%s:%ld in %s", base, line, name);
      if (at == first && strcmp(base, source_name) == 0)
        snprintf(mine, sizeof mine, "%s", first);
    }
    function = strtok_r(NULL, "\n", &save);
  }
  free(places);
  if (!first[0])
    return 0;
  char rank[32] = "";
  if (rec.rank >= 0)
    snprintf(rank, sizeof rank, " (rank %ld)", rec.rank);
  if (mine[0] && strcmp(mine, first) != 0)
    snprintf(where, len, "%s, called from %s%s", first, mine, rank);
  else
    snprintf(where, len, "%s%s", first, rank);
  return 1;
}

void
crash_strip_launcher(char *text)
{
  // Open MPI's box around "mpirun noticed that process rank 1 ... exited on signal
  // 11": the message has said all of it, with the line.
  static const char *marks[] = {"-----", "Primary job", "a non-zero exit code",
                                "mpirun noticed", "mpiexec noticed"};
  char *out = text;
  for (char *line = text; text && *line;) {
    size_t len = strcspn(line, "\n") + (line[strcspn(line, "\n")] ? 1 : 0);
    int launcher = 0;
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
      launcher |= strncmp(line, marks[m], strlen(marks[m])) == 0;
    if (!launcher) {
      memmove(out, line, len);
      out += len;
    }
    line += len;
  }
  if (text)
    *out = '\0';
}
