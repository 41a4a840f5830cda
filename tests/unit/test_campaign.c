/*
 * test_campaign.c - the campaign finder's contract: copies and folded
 * variants are one campaign whatever order they are given in, unrelated
 * and short texts are not, the text given is read back as it was, and
 * nothing is taken after find.
 */
#include <stddef.h>
#include <string.h>

#include "gd/gd.h"
#include "t.h"

static const char *const texts[] = {
	/* 0, 1, 2: one campaign.  1 is 0 with other case, punctuation,
	 * a fullwidth word and a letter with a stroke folded; 2 is 0. */
	"Please keep the Orsted library open on Sundays and during the "
	    "school holidays.",
	"PLEASE keep the \xc3\x98rsted \xef\xbd\x8c\xef\xbd\x89\xef\xbd\x82"
	    "\xef\xbd\x92\xef\xbd\x81\xef\xbd\x92\xef\xbd\x99 open on sundays, "
	    "and during the school holidays!",
	"Please keep the Orsted library open on Sundays and during the "
	    "school holidays.",
	/* 3: unrelated; 4: too short to compare. */
	"The bus timetable changes in May are confusing for older "
	    "residents who do not use apps.",
	"Agreed, thanks.",
};

#define NT (sizeof(texts) / sizeof(texts[0]))

TEST(campaign_copies_folded_any_order)
{
	size_t rank[NT + 1], i;
	struct gd_campaigns *c;
	struct gd_buf b;
	struct gd_error err;

	gd_buf_init(&b, 0);
	T_OK((c = gd_campaigns_new(NULL, &err)) != NULL);
	if (c == NULL)
		return;
	/* Given last to first; response NT (a stub) is given no text. */
	for (i = NT; i-- > 0;)
		T_EQ_INT(gd_campaigns_put(c, i, texts[i], strlen(texts[i]),
		    &err), 0);
	for (i = 0; i <= NT; i++)
		rank[i] = i;
	T_EQ_INT(gd_campaigns_find(c, rank, NT + 1, &err), 0);
	T_EQ_INT(gd_campaigns_count_found(c), 1);
	T_EQ_INT(gd_campaign_of(c, 0), 0);
	T_EQ_INT(gd_campaign_of(c, 1), 0);
	T_EQ_INT(gd_campaign_of(c, 2), 0);
	T_EQ_INT(gd_campaign_of(c, 3), -1);
	T_EQ_INT(gd_campaign_of(c, 4), -1);
	T_EQ_INT(gd_campaign_of(c, NT), -1);
	/* Folded, 0 and 1 compare as the same words. */
	T_OK(gd_campaign_text_hash(c, 0) != 0);
	T_OK(gd_campaign_text_hash(c, 0) == gd_campaign_text_hash(c, 1));
	T_OK(gd_campaign_text_hash(c, 3) != gd_campaign_text_hash(c, 0));
	T_EQ_INT(gd_campaign_text_hash(c, 4), 0);
	/* Each text as it was given, copies included. */
	for (i = 0; i < NT; i++) {
		T_EQ_INT(gd_campaigns_text(c, i, &b, &err), 0);
		T_EQ_MEM(b.data, b.len, texts[i]);
	}
	T_EQ_INT(gd_campaigns_text(c, NT, &b, &err), -1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_EQ_INT(err.nomem, 0);
	/* Found: nothing more is taken. */
	T_EQ_INT(gd_campaigns_put(c, NT + 1, texts[0], strlen(texts[0]),
	    &err), -1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	T_EQ_INT(gd_campaigns_find(c, rank, NT + 1, &err), -1);
	T_EQ_INT(err.code, GD_EXIT_IO);
	gd_campaigns_free(c);
	gd_buf_release(&b);
}

TEST(campaign_numbered_by_rank)
{
	/* Two campaigns: the one whose first member comes first by rank
	 * is c0 (number 0), whatever the input order. */
	static const char *const a = "We ask the council to plant more trees "
	    "along the river path this autumn.";
	static const char *const z = "Stop the new car park on the green, it "
	    "is the only open space left here.";
	size_t rank[6] = { 5, 4, 3, 2, 1, 0 };
	struct gd_campaigns *c;
	struct gd_error err;
	size_t i;

	T_OK((c = gd_campaigns_new(NULL, &err)) != NULL);
	if (c == NULL)
		return;
	for (i = 0; i < 6; i++)
		T_EQ_INT(gd_campaigns_put(c, i, i < 3 ? a : z, strlen(i < 3 ?
		    a : z), &err), 0);
	T_EQ_INT(gd_campaigns_find(c, rank, 6, &err), 0);
	T_EQ_INT(gd_campaigns_count_found(c), 2);
	T_EQ_INT(gd_campaign_of(c, 5), 0);
	T_EQ_INT(gd_campaign_of(c, 0), 1);
	gd_campaigns_free(c);
}
