// Grading one entry of the bad-submission corpus end to end, and checking that
// nothing of it is left (test_corpus.c has the entries' tests).
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"
#include "runner.h"

#include "corpus_grade.h"
#include "program.h"

#define CORPUS SOURCE_DIR "/tests/grader/corpus"

char corpus_tmp[] = "/tmp/test-corpus-XXXXXX";  // pargrade's TMPDIR, the submissions

// VERSION.c from VERSION.sed: the reference solution solutions/EXERCISE/VERSION.c
// with the script's one bug put in. Returns 0, or -1 when sed failed or changed
// nothing (the solution moved on, and the script must follow it).
static int
mutate_solution(const char *exercise, const char *script, const char *dst)
{
  char solution[1024], cmd[4096];
  size_t n = strlen(script) - strlen(".sed");
  const char *base = strrchr(script, '/') + 1;
  snprintf(solution, sizeof solution, "%s/solutions/%s/%.*s.c", SOURCE_DIR, exercise,
           (int)(script + n - base), base);
  snprintf(cmd, sizeof cmd, "sed -f '%s' '%s' > '%s' && ! cmp -s '%s' '%s'", script,
           solution, dst, solution, dst);
  if (system(cmd) != 0) {
    fprintf(stderr, "\n  %s changed nothing in %s\n", script, solution);
    return -1;
  }
  return 0;
}

// Copies corpus/NAME/EXERCISE/*.c (an entry holds one exercise) to
// tmp/NAME/EXERCISE/, with @PROJECT@ replaced by the project's path, makes
// VERSION.c of each VERSION.sed (mutate_solution), and names the exercise. Returns
// 0, or -1.
static int
copy_submission(const char *name, char *dir, size_t len, char *exercise, size_t exlen)
{
  char from[1024], to[1200];
  snprintf(from, sizeof from, "%s/%s", CORPUS, name);
  DIR *entry = opendir(from);
  struct dirent *x;
  exercise[0] = '\0';
  while (entry && (x = readdir(entry)))
    if (x->d_name[0] != '.')
      snprintf(exercise, exlen, "%s", x->d_name);
  if (entry)
    closedir(entry);
  snprintf(dir, len, "%s/%s", corpus_tmp, name);
  snprintf(to, sizeof to, "%s/%s", dir, exercise);
  if (!exercise[0] || mkdir(dir, 0755) != 0 || mkdir(to, 0755) != 0)
    return -1;
  snprintf(from, sizeof from, "%s/%s/%s", CORPUS, name, exercise);
  DIR *d = opendir(from);
  if (!d)
    return -1;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char src[2048], dst[2048];
    snprintf(src, sizeof src, "%s/%s", from, e->d_name);
    snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
    size_t n = strlen(dst);
    if (n > 4 && strcmp(dst + n - 4, ".sed") == 0) {
      strcpy(dst + n - 4, ".c");
      if (mutate_solution(exercise, src, dst) != 0) {
        closedir(d);
        return -1;
      }
      continue;
    }
    FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
    char line[4096];
    while (in && out && fgets(line, sizeof line, in)) {
      char *at = strstr(line, "@PROJECT@");
      if (at)
        fprintf(out, "%.*s%s%s", (int)(at - line), line, SOURCE_DIR,
                at + strlen("@PROJECT@"));
      else
        fputs(line, out);
    }
    if (in)
      fclose(in);
    if (out)
      fclose(out);
  }
  closedir(d);
  return 0;
}

int
corpus_setup(void)
{
  snprintf(corpus_tmp, sizeof corpus_tmp, "/tmp/test-corpus-XXXXXX");
  if (!mkdtemp(corpus_tmp))
    return 1;
  return chmod(corpus_tmp, 0711);  // the sandbox uid passes through to its run directory
}

int
corpus_teardown(void)
{
  return program_remove_dir(corpus_tmp);
}

// The text of a file (at most 64 KiB, NUL bytes made spaces), or "" (free it).
char *
slurp(const char *path, size_t *len_out)
{
  char *text = calloc(1, 65537);
  int fd = open(path, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, text, 65536) : 0;
  if (fd >= 0)
    close(fd);
  if (n < 0)
    n = 0;
  for (ssize_t i = 0; i < n; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  text[n] = '\0';
  if (len_out)
    *len_out = (size_t)n;
  return text;
}

// Processes alive now that belong to this test's gradings: one that mentions corpus_tmp in
// its executable, working directory, command line or environment, or runs as uid.
int
leftover_processes(int uid)
{
  int found = 0;
  DIR *proc = opendir("/proc");
  struct dirent *d;
  while (proc && (d = readdir(proc))) {
    if (d->d_name[0] < '1' || d->d_name[0] > '9' || atoi(d->d_name) == getpid())
      continue;
    char path[512], link[4096], stat_path[512];
    snprintf(stat_path, sizeof stat_path, "/proc/%s/stat", d->d_name);
    char *st = slurp(stat_path, NULL);
    char *paren = strrchr(st, ')');
    int zombie = paren && (paren[2] == 'Z' || paren[2] == 'X');
    free(st);
    if (zombie)
      continue;
    int ours = 0;
    static const char *links[] = {"exe", "cwd"};
    for (int i = 0; i < 2 && !ours; i++) {
      snprintf(path, sizeof path, "/proc/%s/%s", d->d_name, links[i]);
      ssize_t n = readlink(path, link, sizeof link - 1);
      if (n > 0) {
        link[n] = '\0';
        ours = strstr(link, corpus_tmp) != NULL;
      }
    }
    static const char *texts[] = {"cmdline", "environ"};
    for (int i = 0; i < 2 && !ours; i++) {
      snprintf(path, sizeof path, "/proc/%s/%s", d->d_name, texts[i]);
      char *text = slurp(path, NULL);
      ours = strstr(text, corpus_tmp) != NULL;
      free(text);
    }
    struct stat owner;
    snprintf(path, sizeof path, "/proc/%s", d->d_name);
    if (!ours && uid >= 0 && stat(path, &owner) == 0 && (int)owner.st_uid == uid)
      ours = 1;
    if (ours) {
      snprintf(path, sizeof path, "/proc/%s/cmdline", d->d_name);
      char *cmd = slurp(path, NULL);
      fprintf(stderr, "\n  left running: pid %s: %.200s\n", d->d_name, cmd);
      free(cmd);
      found++;
    }
  }
  if (proc)
    closedir(proc);
  return found;
}

// Files of uid in dir and the world-writable directories below it.
int
stray_files(const char *dir, int uid, int depth)
{
  int found = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (lstat(path, &st) != 0)
      continue;
    if ((int)st.st_uid == uid) {
      fprintf(stderr, "\n  left behind: %s\n", path);
      found++;
    } else if (S_ISDIR(st.st_mode) && (st.st_mode & S_IWOTH) && depth < 8) {
      found += stray_files(path, uid, depth + 1);
    }
  }
  if (d)
    closedir(d);
  return found;
}

const char *
text(cJSON *o, const char *name)
{
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));
  return s ? s : "";
}


// Grades corpus entry `name` (its `version`) at `size` with the timeout floor
// `floor`, then checks that nothing of it is left. g->version is NULL on failure.
void
grade_corpus(const char *name, const char *version, const char *size, const char *floor,
             struct graded *g)
{
  grade_corpus_seeded(name, version, size, floor, NULL, g);
}

void
grade_corpus_seeded(const char *name, const char *version, const char *size,
                    const char *floor, const char *seed, struct graded *g)
{
  memset(g, 0, sizeof *g);
  g->uid = -1;
  char dir[1024], err_path[1200], exercise[256];
  CU_ASSERT_EQUAL_FATAL(copy_submission(name, dir, sizeof dir, exercise, sizeof exercise), 0);
  snprintf(err_path, sizeof err_path, "%s/%s.stderr", corpus_tmp, name);

  int pipefd[2];
  CU_ASSERT_EQUAL_FATAL(pipe(pipefd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    setenv("TMPDIR", corpus_tmp, 1);
    setenv("PARGRADE_TIMEOUT_FLOOR", floor, 1);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(pipefd[1], 1);
    dup2(err, 2);
    close(pipefd[0]);
    close(pipefd[1]);
    char *argv[] = {PARGRADE, "--submission", dir, "--exercise", exercise, "--size",
                    (char *)size, "--runs", "1", "--format", "json", NULL, NULL, NULL};
    if (seed) {
      argv[11] = "--seed";
      argv[12] = (char *)seed;
    }
    execv(PARGRADE, argv);
    _exit(127);
  }
  close(pipefd[1]);
  size_t len = 0, cap = 1 << 16;
  char *out = malloc(cap);
  ssize_t n;
  while ((n = read(pipefd[0], out + len, cap - len - 1)) > 0) {
    len += (size_t)n;
    if (cap - len < 1024)
      out = realloc(out, cap *= 2);
  }
  out[len] = '\0';
  close(pipefd[0]);
  int status;
  waitpid(pid, &status, 0);
  CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  char *err = slurp(err_path, NULL);
  const char *said = strstr(err, "runs as uid ");
  if (said)
    g->uid = atoi(said + strlen("runs as uid "));
  free(err);

  g->report = cJSON_Parse(out);
  if (!g->report)
    fprintf(stderr, "\n  %s: not JSON: %.300s\n", name, out);
  free(out);
  cJSON *graded = cJSON_GetArrayItem(cJSON_GetObjectItem(g->report, "exercises"), 0);
  cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItem(graded, "versions")) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(v, "version"));
    if (s && strcmp(s, version) == 0)
      g->version = v;
  }
  CU_ASSERT_PTR_NOT_NULL(g->version);
  // As root, submitted code never runs as root (when it ran at all).
  cJSON *r;
  int ran = 0;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(g->version, "runs"))
    ran |= strcmp(text(r, "verdict"), "not run") != 0;
  if (geteuid() == 0 && ran)
    CU_ASSERT(g->uid > 0);

  // Nothing of it is left: every process it started is gone, every stray file too.
  CU_ASSERT_EQUAL(leftover_processes(g->uid), 0);
  if (g->uid >= 0) {
    static const char *shared[] = {"/tmp", "/var/tmp", "/dev/shm"};
    for (int i = 0; i < 3; i++)
      CU_ASSERT_EQUAL(stray_files(shared[i], g->uid, 0), 0);
  }
}

void
done(struct graded *g)
{
  cJSON_Delete(g->report);
}

double
number(cJSON *o, const char *name)
{
  cJSON *n = cJSON_GetObjectItem(o, name);
  return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

// The run of version v at `workers`, or NULL.
cJSON *
run_at(cJSON *v, int workers)
{
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs"))
    if ((int)number(r, "workers") == workers)
      return r;
  return NULL;
}

// 1 when every run has the verdict and its message holds `words`.
int
all_runs(cJSON *v, const char *verdict, const char *words)
{
  int n = 0;
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(v, "runs")) {
    n++;
    if (strcmp(text(r, "verdict"), verdict) != 0 || !strstr(text(r, "message"), words)) {
      fprintf(stderr, "\n  %d workers: %s: %s\n", (int)number(r, "workers"),
              text(r, "verdict"), text(r, "message"));
      return 0;
    }
  }
  return n > 0;
}

// 1 when some feedback item holds both a and b.
int
feedback_has(cJSON *v, const char *a, const char *b)
{
  cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItem(v, "feedback")) {
    const char *s = cJSON_GetStringValue(item);
    if (s && strstr(s, a) && strstr(s, b))
      return 1;
  }
  item = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "feedback"), 0);
  fprintf(stderr, "\n  no feedback with '%s' and '%s'; first: %s\n", a, b,
          cJSON_GetStringValue(item) ? cJSON_GetStringValue(item) : "(none)");
  return 0;
}

// A failed version scores nothing, and is not correct.
void
scores_zero(cJSON *v)
{
  CU_ASSERT_EQUAL(number(v, "score"), 0);
  CU_ASSERT_FALSE(cJSON_IsTrue(cJSON_GetObjectItem(v, "correct")));
}
