/*
 * gd.h - the gd library: everything the gd tools share.
 */
#ifndef GD_GD_H
#define GD_GD_H

#define GD_VERSION "0.1.0"

#include "error.h"
#include "buf.h"
#include "hash.h"
#include "utf8.h"
#include "jsonw.h"
#include "output.h"
#include "cleanup.h"
#include "spool.h"
#include "source.h"
#include "lines.h"
#include "row.h"
#include "csvin.h"
#include "sheet.h"
#include "jsonin.h"
#include "jscan.h"
#include "jload.h"
#include "record.h"
#include "date.h"
#include "labels.h"
#include "country.h"
#include "mapping.h"
#include "reject.h"
#include "join.h"
#include "textnorm.h"
#include "detect.h"
#include "pseudonym.h"
#include "redact.h"
#include "campaign.h"
#include "html.h"
#include "stats.h"
#include "tally.h"
#include "ingest.h"

/* Last, after every system header: see banned.h. */
#include "banned.h"

#endif
