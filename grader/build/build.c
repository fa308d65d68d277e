// Compiles one version with the project's compiler, flags and common library.
//
// The grader compiles every file itself, serial reference included, with one command
// line per approach: a submission brings only its VERSION.c, never its own flags,
// harness or library, and the serial baseline is built exactly like the versions it
// is compared with. Submitted files compile in the sandbox (sandbox.c), as the
// sandbox uid when the grader is root: `#include "/root/.ssh/id_rsa"` must not put a
// private file into the compiler errors the feedback shows.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build.h"
#include "build/build_cache.h"
#include "config.h"
#include "run/run.h"

// Shows a path relative to the project when it lies inside it: the compiler then
// names "exercises/01-pi/mpi.c", as the student sees the file.
static const char *
build_shown(const char *source)
{
  size_t n = strlen(CONFIG_SOURCE_DIR);
  if (strncmp(source, CONFIG_SOURCE_DIR, n) == 0 && source[n] == '/')
    return source + n + 1;
  return source;
}

// Copies a submitted source into the sandbox directory `dir` (made afresh) as
// dir/NAME.c, NAME.c being its own name. Returns that name, or NULL (errors set).
static const char *
build_into_sandbox(const char *source, const char *dir, char *copy, size_t len,
                   char *errors, size_t errlen)
{
  if (sandbox_dir(dir, errors, errlen) != 0)
    return NULL;
  const char *name = strrchr(source, '/') ? strrchr(source, '/') + 1 : source;
  snprintf(copy, len, "%s/%s", dir, name);
  // A link (to a file the grader may read and the student may not) is refused.
  if (sandbox_take(source, copy, PARAM_SOURCE_MAX) != 0) {
    snprintf(errors, errlen, "%s: not a plain file of at most %d KiB", name,
             PARAM_SOURCE_MAX >> 10);
    return NULL;
  }
  chmod(copy, 0644);
  return name;
}

enum build_status
build_version(const char *version, const char *source, const char *exercise_dir,
              const char *binary, const char *log_path, const char *sandbox, char *errors,
              size_t errlen)
{
  static const char *openmp[] = {CONFIG_OPENMP_FLAGS NULL};
  static const char *mpi_compile[] = {CONFIG_MPI_COMPILE_FLAGS NULL};
  static const char *mpi_link[] = {CONFIG_MPI_LINK_FLAGS NULL};
  static const char *cflags[] = {PARAM_CFLAGS, NULL};
  // "openmp-race": the OpenMP version for the race check (diagnose/race.c), with
  // clang, ThreadSanitizer and its own OpenMP runtime, and no crash reporter (TSan
  // reports crashes itself).
  static const char *race_flags[] = {PARAM_RACE_CFLAGS, NULL};
  int is_race = strcmp(version, "openmp-race") == 0;
  errors[0] = '\0';

  struct stat st;
  if (stat(source, &st) != 0) {
    snprintf(errors, errlen, "%s: %s", build_shown(source), strerror(errno));
    return BUILD_MISSING;
  }

  char copy[PATH_MAX], sandboxed[PATH_MAX];
  const char *shown = build_shown(source), *output = binary;
  if (sandbox) {
    if (!(shown = build_into_sandbox(source, sandbox, copy, sizeof copy, errors, errlen)))
      return BUILD_FAILED;
    snprintf(sandboxed, sizeof sandboxed, "%s/a.out", sandbox);
    output = sandboxed;
  }

  int is_hybrid = strcmp(version, "hybrid") == 0;  // MPI with OpenMP inside each rank
  int is_openmp = strcmp(version, "openmp") == 0 || is_hybrid;
  int is_mpi = strcmp(version, "mpi") == 0 || is_hybrid;
  const char *argv[64];
  int a = 0;
  argv[a++] = is_race ? CONFIG_RACE_CC : CONFIG_CC;
  for (int i = 0; (is_race ? race_flags : cflags)[i]; i++)
    argv[a++] = (is_race ? race_flags : cflags)[i];
  argv[a++] = "-fdiagnostics-color=never";  // the log is read, not shown on a tty
  for (int i = 0; is_openmp && openmp[i]; i++)
    argv[a++] = openmp[i];
  for (int i = 0; is_mpi && mpi_compile[i] && a < 40; i++)
    argv[a++] = mpi_compile[i];
  argv[a++] = "-I";
  argv[a++] = CONFIG_COMMON_INCLUDE;
  argv[a++] = "-I";
  argv[a++] = exercise_dir;
  argv[a++] = shown;
  argv[a++] = "-o";
  argv[a++] = output;
  // The whole archive: nothing calls the reporter, its constructor installs it.
  if (!is_race) {
    argv[a++] = "-Wl,--whole-archive";
    argv[a++] = CONFIG_CRASH_REPORT_LIB;
    argv[a++] = "-Wl,--no-whole-archive";
  }
  argv[a++] = CONFIG_COMMON_LIB;
  for (int i = 0; is_mpi && mpi_link[i] && a < 60; i++)
    argv[a++] = mpi_link[i];
  argv[a++] = "-lm";
  argv[a] = NULL;

  unlink(binary);
  // The same inputs were compiled before: take that binary (the copy in the sandbox
  // is what would be compiled, so its text is what the key hashes).
  char key[64];
  int cached = build_cache_key(argv, sandbox ? copy : source, exercise_dir, key,
                               sizeof key) == 0;
  if (cached && build_cache_fetch(key, binary) == 0) {
    FILE *log = fopen(log_path, "w");
    if (log) {
      fprintf(log, "(compiled before: taken from %s/%s)\n", CONFIG_BUILD_CACHE, key);
      fclose(log);
    }
    if (sandbox)
      scratch_remove(sandbox);
    return BUILD_OK;
  }
  struct run_request rq = {
    .argv = (char *const *)argv,
    .dir = sandbox ? sandbox : CONFIG_SOURCE_DIR,
    .out_path = log_path,
    .err_path = log_path,
    .timeout = PARAM_BUILD_TIMEOUT,
    .untrusted = sandbox != NULL,
    .workers = 1,
  };
  struct run_outcome o;
  run_command(&rq, &o);
  if (sandbox && o.status == RUN_EXITED && o.code == 0 &&
      sandbox_take(output, binary, PARAM_BINARY_MAX) == 0)
    chmod(binary, 0755);
  if (sandbox)
    scratch_remove(sandbox);

  char *log = file_read(log_path, 64 * 1024);
  int ok = o.status == RUN_EXITED && o.code == 0 && access(binary, X_OK) == 0;
  if (ok && cached)
    build_cache_store(key, binary);
  if (!ok) {
    if (o.status == RUN_NOT_STARTED)
      snprintf(errors, errlen, "%s", o.error);
    else if (o.status == RUN_TIMED_OUT)
      snprintf(errors, errlen, "the compiler took more than %.0f s",
               PARAM_BUILD_TIMEOUT);
    else
      build_first_errors(log ? log : "", errors, errlen);
  }
  free(log);
  return ok ? BUILD_OK : BUILD_FAILED;
}

// 1 when the line is where the trouble starts: a compiler or linker error.
static int
build_is_error(const char *line, size_t n)
{
  static const char *marks[] = {"error:", "undefined reference", "cannot find -l"};
  for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
    size_t k = strlen(marks[m]);
    for (size_t i = 0; i + k <= n; i++)
      if (memcmp(line + i, marks[m], k) == 0)
        return 1;
  }
  return 0;
}

void
build_first_errors(const char *log, char *out, size_t len)
{
  if (len == 0)
    return;
  out[0] = '\0';
  // Lines before the first error ("In function 'main':") are context the student
  // can do without; from the first error on, the next lines show the code and caret.
  const char *start = log;
  for (const char *line = log; *line;) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    if (build_is_error(line, n)) {
      start = line;
      break;
    }
    line += n + (nl ? 1 : 0);
  }
  size_t used = 0;
  for (int count = 0; *start && count < PARAM_BUILD_ERROR_LINES; count++) {
    const char *nl = strchr(start, '\n');
    size_t n = nl ? (size_t)(nl - start) : strlen(start);
    size_t keep = n > PARAM_LINE_MAX ? PARAM_LINE_MAX : n;
    int w = snprintf(out + used, len - used, "%s%.*s", used ? "\n" : "", (int)keep,
                     start);
    if (w < 0 || (size_t)w >= len - used)
      break;
    used += (size_t)w;
    start += n + (nl ? 1 : 0);
  }
}
