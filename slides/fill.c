// slides-fill: copies the marked source regions into a deck's listings (and images).
//
//   slides-fill ROOT DECK OUT    writes DECK, listings filled, images embedded, to OUT
//   slides-fill ROOT DECK        rewrites DECK in place, listings filled (images kept)
//   slides-fill --check ROOT DECK...   fails when a listing differs from its source
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listing.h"

static int
fill(const char *root, const char *deck_path, const char *out_path)
{
  char err[2048], dir[4096];
  char *deck = listing_read_file(deck_path);
  if (!deck) {
    fprintf(stderr, "slides-fill: %s: cannot read it\n", deck_path);
    return 1;
  }
  snprintf(dir, sizeof dir, "%s", deck_path);
  char *filled = listing_fill(deck, root, dirname(dir), out_path != NULL, err, sizeof err);
  free(deck);
  if (!filled) {
    fprintf(stderr, "slides-fill: %s: %s\n", deck_path, err);
    return 1;
  }
  FILE *f = fopen(out_path ? out_path : deck_path, "w");
  int bad = !f || fputs(filled, f) < 0;
  if (f && fclose(f) != 0)
    bad = 1;
  free(filled);
  if (bad) {
    fprintf(stderr, "slides-fill: cannot write %s\n", out_path ? out_path : deck_path);
    return 1;
  }
  return 0;
}

int
main(int argc, char **argv)
{
  if (argc >= 4 && strcmp(argv[1], "--check") == 0) {
    int status = 0;
    for (int i = 3; i < argc; i++) {
      char msg[2048];
      int n = listing_check(argv[i], argv[i], argv[2], msg, sizeof msg);
      if (n < 0) {
        fprintf(stderr, "slides-fill: %s\n", msg);
        status = 1;
      } else {
        printf("%s: %d listings match their sources\n", argv[i], n);
      }
    }
    return status;
  }
  if (argc == 3 || argc == 4)
    return fill(argv[1], argv[2], argc == 4 ? argv[3] : NULL);
  fprintf(stderr, "usage: slides-fill ROOT DECK [OUT] | slides-fill --check ROOT DECK...\n");
  return 2;
}
