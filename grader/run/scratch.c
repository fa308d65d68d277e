// The scratch directory the grader builds and runs in, and small file helpers.
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/run.h"

int
scratch_make(char *dir, size_t len, char *err, size_t errlen)
{
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  if ((size_t)snprintf(dir, len, "%s/pargrade-XXXXXX", tmp) >= len) {
    snprintf(err, errlen, "TMPDIR is too long: %s", tmp);
    return -1;
  }
  if (!mkdtemp(dir)) {
    snprintf(err, errlen, "cannot make a scratch directory in %s: %s", tmp,
             strerror(errno));
    return -1;
  }
  // As root, submitted code runs as another uid in a run directory below: it may
  // pass through (0711), not list what the grader keeps here.
  if (geteuid() == 0)
    chmod(dir, 0711);
  return 0;
}

static int
scratch_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void)st, (void)type, (void)ftw;
  remove(path);
  return 0;  // keep going: remove what can be removed
}

void
scratch_remove(const char *dir)
{
  // FTW_PHYS: never follow a link a run left behind out of the scratch directory.
  nftw(dir, scratch_remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

char *
file_read(const char *path, size_t max)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = malloc(max + 1);
  if (!text) {
    fclose(f);
    return NULL;
  }
  size_t n = fread(text, 1, max, f);
  fclose(f);
  text[n] = '\0';
  return text;
}

void
text_tail(const char *text, int lines, char *out, size_t len)
{
  if (len == 0)
    return;
  out[0] = '\0';
  if (!text)
    return;
  // Walk back over `lines` line ends, ignoring the final newline.
  const char *end = text + strlen(text);
  while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  const char *start = end;
  for (int seen = 0; start > text; start--)
    if (start[-1] == '\n' && ++seen == lines)
      break;

  size_t used = 0;
  while (start < end && used + 1 < len) {
    const char *nl = memchr(start, '\n', (size_t)(end - start));
    size_t n = nl ? (size_t)(nl - start) : (size_t)(end - start);
    size_t keep = n > PARAM_LINE_MAX ? PARAM_LINE_MAX : n;
    int w = snprintf(out + used, len - used, "%s%.*s%s", used ? "\n" : "", (int)keep,
                     start, keep < n ? "..." : "");
    if (w < 0 || (size_t)w >= len - used)
      break;
    used += (size_t)w;
    start += n + (nl ? 1 : 0);
  }
}
