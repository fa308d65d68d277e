// Opening a page in headless Chromium from a test, and reading what it fetched.
#ifndef TEST_BROWSER_H
#define TEST_BROWSER_H

#include <stddef.h>

// A suite's setup: 0 when `chromium` can run and the scratch folder `dir` (a mkdtemp
// template) was made; otherwise -1, after one line on stderr that names the fix (CUnit
// then counts the suite as failed).
int browser_setup(const char *chromium, char *dir);

// Runs `chromium` on url with one action (e.g. "--dump-dom > FILE" or
// "--screenshot=FILE"), in a fresh profile under dir, at a window of width x height,
// logging the network to *netlog (a new file in dir). Returns its exit status.
int browser_run(const char *chromium, const char *dir, const char *url,
                const char *action, int width, int height, char *netlog, size_t len);

// Counts the requests in a net log that were made for the file:// page and went to
// any scheme but file: and data: (the first one's URL goes to first). Requests that
// Chromium made for itself (not for the page) are counted in *own. -1 when the log
// cannot be read.
int browser_requests_off_file(const char *netlog, char *first, size_t len, int *own);

#endif
