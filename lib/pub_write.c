/*
 * pub_write.c - the front door of the writers: a format by its name, and
 * a single-file format written (gd_pub_write), after the input is ended.
 * The data package, a directory, is pub_package.c's.
 */
#include <string.h>

#include "gd/gd.h"
#include "gd/publish.h"
#include "pub_int.h"
#include "gd/banned.h"

int
gd_pub_format(const char *name, enum gd_pub_format *f)
{
	static const struct {
		const char *name;
		enum gd_pub_format f;
	} fmts[] = {
		{ "csv", GD_PUB_CSV }, { "ndjson", GD_PUB_NDJSON },
		{ "json", GD_PUB_JSON }, { "md", GD_PUB_MD },
		{ "markdown", GD_PUB_MD }, { "html", GD_PUB_HTML },
		{ "datapackage", GD_PUB_DATAPACKAGE },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (strcmp(fmts[i].name, name) == 0) {
			*f = fmts[i].f;
			return 0;
		}
	return -1;
}

int
gd_pub_write(struct gd_pub *p, enum gd_pub_format f, struct gd_out *out,
    struct gd_error *err)
{
	enum pub_table t = TB_RESPONSES;

	if (!p->finished && gd_pub_finish(p, err) == -1)
		return -1;
	switch (f) {
	case GD_PUB_CSV:
		if (p->o.what && pub_table_by_name(p->o.what, &t) == -1)
			return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
			    "--what: no table %s", p->o.what);
		if (p->o.bom && gd_out_write(out, "\xEF\xBB\xBF", 3, err) == -1)
			return -1;
		return pub_table_csv(p, t, out, err);
	case GD_PUB_NDJSON:
		return pub_ndjson(p, out, err);
	case GD_PUB_JSON:
		return pub_json(p, out, err);
	case GD_PUB_MD:
		return pub_report(p, 0, out, err);
	case GD_PUB_HTML:
		return pub_report(p, 1, out, err);
	case GD_PUB_DATAPACKAGE:
		break;
	}
	return gd_error_set(err, GD_EXIT_USAGE, NULL, 0, 0,
	    "a data package is a directory: give -o DIR");
}
