// What class mode (class.c) knows a submission by: a hash of its files and of the
// options that change a grade, so that a rerun skips a student whose report still
// holds that hash.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "class/class_hash.h"
#include "setup/setup.h"

#define CLASS_DEPTH 1         // folder levels hashed below a student's (NN-name/)
#define CLASS_HASH_MAX (64L << 20)  // bytes hashed per file (its size counts too)

static void
fnv(uint64_t *h, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    *h ^= p[i];
    *h *= 0x100000001b3ULL;
  }
}

int
class_by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

// Hashes the folder's files in name order: each relative path, its kind, its bytes.
// Only regular files are read (a FIFO would block); a link counts by its target.
static void
class_hash_dir(uint64_t *h, const char *dir, const char *rel, int depth)
{
  struct dirent **list;
  int n = scandir(dir, &list, NULL, class_by_name);
  if (n < 0)
    return;
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    char path[PATH_MAX], sub[PATH_MAX];
    struct stat st;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
      goto next;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name);
    if (lstat(path, &st) != 0)
      goto next;
    fnv(h, sub, strlen(sub) + 1);
    if (S_ISDIR(st.st_mode) && depth < CLASS_DEPTH) {
      fnv(h, "d", 1);
      class_hash_dir(h, path, sub, depth + 1);
    } else if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t len = readlink(path, target, sizeof target);
      fnv(h, "l", 1);
      if (len > 0)
        fnv(h, target, (size_t)len);
    } else if (S_ISREG(st.st_mode)) {
      fnv(h, "f", 1);
      fnv(h, &st.st_size, sizeof st.st_size);
      int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
      char buf[1 << 16];
      ssize_t got;
      long total = 0;
      while (fd >= 0 && total < CLASS_HASH_MAX && (got = read(fd, buf, sizeof buf)) > 0) {
        fnv(h, buf, (size_t)got);
        total += got;
      }
      if (fd >= 0)
        close(fd);
      fnv(h, "\n", 1);
    }
  next:
    free(list[i]);
  }
  free(list);
}

// The options that change a grade, as text: part of the hash, and shown in reports.
void
class_options_text(const struct options *o, char *out, size_t len)
{
  char seed[32] = "drawn";
  if (o->have_seed)
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
  // Across hosts the MPI timings are another machine's: a change of host file
  // grades again (no host file leaves the text as it always was).
  snprintf(out, len, "exercise=%s size=%ld runs=%d%s quick=%d seed=%s%s%s",
           o->exercise ? o->exercise : "all", o->size, o->runs,
           o->adaptive ? "+" : "", o->quick, seed, o->hostfile ? " hostfile=" : "",
           o->hostfile ? o->hostfile : "");
}

void
class_hash(const struct options *o, const char *dir, char *out)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  char text[512];
  class_options_text(o, text, sizeof text);
  fnv(&h, "pargrade class 1\n", 17);
  fnv(&h, text, strlen(text) + 1);
  class_hash_dir(&h, dir, "", 0);
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}
