// Opens each built deck in headless Chromium: slide count, offline, title screenshot.
// Requests are read from Chromium's net log (tests/support/browser.c): Chromium's own
// are reported but not held against the deck. A control page with a remote image
// proves the check can fail.
#define _GNU_SOURCE  // memmem
#include <CUnit/CUnit.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browser.h"
#include "program.h"
#include "runner.h"

static const char *decks[] = {"lecture", "toolkit"};
static char dir[] = "/tmp/test-slides-browser-XXXXXX";

static char *
read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
    free(text);
    text = NULL;
  }
  if (text)
    text[n] = '\0';
  fclose(f);
  return text;
}

// Runs Chromium on url with one action (browser_run), at the decks' size.
static int
chromium(const char *url, const char *action, char *netlog, size_t len)
{
  return browser_run(CHROMIUM, dir, url, action, 1280, 720, netlog, len);
}

static int
requests_off_file(const char *netlog, char *first, size_t len, int *own)
{
  int bad = browser_requests_off_file(netlog, first, len, own);
  CU_ASSERT_FATAL(bad >= 0);
  return bad;
}

// Slides in a Marp deck: the "---" lines outside code fences, after the front matter.
static int
slides_in_deck(const char *path)
{
  char *text = read_file(path);
  CU_ASSERT_FATAL(text != NULL);
  int rules = 0, fence = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (!strncmp(line, "```", 3))
      fence = !fence;
    else if (!fence && !strcmp(line, "---"))
      rules++;
  }
  free(text);
  return rules - 2 + 1;  // two rules close the front matter
}

static int
count(const char *text, const char *what)
{
  int n = 0;
  for (const char *s = text; (s = strstr(s, what)); s += strlen(what))
    n++;
  return n;
}

static void
test_decks_in_browser(void)
{
  for (size_t i = 0; i < sizeof decks / sizeof decks[0]; i++) {
    char url[512], action[1024], netlog[512], first[1024], dom_path[512], deck[512];
    int own;
    snprintf(url, sizeof url, "file://" SLIDES_DIR "/%s.html", decks[i]);
    snprintf(dom_path, sizeof dom_path, "%s/%s.dom.html", dir, decks[i]);
    snprintf(action, sizeof action, "--dump-dom > %s", dom_path);
    CU_ASSERT_EQUAL_FATAL(chromium(url, action, netlog, sizeof netlog), 0);
    char *dom = read_file(dom_path);
    CU_ASSERT_FATAL(dom != NULL);
    snprintf(deck, sizeof deck, SOURCE_DIR "/slides/%s.md", decks[i]);
    int want = slides_in_deck(deck), got = count(dom, "<svg data-marpit-svg");
    printf("\n  %s: %d slides (the Markdown has %d)", decks[i], got, want);
    CU_ASSERT(want > 5);
    CU_ASSERT_EQUAL(got, want);
    CU_ASSERT(count(dom, "bespoke-marp-active") > 0);  // the deck's script ran
    free(dom);
    int bad = requests_off_file(netlog, first, sizeof first, &own);
    printf("; requests off file: %d%s%s (Chromium's own, not the deck's: %d)", bad,
           bad ? ", first " : "", first, own);
    CU_ASSERT_EQUAL(bad, 0);

    // The title slide, for a person to look at: build/slides/DECK-title.png.
    char png[512];
    snprintf(png, sizeof png, SLIDES_DIR "/%s-title.png", decks[i]);
    remove(png);
    snprintf(action, sizeof action, "--screenshot=%s", png);
    CU_ASSERT_EQUAL(chromium(url, action, netlog, sizeof netlog), 0);
    CU_ASSERT_EQUAL(requests_off_file(netlog, first, sizeof first, &own), 0);
    unsigned char head[24] = {0};
    FILE *f = fopen(png, "rb");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_EQUAL(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    CU_ASSERT(memcmp(head, "\x89PNG", 4) == 0);
    unsigned width = (unsigned)head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
    CU_ASSERT_EQUAL(width, 1280);
  }
}

// The control: a page that asks for remote images is caught by the same check.
static void
test_check_can_fail(void)
{
  char page[512], url[600], action[600], netlog[512], first[1024];
  int own;
  snprintf(page, sizeof page, "%s/remote.html", dir);
  FILE *f = fopen(page, "w");
  CU_ASSERT_FATAL(f != NULL);
  fputs("<html><body><img src=\"http://127.0.0.1:9/a.png\"></body></html>\n", f);
  fclose(f);
  snprintf(url, sizeof url, "file://%s", page);
  snprintf(action, sizeof action, "--dump-dom > %s/remote.dom", dir);
  CU_ASSERT_EQUAL(chromium(url, action, netlog, sizeof netlog), 0);
  CU_ASSERT(requests_off_file(netlog, first, sizeof first, &own) >= 1);
  CU_ASSERT_STRING_EQUAL(first, "http://127.0.0.1:9/a.png");
}

// The HTML names no network address: the only URLs allowed are XML namespace names,
// which identify a vocabulary and are never fetched.
static void
test_no_network_address(void)
{
  regex_t re;
  CU_ASSERT_FATAL(regcomp(&re, "(https?|wss?|ftp)://[^\"' )<>]*", REG_EXTENDED) == 0);
  for (size_t i = 0; i < sizeof decks / sizeof decks[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, SLIDES_DIR "/%s.html", decks[i]);
    char *html = read_file(path);
    CU_ASSERT_FATAL(html != NULL);
    regmatch_t m;
    for (const char *s = html; regexec(&re, s, 1, &m, 0) == 0; s += m.rm_eo) {
      int n = (int)(m.rm_eo - m.rm_so);
      const char *u = s + m.rm_so;
      int ns = (n == 26 && !strncmp(u, "http://www.w3.org/2000/svg", 26)) ||
               (n == 28 && !strncmp(u, "http://www.w3.org/1999/xlink", 28)) ||
               (n == 28 && !strncmp(u, "http://www.w3.org/1999/xhtml", 28)) ||
               (n == 34 && !strncmp(u, "http://www.w3.org/1998/Math/MathML", 34));
      if (!ns)
        fprintf(stderr, "\n  %s.html names a network address: %.*s", decks[i], n, u);
      CU_ASSERT(ns);
    }
    free(html);
  }
  regfree(&re);
}

static int
setup(void)
{
  return browser_setup(CHROMIUM, dir);
}

static int
cleanup(void)
{
  return program_remove_dir(dir);
}

static void
register_browser(void)
{
  CU_pSuite s = CU_add_suite("slides in Chromium", setup, cleanup);
  CU_add_test(s, "the HTML names no network address", test_no_network_address);
  CU_add_test(s, "the request check catches a remote image", test_check_can_fail);
  CU_add_test(s, "each deck: slides, no request off file:, screenshot",
              test_decks_in_browser);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_browser};
  return runner_main(registers, 1);
}
