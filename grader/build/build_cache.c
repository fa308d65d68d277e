// A cache of compiled versions, so that grading again compiles only what changed.
//
// A binary is kept under a key that hashes everything its build read: the compiler's
// command line (flags, the include directories), the compiler itself (its size and
// time), the common library's bytes, every header in the include directories, and
// the source. A source that includes anything but a header (`#include "serial.c"`)
// is never cached: its key could not see that file change. Only builds that
// succeeded are kept; a failed one is compiled again, so its errors are fresh. The
// cache is the grader's own directory in the build tree: submitted code runs as
// another uid and cannot write there, and a hit gives the binary that the same
// inputs would give anyway.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/build_cache.h"
#include "config.h"
#include "run/run.h"

#define CACHE_MOST 256  // binaries kept (about 100 KiB each); the oldest go first

struct hash {
  uint64_t a, b;  // FNV-1a from two offsets: 128 bits, no accidental collision
};

static void
cache_add(struct hash *h, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
    h->b = (h->b ^ p[i]) * 0x100000001b3ULL;
  }
}

static void
cache_add_text(struct hash *h, const char *s)
{
  cache_add(h, s, strlen(s) + 1);  // with its NUL: "ab","c" differs from "a","bc"
}

// Adds a file's name and bytes; -1 when it cannot be read.
static int
cache_add_file(struct hash *h, const char *path)
{
  char *text = file_read(path, PARAM_BINARY_MAX);
  if (!text)
    return -1;
  struct stat st;
  size_t n = stat(path, &st) == 0 ? (size_t)st.st_size : strlen(text);
  cache_add_text(h, path);
  cache_add(h, text, n);
  free(text);
  return 0;
}

static int
cache_by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

// Adds every header (*.h) of dir, in name order.
static void
cache_add_headers(struct hash *h, const char *dir)
{
  struct dirent **list;
  int n = scandir(dir, &list, NULL, cache_by_name);
  for (int i = 0; i < n; i++) {
    size_t len = strlen(list[i]->d_name);
    if (len > 2 && strcmp(list[i]->d_name + len - 2, ".h") == 0) {
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
      cache_add_file(h, path);
    }
    free(list[i]);
  }
  if (n >= 0)
    free(list);
}

// 1 when every #include of the text names a header (<...h> or "...h").
static int
cache_includes_headers_only(const char *text)
{
  for (const char *s = strstr(text, "include"); s; s = strstr(s + 1, "include")) {
    const char *q = s + strlen("include");
    while (*q == ' ' || *q == '\t')
      q++;
    if (*q != '<' && *q != '"')
      continue;  // the word in a comment or a name, not a directive
    const char *end = strchr(q + 1, *q == '<' ? '>' : '"');
    if (!end || end - q < 3 || end[-2] != '.' || end[-1] != 'h')
      return 0;
  }
  return 1;
}

int
build_cache_key(const char *const *argv, const char *source, const char *exercise_dir,
                char *key, size_t len)
{
  char *text = file_read(source, PARAM_SOURCE_MAX);
  if (!text || !cache_includes_headers_only(text)) {
    free(text);
    return -1;
  }
  struct hash h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
  cache_add(&h, text, strlen(text));
  free(text);
  // The output's path is the grading's scratch directory, new every time: left out.
  for (int i = 0; argv[i]; i++)
    if (i == 0 || strcmp(argv[i - 1], "-o") != 0)
      cache_add_text(&h, argv[i]);
  struct stat st;
  if (stat(CONFIG_CC, &st) == 0) {
    cache_add(&h, &st.st_size, sizeof st.st_size);
    cache_add(&h, &st.st_mtime, sizeof st.st_mtime);
  }
  if (cache_add_file(&h, CONFIG_COMMON_LIB) != 0 ||
      cache_add_file(&h, CONFIG_CRASH_REPORT_LIB) != 0)
    return -1;
  cache_add_headers(&h, CONFIG_COMMON_INCLUDE);
  cache_add_headers(&h, exercise_dir);
  snprintf(key, len, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
  return 0;
}

int
build_cache_fetch(const char *key, const char *binary)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", CONFIG_BUILD_CACHE, key);
  if (sandbox_take(path, binary, PARAM_BINARY_MAX) != 0)
    return -1;
  chmod(binary, 0755);
  utimensat(AT_FDCWD, path, NULL, 0);  // recently used: kept longer
  return 0;
}

struct cache_entry {
  time_t used;
  char name[64];
};

static int
cache_by_use(const void *a, const void *b)
{
  time_t x = ((const struct cache_entry *)a)->used, y = ((const struct cache_entry *)b)->used;
  return (x > y) - (x < y);
}

// Removes the least recently used binaries while there are more than CACHE_MOST.
static void
cache_trim(void)
{
  DIR *d = opendir(CONFIG_BUILD_CACHE);
  if (!d)
    return;
  static struct cache_entry entries[CACHE_MOST * 2];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < CACHE_MOST * 2) {
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", CONFIG_BUILD_CACHE, e->d_name);
    if (e->d_name[0] != '.' && strlen(e->d_name) < sizeof entries[n].name &&
        stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      entries[n].used = st.st_mtime;
      snprintf(entries[n].name, sizeof entries[n].name, "%s", e->d_name);
      n++;
    }
  }
  closedir(d);
  qsort(entries, (size_t)n, sizeof entries[0], cache_by_use);
  for (int i = 0; i < n - CACHE_MOST; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", CONFIG_BUILD_CACHE, entries[i].name);
    unlink(path);
  }
}

void
build_cache_store(const char *key, const char *binary)
{
  char path[PATH_MAX], partial[PATH_MAX];
  mkdir(CONFIG_BUILD_CACHE, 0700);
  snprintf(path, sizeof path, "%s/%s", CONFIG_BUILD_CACHE, key);
  snprintf(partial, sizeof partial, "%s.%ld", path, (long)getpid());
  // Written beside it and renamed: a grader running at the same time never takes
  // half a binary.
  if (sandbox_take(binary, partial, PARAM_BINARY_MAX) == 0 && rename(partial, path) == 0)
    cache_trim();
  else
    unlink(partial);
}
