#ifndef LEADMAIL_CLIBPQ_SHIM_H
#define LEADMAIL_CLIBPQ_SHIM_H

// libpq, PostgreSQL's own synchronous client library (Debian's libpq-dev); found with pkg-config libpq.
#include <libpq-fe.h>

#endif
