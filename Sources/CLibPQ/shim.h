#ifndef KEFU_CLIBPQ_SHIM_H
#define KEFU_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client (Debian libpq-dev). pkg-config adds -I/usr/include/postgresql.
#include <libpq-fe.h>
#include <poll.h>

// The NOTICE processor that drops notices: libpq prints them on stderr by default, which would
// write over the inbox's screen ("relation already exists, skipping").
static inline void kefu_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void kefu_pq_silence_notices(PGconn *conn) { PQsetNoticeProcessor(conn, kefu_pq_ignore_notice, 0); }
#endif
