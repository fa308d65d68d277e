// Headless Chromium for the tests (browser.h).
//
// Requests are read from Chromium's net log (--log-net-log). A request made for the
// page carries the file:// page in its network isolation key; Chromium's own
// background requests do not, and are counted apart.
#define _GNU_SOURCE  // mkdtemp
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "browser.h"
#include "program.h"

int
browser_setup(const char *chromium, char *dir)
{
  if (access(chromium, X_OK) != 0) {
    fprintf(stderr, "no Chromium at '%s': run sh cmake/install-deps.sh test, then "
            "configure again\n", chromium);
    return -1;
  }
  return mkdtemp(dir) ? 0 : -1;
}

int
browser_run(const char *chromium, const char *dir, const char *url, const char *action,
            int width, int height, char *netlog, size_t len)
{
  static int runs;
  char cmd[4096];
  runs++;
  snprintf(netlog, len, "%s/net%d.json", dir, runs);
  snprintf(cmd, sizeof cmd, "timeout 120 %s --headless --no-sandbox --disable-gpu "
           "--disable-quic --no-first-run --disable-background-networking "
           "--disable-component-update --disable-sync --user-data-dir=%s/profile%d "
           "--log-net-log=%s --window-size=%d,%d --hide-scrollbars %s %s",
           chromium, dir, runs, netlog, width, height, url, action);
  return program_run(cmd, NULL, 0);
}

int
browser_requests_off_file(const char *netlog, char *first, size_t len, int *own)
{
  long n;
  char *text = (char *)program_read_file(netlog, &n);
  if (text)
    text[n] = '\0';
  cJSON *root = text ? cJSON_Parse(text) : NULL;
  free(text);
  if (!root)
    return -1;
  int bad = 0;
  *own = 0;
  first[0] = '\0';
  cJSON *event;
  cJSON_ArrayForEach(event, cJSON_GetObjectItem(root, "events")) {
    cJSON *params = cJSON_GetObjectItem(event, "params");
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(params, "url"));
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(params,
                                                               "network_isolation_key"));
    if (!url || !key)  // URL_REQUEST_START_JOB events carry both
      continue;
    if (!strncmp(url, "file:", 5) || !strncmp(url, "data:", 5))
      continue;
    if (strstr(key, "file://")) {
      if (!bad++)
        snprintf(first, len, "%s", url);
    } else {
      (*own)++;
    }
  }
  cJSON_Delete(root);
  return bad;
}
