// How an MPI job ended badly, from mpirun's own words, in one sentence: a rank that
// called MPI_Abort, one that ended without MPI_Finalize, or (across hosts) a host
// where no daemon could start. mpirun's box about it
// (thirty lines of advice for every case at once) then leaves the stderr text.
#include <stdio.h>
#include <string.h>

#include "diagnose/diagnose.h"

// Removes from text every box of mpirun's (a block between two lines of dashes) that
// holds `words`.
static void
mpi_end_strip_box(char *text, const char *words)
{
  char *hit;
  while ((hit = strstr(text, words)) != NULL) {
    // The box's first line of dashes is the last one before the words, its last the
    // first one after them.
    char *open = NULL;
    for (char *s = strstr(text, "-----"); s && s < hit; s = strstr(s + 1, "-----"))
      if (s == text || s[-1] == '\n')
        open = s;
    char *close = strstr(hit, "\n-----");
    if (!open || !close)
      return;
    close += 1 + strcspn(close + 1, "\n");
    if (*close == '\n')
      close++;
    memmove(open, close, strlen(close) + 1);
  }
}

int
mpi_end_read(char *text, char *what, size_t len)
{
  what[0] = '\0';
  if (!text)
    return 0;
  int rank = -1, code = 0;
  const char *at = strstr(text, "MPI_ABORT was invoked on rank ");
  if (at && sscanf(at, "MPI_ABORT was invoked on rank %d in communicator %*s with "
                       "errorcode %d", &rank, &code) == 2) {
    snprintf(what, len, "rank %d called MPI_Abort with error code %d, which stops every "
             "rank at once: the program gave up on purpose, and the lines it printed "
             "before that say why", rank, code);
    mpi_end_strip_box(text, "MPI_ABORT was invoked");
    return 1;
  }
  at = strstr(text, "has exited due to process rank ");
  if (at && sscanf(at, "has exited due to process rank %d", &rank) == 1 &&
      strstr(at, "exiting improperly")) {
    snprintf(what, len, "rank %d ended without calling MPI_Finalize (a return from "
             "main, or an exit(), before it on that rank): every rank must call "
             "MPI_Finalize once, after its last MPI call, before it ends", rank);
    mpi_end_strip_box(text, "exiting improperly");
    return 1;
  }
  // Across hosts (--hostfile): the agent could not start a daemon on some host; what
  // the agent said (ssh's reason) stays, as the last lines on stderr.
  if (strstr(text, "ORTE was unable to reliably start one or more daemons")) {
    snprintf(what, len, "mpirun could not start its daemon on every host of the host "
             "file: a set-up problem, not the program's. Check that each host is "
             "reachable the way mpirun reaches it (ssh as root, or the agent in "
             "OMPI_MCA_plm_rsh_agent) and has the project at the same path");
    mpi_end_strip_box(text, "ORTE was unable to reliably start");
    mpi_end_strip_box(text, "ORTE does not know how to route");
    return 1;
  }
  return 0;
}
