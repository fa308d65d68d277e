// FASTA files read whole or one byte range at a time (for chunks, processes, ranks).
#include "fasta.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// Bytes read with one pread: large enough that the calls cost nothing next to the
// work done on the bytes.
#define FASTA_BLOCK (1 << 20)

int
fasta_open(struct fasta *f, const char *path, char *err, size_t errlen)
{
  struct stat st;
  unsigned char first = 0;
  f->fd = open(path, O_RDONLY);
  snprintf(f->path, sizeof f->path, "%s", path);
  if (f->fd < 0 || fstat(f->fd, &st) != 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
  } else if (S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
  } else if (st.st_size == 0) {
    snprintf(err, errlen, "%s: empty file (a FASTA file starts with a '>' header line)", path);
  } else if (pread(f->fd, &first, 1, 0) != 1) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
  } else if (first != '>') {
    char shown[8];
    snprintf(shown, sizeof shown, first >= ' ' && first < 127 ? "'%c'" : "byte %u", first);
    snprintf(err, errlen, "%s: not a FASTA file (it starts with %s, not with a '>' header "
             "line)", path, shown);
  } else {
    f->size = (long long)st.st_size;
    return 0;
  }
  if (f->fd >= 0)
    close(f->fd);
  f->fd = -1;
  return -1;
}

void
fasta_close(struct fasta *f)
{
  if (f->fd >= 0)
    close(f->fd);
  f->fd = -1;
}

void
fasta_chunk_free(struct fasta_chunk *c)
{
  free(c->bases);
  free(c->stretches);
  *c = (struct fasta_chunk){0};
}

// Where the line holding byte `pos` starts: just after the last '\n' before pos, or 0.
// Returns -1 on a read error.
static long long
fasta_line_start(const struct fasta *f, long long pos)
{
  char buf[4096];
  while (pos > 0) {
    size_t n = pos < (long long)sizeof buf ? (size_t)pos : sizeof buf;
    if (pread(f->fd, buf, n, (off_t)(pos - (long long)n)) != (ssize_t)n)
      return -1;
    for (size_t i = n; i-- > 0;)
      if (buf[i] == '\n')
        return pos - (long long)n + (long long)i + 1;
    pos -= (long long)n;
  }
  return 0;
}

// Bytes of a sequence line that are not bases: the '\r' of a "\r\n" line end, blanks.
static const unsigned char fasta_blank[256] = {['\r'] = 1, [' '] = 1, ['\t'] = 1};

// Where a scan stands between two blocks of the file.
struct fasta_scan {
  int in_header;      // inside a header line: skip to its end
  int at_line_start;  // the next byte starts a line ('>' there starts a record)
  int open;           // a stretch is open: the next bases extend it
};

// Starts a new stretch at the end of c's bases. Returns 0, or -1 out of memory.
static int
fasta_new_stretch(struct fasta_chunk *c)
{
  if (c->nstretches == c->stretch_capacity) {
    size_t cap = c->stretch_capacity ? 2 * c->stretch_capacity : 16;
    struct fasta_stretch *s = realloc(c->stretches, cap * sizeof *s);
    if (!s)
      return -1;
    c->stretches = s;
    c->stretch_capacity = cap;
  }
  c->stretches[c->nstretches++] = (struct fasta_stretch){c->nbases, 0, 0};
  return 0;
}

// Adds the bases of the n bytes in buf, all inside the range, to c. Returns 0, or -1
// out of memory.
static int
fasta_scan_owned(struct fasta_scan *sc, const char *buf, size_t n, struct fasta_chunk *c)
{
  size_t i = 0;
  while (i < n) {
    if (sc->in_header) {
      const char *nl = memchr(buf + i, '\n', n - i);
      if (!nl)
        return 0;  // the header line goes on in the next block
      i = (size_t)(nl - buf) + 1;
      sc->in_header = 0, sc->at_line_start = 1;
      continue;
    }
    if (sc->at_line_start && buf[i] == '>') {
      sc->in_header = 1, sc->at_line_start = 0, sc->open = 0;
      c->records++;
      i++;
      continue;
    }
    if (!sc->open) {
      if (fasta_new_stretch(c) != 0)
        return -1;
      sc->open = 1;
    }
    // The rest of this line (in this block): copy every byte, but step past blanks.
    char *dst = c->bases + c->nbases, *from = dst;
    for (; i < n && buf[i] != '\n'; i++) {
      *dst = buf[i];
      dst += !fasta_blank[(unsigned char)buf[i]];
    }
    struct fasta_stretch *s = &c->stretches[c->nstretches - 1];
    size_t got = (size_t)(dst - from);
    c->nbases += got, s->length += got, s->owned += got;
    sc->at_line_start = i < n;
    i += i < n;
  }
  return 0;
}

// After the range: adds bases of buf to the open stretch until it has `overlap`
// more than it owns or the record ends. Returns 1 when done, 0 to go on.
static int
fasta_scan_after(struct fasta_scan *sc, const char *buf, size_t n, struct fasta_chunk *c,
                 size_t overlap)
{
  struct fasta_stretch *s = &c->stretches[c->nstretches - 1];
  for (size_t i = 0; i < n; i++) {
    char b = buf[i];
    if (s->length - s->owned == overlap || sc->in_header)
      return 1;
    if (b == '\n')
      sc->at_line_start = 1;
    else if (sc->at_line_start && b == '>')
      return 1;  // the next record: its k-mers are not this range's
    else if (!fasta_blank[(unsigned char)b])
      c->bases[c->nbases++] = b, s->length++, sc->at_line_start = 0;
  }
  return s->length - s->owned == overlap;
}

int
fasta_read(const struct fasta *f, long long begin, long long end, size_t overlap,
           struct fasta_chunk *c, char *err, size_t errlen)
{
  begin = begin < 0 ? 0 : begin > f->size ? f->size : begin;
  end = end < begin ? begin : end > f->size ? f->size : end;
  c->nbases = c->nstretches = 0;
  c->records = 0;
  // Every owned base is a byte of the range, and at most `overlap` follow: the bases
  // fit in this much, so the scans never grow the array.
  size_t need = (size_t)(end - begin) + overlap + 1;
  if (need > c->capacity) {
    char *b = realloc(c->bases, need);
    if (!b)
      goto out_of_memory;
    c->bases = b;
    c->capacity = need;
  }
  char *buf = malloc(FASTA_BLOCK);
  if (!buf)
    goto out_of_memory;

  // The state at `begin`: a range that starts inside a header line skips the rest of
  // it; one that starts inside a sequence line owns its bases from there.
  struct fasta_scan sc = {0, 1, 0};
  if (begin > 0) {
    long long line = fasta_line_start(f, begin);
    char b = 0;
    if (line < 0 || (line < begin && pread(f->fd, &b, 1, (off_t)line) != 1))
      goto read_error;
    sc.in_header = line < begin && b == '>';
    sc.at_line_start = line == begin;
  }
  long long pos = begin;
  while (pos < end) {
    size_t want = end - pos < FASTA_BLOCK ? (size_t)(end - pos) : FASTA_BLOCK;
    ssize_t n = pread(f->fd, buf, want, (off_t)pos);
    if (n < 0)
      goto read_error;
    if (n == 0)  // the file was cut short while we read it
      break;
    if (fasta_scan_owned(&sc, buf, (size_t)n, c) != 0) {
      free(buf);
      goto out_of_memory;
    }
    pos += n;
  }
  // A stretch that reaches `end` goes on by `overlap` bases at most, and never into
  // the next record: the windows that start in the range end there.
  int done = !sc.open || sc.in_header || overlap == 0 ||
             c->stretches[c->nstretches - 1].owned == 0;
  while (!done && pos < f->size) {
    ssize_t n = pread(f->fd, buf, 4096, (off_t)pos);
    if (n < 0)
      goto read_error;
    if (n == 0)
      break;
    done = fasta_scan_after(&sc, buf, (size_t)n, c, overlap);
    pos += n;
  }
  free(buf);
  return 0;
read_error:
  snprintf(err, errlen, "%s: read error: %s", f->path, strerror(errno ? errno : EIO));
  free(buf);
  return -1;
out_of_memory:
  snprintf(err, errlen, "%s: out of memory for %lld bytes", f->path, end - begin);
  return -1;
}
