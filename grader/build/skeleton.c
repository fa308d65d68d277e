// Whether a version file is still the shipped skeleton: a fingerprint of its tokens.
//
// The fingerprint hashes the text the way the C compiler reads it (gcc, -std=gnu11):
//   1. backslash, optional blanks, newline (\n, \r\n or a lone \r) is spliced out
//      first, everywhere, as gcc does (so `// note \` swallows the next line);
//   2. comments go, each leaving a separator; literals keep every byte;
//   3. a run of whitespace goes, except one space where joining the two sides would
//      lex differently (skeleton_keep_space);
//   4. a preprocessor line is a line: "\n" before and after it, so its end stays put.
// A file that compiles to something else therefore never takes the skeleton's print.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "param.h"

#define SKELETON_MANIFEST "exercises/skeletons.txt"

// Two characters that begin or continue a punctuator or a comment when written
// together: a space between them is kept, so `a + +b` stays apart from `a ++b`.
// Pairs that cannot combine (`= -`, `, *`) lose it, so `x = -1` equals `x=-1`.
static const char skeleton_glue[] =
  "-> ++ -- << >> <= >= == != && || ... *= /= %= += -= &= ^= |= "
  "## <: :> <% %> %:%: // /*";

enum { SKELETON_OTHER, SKELETON_NAME, SKELETON_NUMBER, SKELETON_LITERAL };

struct skeleton_lex {
  const unsigned char *s;
  size_t n;
  size_t at;           // next raw byte
  uint64_t hash;
  int last;            // last byte emitted, -1 before the first
  int last_kind;       // SKELETON_* of the last token
  int directive;       // inside a # line
  int tokens;          // tokens so far on the # line
  int define;          // the # line is #define
};

static int
skeleton_blank(int c)
{
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

// Identifier and pp-number characters: gcc also takes $ and UTF-8 in identifiers.
static int
skeleton_word(int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || c >= 0x80;
}

static int
skeleton_digit(int c)
{
  return c >= '0' && c <= '9';
}

// Length of the newline at i (\n, \r\n, lone \r: gcc takes all three), or 0.
static size_t
skeleton_newline(const struct skeleton_lex *l, size_t i)
{
  if (i < l->n && l->s[i] == '\n')
    return 1;
  if (i < l->n && l->s[i] == '\r')
    return i + 1 < l->n && l->s[i + 1] == '\n' ? 2 : 1;
  return 0;
}

// The raw position of the first character at or after i that a splice does not remove.
static size_t
skeleton_splice(const struct skeleton_lex *l, size_t i)
{
  while (i < l->n && l->s[i] == '\\') {
    size_t j = i + 1, nl;
    while (j < l->n && skeleton_blank(l->s[j]))
      j++;
    if ((nl = skeleton_newline(l, j)) == 0)
      break;
    i = j + nl;
  }
  return i;
}

// The k-th character ahead after splicing, or EOF. A newline reads as '\n'.
static int
skeleton_peek(const struct skeleton_lex *l, int k)
{
  size_t i = skeleton_splice(l, l->at);
  for (; k > 0 && i < l->n; k--)
    i = skeleton_splice(l, i + (skeleton_newline(l, i) ? skeleton_newline(l, i) : 1));
  if (i >= l->n)
    return EOF;
  return l->s[i] == '\r' ? '\n' : l->s[i];
}

// Consumes the next character after splicing and returns it as skeleton_peek does.
static int
skeleton_next(struct skeleton_lex *l)
{
  size_t i = skeleton_splice(l, l->at);
  if (i >= l->n)
    return EOF;
  size_t nl = skeleton_newline(l, i);
  l->at = i + (nl ? nl : 1);
  return nl ? '\n' : l->s[i];
}

static void
skeleton_emit(struct skeleton_lex *l, int c)
{
  l->hash ^= (unsigned char)c;
  l->hash *= 0x100000001b3ULL;
  l->last = c;
}

// Whether the whitespace between the last token and the next, which starts with c,
// keeps one space: where removing it would make the compiler see other tokens.
static int
skeleton_keep_space(const struct skeleton_lex *l, int c)
{
  int p = l->last;
  char pair[3] = {(char)p, (char)c, '\0'};
  if (p < 0 || p == '\n')
    return 0;
  if (skeleton_word(p) && (skeleton_word(c) || c == '"' || c == '\''))
    return 1;    // `int x`; `L "s"` is not the wide string `L"s"`
  if (l->last_kind == SKELETON_NUMBER &&
      (c == '.' || ((c == '+' || c == '-') && p != '\0' && strchr("eEpP", p))))
    return 1;    // a pp-number takes in `.`, `e+`, `p-`: `1 .5`, `1e +5`
  if (p == '.' && skeleton_digit(c))
    return 1;    // `. 5` would become the number `.5`
  if (p != '\0' && c != '\0' && strstr(skeleton_glue, pair))
    return 1;
  // #define F (x) is an object-like macro, #define F(x) a function-like one.
  return l->directive && l->define && l->tokens == 3 && c == '(';
}

// A string or character literal: every byte kept, to its closing quote or (left open,
// as gcc also stops) the end of the line.
static void
skeleton_literal(struct skeleton_lex *l)
{
  int quote = skeleton_next(l), c;
  skeleton_emit(l, quote);
  while ((c = skeleton_peek(l, 0)) != EOF && c != '\n') {
    skeleton_emit(l, skeleton_next(l));
    if (c == quote)
      break;
    if (c == '\\' && (c = skeleton_peek(l, 0)) != EOF && c != '\n')
      skeleton_emit(l, skeleton_next(l));
  }
}

// Emits the token that starts here and returns its kind. name (at least 8 bytes)
// gets the start of an identifier, for #define.
static int
skeleton_token(struct skeleton_lex *l, char *name)
{
  int c = skeleton_peek(l, 0);
  size_t len = 0;
  name[0] = '\0';
  if (c == '"' || c == '\'') {
    skeleton_literal(l);
    return SKELETON_LITERAL;
  }
  if (skeleton_digit(c) || (c == '.' && skeleton_digit(skeleton_peek(l, 1)))) {
    int prev = skeleton_next(l);
    skeleton_emit(l, prev);
    for (;;) {
      c = skeleton_peek(l, 0);
      if (!(skeleton_word(c) || c == '.' ||
            ((c == '+' || c == '-') && strchr("eEpP", prev))))
        break;
      skeleton_emit(l, prev = skeleton_next(l));
    }
    return SKELETON_NUMBER;
  }
  if (skeleton_word(c)) {
    while (skeleton_word(skeleton_peek(l, 0))) {
      c = skeleton_next(l);
      if (len < 7)
        name[len++] = (char)c, name[len] = '\0';
      else
        name[0] = '\0';   // longer than any name looked for
      skeleton_emit(l, c);
    }
    return SKELETON_NAME;
  }
  skeleton_emit(l, skeleton_next(l));
  if (c == '%' && skeleton_peek(l, 0) == ':')
    skeleton_emit(l, skeleton_next(l));   // %: is #, one token
  return SKELETON_OTHER;
}

// Ends a # line at a newline (or at the end of the file).
static void
skeleton_end_directive(struct skeleton_lex *l)
{
  if (l->directive)
    skeleton_emit(l, '\n');
  l->directive = 0;
}

static uint64_t
skeleton_fingerprint(const char *text, size_t len)
{
  struct skeleton_lex l = {
    .s = (const unsigned char *)text, .n = len, .hash = 0xcbf29ce484222325ULL, .last = -1,
  };
  int bol = 1;       // nothing but whitespace and comments yet on this line
  int gap = 0;       // whitespace or a comment since the last token
  int c;
  char name[8];
  while ((c = skeleton_peek(&l, 0)) != EOF) {
    if (c == '\n') {
      skeleton_next(&l);
      skeleton_end_directive(&l);
      bol = gap = 1;
    } else if (skeleton_blank(c)) {
      skeleton_next(&l);
      gap = 1;
    } else if (c == '/' && skeleton_peek(&l, 1) == '/') {
      while ((c = skeleton_peek(&l, 0)) != EOF && c != '\n')
        skeleton_next(&l);
      gap = 1;
    } else if (c == '/' && skeleton_peek(&l, 1) == '*') {
      // One space, as in C: a newline inside neither ends a # line nor starts a line.
      skeleton_next(&l);
      skeleton_next(&l);
      while ((c = skeleton_next(&l)) != EOF &&
             !(c == '*' && skeleton_peek(&l, 0) == '/'))
        ;
      skeleton_next(&l);
      gap = 1;
    } else {
      if (bol && (c == '#' || (c == '%' && skeleton_peek(&l, 1) == ':'))) {
        if (l.last >= 0 && l.last != '\n')
          skeleton_emit(&l, '\n');
        l.directive = 1;
        l.tokens = l.define = 0;
      }
      if (gap && skeleton_keep_space(&l, c))
        skeleton_emit(&l, ' ');
      l.last_kind = skeleton_token(&l, name);
      if (l.directive && ++l.tokens == 2)
        l.define = strcmp(name, "define") == 0;
      bol = gap = 0;
    }
  }
  skeleton_end_directive(&l);
  return l.hash;
}

uint64_t
skeleton_fingerprint_text(const char *text)
{
  return skeleton_fingerprint(text, strlen(text));
}

int
skeleton_fingerprint_file(const char *path, uint64_t *out, char *err, size_t errlen)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  // One byte more than the limit tells a file at the limit from a longer one.
  char *buf = malloc(PARAM_SOURCE_MAX + 1);
  size_t len = buf ? fread(buf, 1, PARAM_SOURCE_MAX + 1, f) : 0;
  int failed = buf == NULL || ferror(f);
  fclose(f);
  if (failed) {
    snprintf(err, errlen, "%s: %s", path, buf ? "read error" : "out of memory");
    free(buf);
    return -1;
  }
  if (len > PARAM_SOURCE_MAX) {
    snprintf(err, errlen, "%s: larger than %d bytes", path, PARAM_SOURCE_MAX);
    free(buf);
    return -1;
  }
  *out = skeleton_fingerprint(buf, len);   // by length: a NUL byte counts too
  free(buf);
  return 0;
}

// Reads one manifest line, "<16 lowercase hex digits>  NN-name/VERSION.c": 0 with the
// fingerprint and the file's name in it, -1 for a comment, a blank or a malformed line.
static int
skeleton_manifest_line(char *line, uint64_t *print, char **file)
{
  size_t i, end = strlen(line);
  while (end > 0 && strchr(" \t\r\n", line[end - 1]))
    line[--end] = '\0';
  *print = 0;
  for (i = 0; i < 16; i++) {
    char c = line[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return -1;
    *print = *print << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  if (line[16] != ' ' || line[17] != ' ' || line[18] == '\0' ||
      strpbrk(line + 18, " \t") != NULL)
    return -1;
  *file = line + 18;
  return 0;
}

int
skeleton_untouched(const char *project, const char *exercise, const char *version,
                   const char *source)
{
  char path[4096], want[512], err[256];
  uint64_t print;
  if (snprintf(path, sizeof path, "%s/%s", project, SKELETON_MANIFEST) >= (int)sizeof path ||
      snprintf(want, sizeof want, "%s/%s.c", exercise, version) >= (int)sizeof want ||
      skeleton_fingerprint_file(source, &print, err, sizeof err) != 0)
    return 0;
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return 0;
  // Any line for the file may match: an old skeleton's print can stay listed too.
  char *line = NULL;
  size_t cap = 0;
  int found = 0;
  while (!found && getline(&line, &cap, f) >= 0) {
    uint64_t listed;
    char *file;
    if (skeleton_manifest_line(line, &listed, &file) == 0 && strcmp(file, want) == 0)
      found = listed == print;
  }
  free(line);
  fclose(f);
  return found;
}
