// libpq, PostgreSQL's C client (Debian: libpq-dev). Only G3Warehouse imports this module.
#include <libpq-fe.h>
