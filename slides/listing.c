// Listings on slides: reads marked regions of sources, fills decks, checks for drift.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listing.h"

// A growing string; on out of memory `failed` is set and the text is dropped.
struct buf {
  char *text;
  size_t len, cap;
  int failed;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
  if (b->failed)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
    char *t = realloc(b->text, cap);
    if (!t) {
      b->failed = 1;
      return;
    }
    b->text = t;
    b->cap = cap;
  }
  memcpy(b->text + b->len, s, n);
  b->len += n;
  b->text[b->len] = '\0';
}

static char *
buf_take(struct buf *b)
{
  if (b->failed) {
    free(b->text);
    return NULL;
  }
  if (!b->text)
    return strdup("");
  return b->text;
}

char *
listing_read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct buf b = {0};
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(&b, chunk, n);
  fclose(f);
  return buf_take(&b);
}

// The line starting at *p (without its newline) in line/len; advances *p. 0 at the end.
static int
next_line(const char **p, const char **line, size_t *len)
{
  if (!**p)
    return 0;
  const char *end = strchr(*p, '\n');
  *line = *p;
  *len = end ? (size_t)(end - *p) : strlen(*p);
  *p = end ? end + 1 : *p + *len;
  return 1;
}

// 1 when the line, without its indentation and trailing spaces, is `want` written
// after "// " or "# ".
static int
is_marker(const char *line, size_t len, const char *want)
{
  while (len > 0 && (*line == ' ' || *line == '\t'))
    line++, len--;
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
    len--;
  size_t skip = len >= 3 && !strncmp(line, "// ", 3) ? 3 : len >= 2 && !strncmp(line, "# ", 2) ? 2 : 0;
  return skip && len - skip == strlen(want) && !strncmp(line + skip, want, len - skip);
}

static size_t
indent_of(const char *line, size_t len)
{
  size_t i = 0;
  while (i < len && line[i] == ' ')
    i++;
  return i == len ? (size_t)-1 : i;  // a blank line does not count
}

char *
listing_region(const char *path, const char *name, char *err, size_t errlen)
{
  char *text = listing_read_file(path);
  if (!text) {
    snprintf(err, errlen, "%s: cannot read it", path);
    return NULL;
  }
  char start[256];
  snprintf(start, sizeof start, "slide: %s", name);
  const char *p = text, *line, *first = NULL, *last = NULL;
  size_t len, indent = (size_t)-1;
  while (next_line(&p, &line, &len)) {
    if (!first) {
      if (is_marker(line, len, start))
        first = p;
    } else if (is_marker(line, len, "end slide")) {
      last = line;
      break;
    } else if (indent_of(line, len) < indent) {
      indent = indent_of(line, len);
    }
  }
  if (!first || !last) {
    snprintf(err, errlen, !first ? "%s: no region '%s' (a line '// slide: %s')"
             : "%s: region '%s' has no '// end slide' line", path, name, name);
    free(text);
    return NULL;
  }
  // The region without its common indentation, so a loop cut out of a function
  // reads as it would on its own.
  struct buf b = {0};
  p = first;
  while (p < last && next_line(&p, &line, &len)) {
    size_t cut = indent_of(line, len) == (size_t)-1 ? len : indent;
    buf_add(&b, line + cut, len - cut);
    buf_add(&b, "\n", 1);
  }
  free(text);
  return buf_take(&b);
}

// For a fence line "```c listing=PATH#NAME", copies PATH and NAME; 0 for other lines.
static int
fence_listing(const char *line, size_t len, char *path, size_t plen, char *name,
              size_t nlen)
{
  if (len < 3 || strncmp(line, "```", 3) != 0)
    return 0;
  const char *at = NULL;
  for (size_t i = 3; i + 8 <= len && !at; i++)
    if (!strncmp(line + i, "listing=", 8))
      at = line + i + 8;
  if (!at)
    return 0;
  size_t n = 0;
  while (at + n < line + len && at[n] != ' ' && at[n] != '\r')
    n++;
  const char *hash = memchr(at, '#', n);
  if (!hash || hash == at || hash + 1 == at + n)
    return -1;
  snprintf(path, plen, "%.*s", (int)(hash - at), at);
  snprintf(name, nlen, "%.*s", (int)(at + n - hash - 1), hash + 1);
  return 1;
}

static int
is_fence(const char *line, size_t len)
{
  return len >= 3 && strncmp(line, "```", 3) == 0;
}

static void
base64_add(struct buf *b, const unsigned char *data, size_t n)
{
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = data[i] << 16 | (i + 1 < n ? data[i + 1] << 8 : 0) |
                 (i + 2 < n ? data[i + 2] : 0);
    char out[4] = {digits[v >> 18 & 63], digits[v >> 12 & 63],
                   i + 1 < n ? digits[v >> 6 & 63] : '=', i + 2 < n ? digits[v & 63] : '='};
    buf_add(b, out, 4);
  }
}

// Writes the image ![ALT](FILE) as an <img> whose src is the file as a data: URI
// (Marp's Markdown parser refuses data:image/svg+xml in image syntax). In ALT, "w:N"
// becomes the width and the word "diagram" the class (centred by the deck's style).
static int
embed_image(struct buf *b, const char *alt, size_t alt_len, const char *path, int svg,
            char *err, size_t errlen)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read the image", path);
    return -1;
  }
  struct buf data = {0}, text = {0};
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(&data, chunk, got);
  fclose(f);
  int width = 0, diagram = 0;
  for (size_t i = 0; i < alt_len;) {
    size_t n = 0;
    while (i + n < alt_len && alt[i + n] != ' ')
      n++;
    if (n > 2 && !strncmp(alt + i, "w:", 2))
      width = atoi(alt + i + 2);
    else if (n == 7 && !strncmp(alt + i, "diagram", 7))
      diagram = 1;
    else if (n > 0) {
      if (text.len)
        buf_add(&text, " ", 1);
      for (size_t k = 0; k < n; k++) {  // an attribute value: no quotes, no markup
        char c = alt[i + k];
        const char *esc = c == '"' ? "&quot;" : c == '<' ? "&lt;" : c == '&' ? "&amp;" : NULL;
        buf_add(&text, esc ? esc : alt + i + k, esc ? strlen(esc) : 1);
      }
    }
    i += n + 1;
  }
  char head[256];
  snprintf(head, sizeof head, "<img%s", diagram ? " class=\"diagram\"" : "");
  buf_add(b, head, strlen(head));
  if (width) {
    snprintf(head, sizeof head, " width=\"%d\"", width);
    buf_add(b, head, strlen(head));
  }
  buf_add(b, " alt=\"", 6);
  buf_add(b, text.text ? text.text : "", text.len);
  buf_add(b, "\" src=\"", 7);
  buf_add(b, svg ? "data:image/svg+xml;base64," : "data:image/png;base64,", svg ? 26 : 22);
  base64_add(b, (const unsigned char *)data.text, data.len);
  buf_add(b, "\">", 2);
  free(data.text);
  free(text.text);
  return 0;
}

// Copies one line of prose, turning each ![alt](FILE.svg) or (FILE.png) next to the
// deck into an embedded <img>.
static int
embed_line(struct buf *b, const char *line, size_t len, const char *deck_dir,
           char *err, size_t errlen)
{
  const char *end = line + len;
  for (const char *s = line; s < end;) {
    const char *img = NULL;
    for (const char *t = s; t + 1 < end && !img; t++)
      if (t[0] == '!' && t[1] == '[')
        img = t;
    const char *open = img ? memchr(img, ']', (size_t)(end - img)) : NULL;
    const char *close = open && open + 1 < end && open[1] == '(' ?
                        memchr(open, ')', (size_t)(end - open)) : NULL;
    if (!close) {
      buf_add(b, s, (size_t)(end - s));
      break;
    }
    const char *file = open + 2;
    size_t n = (size_t)(close - file);
    int svg = n > 4 && !strncmp(close - 4, ".svg", 4);
    int png = n > 4 && !strncmp(close - 4, ".png", 4);
    if ((svg || png) && !memchr(file, ':', n) && file[0] != '/') {
      char path[4096];
      snprintf(path, sizeof path, "%s/%.*s", deck_dir, (int)n, file);
      buf_add(b, s, (size_t)(img - s));
      if (embed_image(b, img + 2, (size_t)(open - img - 2), path, svg, err, errlen) != 0)
        return -1;
    } else {
      buf_add(b, s, (size_t)(close + 1 - s));
    }
    s = close + 1;
  }
  buf_add(b, "\n", 1);
  return 0;
}

char *
listing_fill(const char *deck, const char *root, const char *deck_dir, int embed,
             char *err, size_t errlen)
{
  struct buf b = {0};
  const char *p = deck, *line;
  size_t len;
  int lineno = 0, in_fence = 0;
  while (next_line(&p, &line, &len)) {
    lineno++;
    char path[1024], name[256], full[4096];
    int kind = in_fence ? 0 : fence_listing(line, len, path, sizeof path, name, sizeof name);
    if (kind < 0) {
      snprintf(err, errlen, "line %d: a listing is written listing=PATH#NAME", lineno);
      goto fail;
    }
    if (kind == 0) {
      if (is_fence(line, len))
        in_fence = !in_fence;
      if (embed && !in_fence && !is_fence(line, len)) {
        if (embed_line(&b, line, len, deck_dir, err, errlen) != 0)
          goto fail;
      } else {
        buf_add(&b, line, len);
        buf_add(&b, "\n", 1);
      }
      continue;
    }
    snprintf(full, sizeof full, "%s/%s", root, path);
    char why[1024];
    char *region = listing_region(full, name, why, sizeof why);
    if (!region) {
      snprintf(err, errlen, "line %d: listing %s#%s: %s", lineno, path, name, why);
      goto fail;
    }
    buf_add(&b, line, len);
    buf_add(&b, "\n", 1);
    buf_add(&b, region, strlen(region));
    free(region);
    int start = lineno;
    // Skip the deck's old body, up to the closing fence.
    while (next_line(&p, &line, &len) && (lineno++, !is_fence(line, len)))
      ;
    if (!is_fence(line, len)) {
      snprintf(err, errlen, "line %d: the listing's fence is never closed", start);
      goto fail;
    }
    buf_add(&b, line, len);
    buf_add(&b, "\n", 1);
  }
  return buf_take(&b);
fail:
  free(b.text);
  return NULL;
}

// Compares a deck body with its region line by line; 0 when equal, else the 1-based
// line of the first difference with both lines copied out.
static int
first_difference(const char *deck, const char *source, char *a, char *b, size_t len)
{
  const char *p = deck, *q = source, *l1 = "", *l2 = "";
  size_t n1 = 0, n2 = 0;
  for (int i = 1;; i++) {
    int h1 = next_line(&p, &l1, &n1), h2 = next_line(&q, &l2, &n2);
    if (!h1 && !h2)
      return 0;
    if (h1 && h2 && n1 == n2 && !memcmp(l1, l2, n1))
      continue;
    snprintf(a, len, h1 ? "'%.*s'" : "nothing (it ends)", (int)n1, l1);
    snprintf(b, len, h2 ? "'%.*s'" : "nothing (it ends)", (int)n2, l2);
    return i;
  }
}

int
listing_check(const char *deck_path, const char *shown, const char *root, char *msg,
              size_t len)
{
  char *deck = listing_read_file(deck_path);
  if (!deck) {
    snprintf(msg, len, "%s: cannot read it", shown);
    return -1;
  }
  int count = 0, lineno = 0, in_fence = 0, status = 0;
  const char *p = deck, *line;
  size_t n;
  while (status == 0 && next_line(&p, &line, &n)) {
    lineno++;
    char path[1024], name[256], full[4096], why[1024];
    int kind = in_fence ? 0 : fence_listing(line, n, path, sizeof path, name, sizeof name);
    if (kind <= 0) {
      if (kind < 0) {
        snprintf(msg, len, "%s:%d: a listing is written listing=PATH#NAME", shown, lineno);
        status = -1;
      }
      if (is_fence(line, n))
        in_fence = !in_fence;
      continue;
    }
    int start = lineno;
    struct buf body = {0};
    while (next_line(&p, &line, &n) && (lineno++, !is_fence(line, n))) {
      buf_add(&body, line, n);
      buf_add(&body, "\n", 1);
    }
    snprintf(full, sizeof full, "%s/%s", root, path);
    char *region = listing_region(full, name, why, sizeof why);
    char a[300], b[300];
    int diff = region ? first_difference(body.text ? body.text : "", region, a, b,
                                         sizeof a) : 0;
    if (!region) {
      snprintf(msg, len, "%s:%d: listing %s#%s: %s", shown, start, path, name, why);
      status = -1;
    } else if (diff) {
      snprintf(msg, len, "%s:%d: listing %s#%s differs from its source at listing line "
               "%d: the deck has %s, the source has %s (run `make slides-listings` to "
               "copy the sources into the decks)", shown, start, path, name, diff, a, b);
      status = -1;
    }
    count++;
    free(region);
    free(body.text);
  }
  free(deck);
  return status ? -1 : count;
}
