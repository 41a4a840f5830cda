/*
 * presets.c - the built-in mappings (gd-ingest --preset).
 *
 * Each preset is an ordinary mapping file kept as text, so that
 * `gd-ingest --print-preset NAME` shows exactly what it does and a user
 * can start a mapping of their own from it.  Column names come from the
 * platforms' documented exports and from real files; where a platform's
 * wording is not known for sure, the preset lists alternatives or matches
 * a part of the header ({"contains": ...}).
 */
#include <string.h>

#include "gd/gd.h"

struct preset {
	const char *name;
	const char *text;
};

static const struct preset presets[] = {
{ "citizen-space",
"{\n"
"  \"name\": \"citizen-space\",\n"
"  \"description\": \"Citizen Space (Delib) spreadsheet export or Data API JSON\",\n"
"  \"header_row\": \"auto\",\n"
"  \"id\": [\"Response ID\", \"Unique ID\", \"Response Id\", \"id\"],\n"
"  \"submitted\": {\"column\": [\"Submitted\", \"Submitted on\", \"Date submitted\",\n"
"      \"Last modified\"], \"order\": \"dmy\"},\n"
"  \"respondent\": {\n"
"    \"name\": [{\"contains\": \"name_subquestion\"}, \"Name\", \"Full name\",\n"
"      \"What is your name?\", {\"contains\": \"your name\"}],\n"
"    \"email\": [{\"contains\": \"email_subquestion\"}, \"Email\", \"Email address\",\n"
"      \"What is your email address?\", {\"contains\": \"email\"}],\n"
"    \"organisation\": [{\"contains\": \"organisation_subquestion\"},\n"
"      \"Organisation\", \"Organisation name\", \"What is your organisation?\",\n"
"      {\"contains\": \"your organisation\"}],\n"
"    \"type\": {\"column\": [{\"contains\": \"responding as\"},\n"
"      {\"contains\": \"respondent type\"}, {\"contains\": \"on behalf of\"}],\n"
"      \"values\": {\"As an individual\": \"citizen\", \"Individual\": \"citizen\",\n"
"        \"On behalf of an organisation\": \"organisation\",\n"
"        \"Organisation\": \"organisation\"},\n"
"      \"absent\": \"unknown\"}\n"
"  },\n"
"  \"consent\": {\"column\": [{\"contains\": \"publish\"}],\n"
"    \"values\": {\"Publish response in full\": \"named\",\n"
"      \"Publish response with name\": \"named\",\n"
"      \"Publish anonymously\": \"anonymous\",\n"
"      \"Publish response only (without name)\": \"anonymous\",\n"
"      \"Do not publish\": \"withheld\", \"Do not publish response\": \"withheld\",\n"
"      \"No, I do not want my comments published.\": \"withheld\",\n"
"      \"Yes\": \"named\", \"No\": \"withheld\"},\n"
"    \"absent\": \"withheld\"},\n"
"  \"missing\": [\"N/A\", \"Not Answered\"],\n"
"  \"extra\": [{\"contains\": \"__userinfo_\"}, \"completed\", \"deleted\"],\n"
"  \"unmapped\": \"answers\"\n"
"}\n" },
{ "consul",
"{\n"
"  \"name\": \"consul\",\n"
"  \"description\": \"CONSUL Democracy (e.g. Decide Madrid) comments or proposals CSV\",\n"
"  \"id\": [\"id\"],\n"
"  \"submitted\": {\"join\": [[\"date\", \"created_at\"], [\"time\"]], \"sep\": \" \",\n"
"    \"order\": \"dmy\"},\n"
"  \"respondent\": {\n"
"    \"id\": [\"userId\", \"author_id\"],\n"
"    \"type\": {\"column\": [\"userType\", \"isAssociation\"],\n"
"      \"values\": {\"Empleados públicos\": \"public_employee\",\n"
"        \"Colectivo\": \"ngo\", \"Autor\": \"citizen\",\n"
"        \"1\": \"ngo\", \"0\": \"citizen\"},\n"
"      \"absent\": \"citizen\"}\n"
"  },\n"
"  \"consent\": {\"value\": \"anonymous\"},\n"
"  \"moderation\": [{\"column\": [\"hidden_at\"], \"present\": \"rejected\"},\n"
"    {\"column\": [\"retired_at\"], \"present\": \"retired\",\n"
"      \"absent\": \"accepted\"}],\n"
"  \"comments\": {\"title\": [\"title\"], \"summary\": [\"summary\"],\n"
"    \"text\": [\"text\", \"body\"],\n"
"    \"description\": {\"column\": [\"description\"], \"html\": true}},\n"
"  \"drop\": [\"column_1\"]\n"
"}\n" },
{ "decidim",
"{\n"
"  \"name\": \"decidim\",\n"
"  \"description\": \"Decidim survey (form) answers export, CSV or JSON\",\n"
"  \"id\": [\"id\", \"session_token\"],\n"
"  \"submitted\": {\"column\": [\"created_at\"], \"order\": \"dmy\"},\n"
"  \"respondent\": {\"type\": {\"value\": \"unknown\"}},\n"
"  \"consent\": {\"value\": \"withheld\"},\n"
"  \"extra\": [\"ip_hash\", \"user_status\"],\n"
"  \"unmapped\": \"answers\"\n"
"}\n" },
{ "eu-have-your-say",
"{\n"
"  \"name\": \"eu-have-your-say\",\n"
"  \"description\": \"EU Have Your Say feedback (API JSON pages, or CSV with the API's field names in any case convention: userType, user_type)\",\n"
"  \"id\": [\"id\"],\n"
"  \"consultation\": {\"column\": [\"referenceInitiative\"]},\n"
"  \"submitted\": {\"column\": [\"dateFeedback\"], \"order\": \"dmy\"},\n"
"  \"respondent\": {\n"
"    \"name\": {\"join\": [[\"firstName\"], [\"surname\"]], \"sep\": \" \"},\n"
"    \"organisation\": [\"organization\"],\n"
"    \"country\": [\"country\"],\n"
"    \"type\": {\"column\": [\"userType\"], \"absent\": \"unknown\"}\n"
"  },\n"
"  \"consent\": {\"column\": [\"publication\"],\n"
"    \"values\": {\"WITHINFO\": \"named\", \"PUBLIC\": \"named\",\n"
"      \"ANONYMOUS\": \"anonymous\", \"PRIVATE\": \"withheld\"},\n"
"    \"absent\": \"named\"},\n"
"  \"moderation\": {\"column\": [\"status\"],\n"
"    \"values\": {\"PUBLISHED\": \"accepted\", \"REJECTED\": \"rejected\"}},\n"
"  \"comments\": {\"feedback\": [\"feedback\"]}\n"
"}\n" },
{ "polis",
"{\n"
"  \"name\": \"polis\",\n"
"  \"description\": \"Polis conversation export (comments.csv) or the Polis API's comments JSON (tid, txt, created, moderated)\",\n"
"  \"id\": [\"comment-id\", \"tid\"],\n"
"  \"submitted\": {\"column\": [\"timestamp\", \"created\"]},\n"
"  \"respondent\": {\"id\": [\"author-id\", \"pid\"],\n"
"    \"type\": {\"value\": \"unknown\"}},\n"
"  \"consent\": {\"value\": \"anonymous\"},\n"
"  \"moderation\": {\"column\": [\"moderated\", \"mod\"],\n"
"    \"values\": {\"-1\": \"rejected\", \"0\": \"pending\", \"1\": \"accepted\"}},\n"
"  \"comments\": {\"comment\": [\"comment-body\", \"txt\"]}\n"
"}\n" },
{ "regulations-gov",
"{\n"
"  \"name\": \"regulations-gov\",\n"
"  \"description\": \"Regulations.gov docket export (legacy, with preamble) or bulk download CSV\",\n"
"  \"header_row\": \"auto\",\n"
"  \"id\": [\"Document ID\"],\n"
"  \"consultation\": {\"column\": [\"Docket ID\"]},\n"
"  \"submitted\": {\"column\": [\"Received Date\", \"Posted Date\"], \"order\": \"mdy\"},\n"
"  \"respondent\": {\n"
"    \"name\": {\"join\": [\n"
"      {\"column\": [\"Submitter First Name\", \"First Name\"], \"missing\": [\"anonymous\"]},\n"
"      {\"column\": [\"Submitter Last Name\", \"Last Name\"], \"missing\": [\"anonymous\"]}],\n"
"      \"sep\": \" \"},\n"
"    \"organisation\": [\"Organization\", \"Organization Name\"],\n"
"    \"country\": [\"Country\"],\n"
"    \"type\": {\"column\": [\"Organization\", \"Organization Name\"],\n"
"      \"present\": \"organisation\", \"absent\": \"citizen\"}\n"
"  },\n"
"  \"consent\": {\"value\": \"named\"},\n"
"  \"comments\": {\"comment\": [\"Comment\", \"Text Comment\"]},\n"
"  \"missing\": [\"N/A\"]\n"
"}\n" },
{ NULL, NULL }
};

const char *
gd_map_preset_text(const char *name)
{
	const struct preset *p;

	for (p = presets; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p->text;
	return NULL;
}

const char *const *
gd_map_preset_names(void)
{
	static const char *names[sizeof(presets) / sizeof(presets[0])];
	size_t i;

	for (i = 0; presets[i].name; i++)
		names[i] = presets[i].name;
	names[i] = NULL;
	return names;
}
