// Whether a report is well-formed XML: a small checker of our own, and xmllint when
// it is installed (the tests of the JUnit and SVG writers use both).
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "program.h"
#include "xml_check.h"

// A small check that text is well-formed XML 1.0: tags nest and close, attributes
// are quoted, every & starts a known reference, no character XML forbids, one root.
// Returns NULL, or what is wrong.
const char *
xml_problem(const char *text)
{
  static char stack[64][64];
  int depth = 0, roots = 0;
  const unsigned char *s = (const unsigned char *)text;
  while (*s) {
    if (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
      return "a control character";
    if (*s == 0xFF || *s == 0xFE)
      return "a byte that is not UTF-8";
    if (*s == '&') {
      const char *ok[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#"};
      int good = 0;
      for (int i = 0; i < 6; i++)
        good |= strncmp((const char *)s, ok[i], strlen(ok[i])) == 0;
      if (!good)
        return "a bare &";
      s++;
      continue;
    }
    if (*s != '<') {
      if (*s == '>' && depth == 0)
        return "> outside the root";
      s++;
      continue;
    }
    if (strncmp((const char *)s, "<?", 2) == 0) {
      const char *end = strstr((const char *)s, "?>");
      if (!end)
        return "an unclosed <?";
      s = (const unsigned char *)end + 2;
      continue;
    }
    if (strncmp((const char *)s, "<!--", 4) == 0) {
      const char *end = strstr((const char *)s, "-->");
      if (!end)
        return "an unclosed comment";
      s = (const unsigned char *)end + 3;
      continue;
    }
    int closing = s[1] == '/';
    s += 1 + closing;
    char name[64];
    size_t n = strspn((const char *)s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789-_:.");
    if (n == 0 || n >= sizeof name)
      return "a tag without a name";
    memcpy(name, s, n);
    name[n] = '\0';
    s += n;
    // Attributes: name="value" with no < in the value.
    for (;;) {
      while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
      if (*s == '>' || (*s == '/' && s[1] == '>'))
        break;
      if (closing)
        return "attributes in a closing tag";
      size_t an = strspn((const char *)s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_:.");
      if (an == 0 || s[an] != '=' || (s[an + 1] != '"' && s[an + 1] != '\''))
        return "an attribute without a quoted value";
      char q = (char)s[an + 1];
      s += an + 2;
      while (*s && *s != (unsigned char)q) {
        if (*s == '<')
          return "< in an attribute";
        if (*s < 0x20 && *s != '\t')
          return "a raw line break or control character in an attribute";
        if (*s == '&' && !(strncmp((const char *)s, "&lt;", 4) == 0 ||
                           strncmp((const char *)s, "&gt;", 4) == 0 ||
                           strncmp((const char *)s, "&amp;", 5) == 0 ||
                           strncmp((const char *)s, "&quot;", 6) == 0 ||
                           strncmp((const char *)s, "&apos;", 6) == 0 ||
                           strncmp((const char *)s, "&#", 2) == 0))
          return "a bare & in an attribute";
        s++;
      }
      if (!*s)
        return "an unclosed attribute";
      s++;
    }
    int empty = *s == '/';
    s += 1 + empty;
    if (closing) {
      if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
        return "a closing tag that does not match";
      depth--;
    } else if (!empty) {
      if (depth == 0)
        roots++;
      if (depth == 64)
        return "too deep";
      snprintf(stack[depth++], sizeof stack[0], "%s", name);
    } else if (depth == 0) {
      roots++;
    }
  }
  if (depth != 0)
    return "an unclosed element";
  if (roots != 1)
    return "not exactly one root element";
  return NULL;
}

// xmllint --noout on text, when xmllint is installed: 1 well-formed, 0 not, -1 no xmllint.
int
xmllint_ok(const char *text)
{
  if (access("/usr/bin/xmllint", X_OK) != 0)
    return -1;
  char path[] = "/tmp/test-reports-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return -1;
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  char command[256], first[256];
  snprintf(command, sizeof command, "/usr/bin/xmllint --noout %s", path);
  int status = program_run(command, first, sizeof first);
  if (status != 0)
    fprintf(stderr, "\n  xmllint: %s\n", first);
  unlink(path);
  return status == 0;
}
