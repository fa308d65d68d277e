// Tests of the slides' listings: every deck matches its sources, and drift is caught.
#define _GNU_SOURCE  // memmem
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listing.h"
#include "program.h"
#include "runner.h"

static const char *decks[] = {"lecture.md", "toolkit.md"};

static char dir[] = "/tmp/test-slides-XXXXXX";

static void
write_file(const char *name, const char *text)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  CU_ASSERT_FATAL(f != NULL);
  fputs(text, f);
  fclose(f);
}

// The real decks: every listing equals its source region, and each deck has some.
static void
test_decks_true(void)
{
  for (size_t i = 0; i < sizeof decks / sizeof decks[0]; i++) {
    char path[512], shown[64], msg[2048];
    snprintf(path, sizeof path, "%s/slides/%s", SOURCE_DIR, decks[i]);
    snprintf(shown, sizeof shown, "slides/%s", decks[i]);
    int n = listing_check(path, shown, SOURCE_DIR, msg, sizeof msg);
    if (n < 0)
      fprintf(stderr, "\n  %s\n", msg);  // names the deck, the listing and the line
    CU_ASSERT(n > 0);
  }
}

// A deck may show no C code that is not a listing: code on a slide must compile.
static void
test_no_typed_code(void)
{
  for (size_t i = 0; i < sizeof decks / sizeof decks[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/slides/%s", SOURCE_DIR, decks[i]);
    char *text = listing_read_file(path);
    CU_ASSERT_FATAL(text != NULL);
    for (const char *s = text; (s = strstr(s, "\n```")); s++)
      if (!strncmp(s + 4, "c", 1) || !strncmp(s + 4, "sh", 2)) {
        const char *eol = strchr(s + 1, '\n');
        int listed = eol && memmem(s, (size_t)(eol - s), "listing=", 8) != NULL;
        if (!listed)
          fprintf(stderr, "\n  slides/%s: a code fence without listing=: %.40s\n",
                  decks[i], s + 1);
        CU_ASSERT(listed);
      }
    free(text);
  }
}

static void
test_region(void)
{
  write_file("src.c", "int a;\n  // slide: two\n  if (x)\n    y();\n  // end slide\n");
  char path[512], err[512];
  snprintf(path, sizeof path, "%s/src.c", dir);
  char *r = listing_region(path, "two", err, sizeof err);
  CU_ASSERT_FATAL(r != NULL);
  CU_ASSERT_STRING_EQUAL(r, "if (x)\n  y();\n");  // common indentation removed
  free(r);
  CU_ASSERT_PTR_NULL(listing_region(path, "three", err, sizeof err));
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "no region 'three'"));
}

static void
test_drift_caught(void)
{
  write_file("src.c", "// slide: r\nint x = 1;\nint y = 2;\n// end slide\n");
  write_file("deck.md", "# t\n\n```c listing=src.c#r\nint x = 1;\nint y = 3;\n```\n");
  char path[512], msg[2048];
  snprintf(path, sizeof path, "%s/deck.md", dir);
  CU_ASSERT_EQUAL(listing_check(path, "deck.md", dir, msg, sizeof msg), -1);
  // The message names the deck and its line, the listing, and the first difference.
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "deck.md:3: listing src.c#r"));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "listing line 2"));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "'int y = 3;'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(msg, "'int y = 2;'"));

  // Filling repairs it, and the check then passes.
  char *deck = listing_read_file(path), err[512];
  char *filled = listing_fill(deck, dir, dir, 0, err, sizeof err);
  CU_ASSERT_FATAL(filled != NULL);
  write_file("deck.md", filled);
  CU_ASSERT_EQUAL(listing_check(path, "deck.md", dir, msg, sizeof msg), 1);
  free(deck);
  free(filled);

  write_file("deck.md", "```c listing=src.c#r\nint x = 1;\n");
  CU_ASSERT_EQUAL(listing_check(path, "deck.md", dir, msg, sizeof msg), -1);
}

static void
test_images_embedded(void)
{
  write_file("pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  char err[512];
  char *out = listing_fill("![diagram w:300 A \"box\"](pic.svg)\n```\n![x](pic.svg)\n```\n", dir,
                           dir, 1, err, sizeof err);
  CU_ASSERT_FATAL(out != NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "<img class=\"diagram\" width=\"300\" alt=\"A &quot;box&quot;\" "
                                "src=\"data:image/svg+xml;base64,PHN2Zy"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "```\n![x](pic.svg)\n```"));  // code stays code
  free(out);
  CU_ASSERT_PTR_NULL(listing_fill("![a](missing.svg)\n", dir, dir, 1, err, sizeof err));
}

static int
setup(void)
{
  return mkdtemp(dir) ? 0 : -1;
}

static int
cleanup(void)
{
  return program_remove_dir(dir);
}

static void
register_listing(void)
{
  CU_pSuite s = CU_add_suite("slides listings", setup, cleanup);
  CU_add_test(s, "every deck's listings equal their sources", test_decks_true);
  CU_add_test(s, "no code fence on a slide without a source", test_no_typed_code);
  CU_add_test(s, "a region, without its indentation", test_region);
  CU_add_test(s, "a drifted listing is named, and fill repairs it", test_drift_caught);
  CU_add_test(s, "images become data: URIs", test_images_embedded);
}

int
main(void)
{
  const runner_register_fn registers[] = {register_listing};
  return runner_main(registers, 1);
}
