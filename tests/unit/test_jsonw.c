/*
 * test_jsonw.c - the JSON writer: escaping (every control character,
 * quote, backslash, UTF-8 passing through, the 8-byte fast path at every
 * boundary), nesting and commas, keys, integers, reals through
 * gd_jw_json, sticky errors.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "gd/gd.h"
#include "t.h"

#define S(x)	(x), (sizeof(x) - 1)

/* The escape of s, written byte by byte as a reference. */
static void
ref_escape(struct gd_buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '"': gd_buf_adds(b, "\\\""); break;
		case '\\': gd_buf_adds(b, "\\\\"); break;
		case '\b': gd_buf_adds(b, "\\b"); break;
		case '\f': gd_buf_adds(b, "\\f"); break;
		case '\n': gd_buf_adds(b, "\\n"); break;
		case '\r': gd_buf_adds(b, "\\r"); break;
		case '\t': gd_buf_adds(b, "\\t"); break;
		default:
			if (s[i] < 0x20)
				gd_buf_addf(b, "\\u%04x", s[i]);
			else
				gd_buf_addc(b, (char)s[i]);
		}
	}
}

/* Escapes s with gd_json_escape into a fresh buffer: the caller frees. */
static void
esc(struct gd_buf *b, const char *s, size_t n)
{
	gd_buf_init(b, 0);
	if (gd_json_escape(b, s, n) != 0)
		t_fail(__FILE__, __LINE__, "gd_json_escape failed");
}

/* Parses a JSON text (any value), or fails the test. */
static json_t *
parse(const char *s, size_t n, const char *file, int line)
{
	json_error_t je;
	json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);

	if (v == NULL)
		t_fail(file, line, "not JSON (%s): %.*s", je.text, (int)n, s);
	return v;
}

TEST(jw_escape_every_control_char)
{
	static const char *const want[32] = {
		"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004",
		"\\u0005", "\\u0006", "\\u0007", "\\b", "\\t", "\\n",
		"\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010",
		"\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015",
		"\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
		"\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
	};
	struct gd_buf b;
	char c;
	int i;

	for (i = 0; i < 32; i++) {
		c = (char)i;
		esc(&b, &c, 1);
		if (b.len != strlen(want[i]) || memcmp(b.data, want[i],
		    b.len) != 0)
			t_fail(__FILE__, __LINE__, "0x%02x -> \"%s\", expected "
			    "\"%s\"", i, b.data ? b.data : "", want[i]);
		gd_buf_release(&b);
	}
}

TEST(jw_escape_quote_backslash_and_plain_ascii)
{
	struct gd_buf b;
	char all[96];
	int i;

	esc(&b, S("say \"hi\" \\o/"));
	T_EQ_STR(b.data, "say \\\"hi\\\" \\\\o/");
	gd_buf_release(&b);

	/* Every printable ASCII byte and DEL are copied as they are, except
	 * the quote and the backslash (slash is not escaped). */
	for (i = 0; i < 96; i++)
		all[i] = (char)(0x20 + i);
	esc(&b, all, sizeof(all));
	T_EQ_INT(b.len, 96 + 2);
	T_OK(memcmp(b.data, all, 2) == 0);		/* " !" */
	T_OK(memcmp(b.data + 2, "\\\"", 2) == 0);
	T_OK(memcmp(b.data + 4, all + 3, 0x5c - 0x23) == 0);
	T_OK(memcmp(b.data + 4 + 0x5c - 0x23, "\\\\", 2) == 0);
	T_OK(memcmp(b.data + 6 + 0x5c - 0x23, all + 0x3d, 96 - 0x3d) == 0);
	T_OK(b.data[b.len - 1] == 0x7f);
	gd_buf_release(&b);
}

TEST(jw_escape_utf8_passes_through)
{
	static const char u[] = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80 "
	    "\xe4\xb8\xad\xe6\x96\x87 \xef\xbf\xbf \xc2\x80 \xf4\x8f\xbf\xbf";
	struct gd_buf b;

	esc(&b, S(u));
	T_EQ_MEM(b.data, b.len, u);
	gd_buf_release(&b);

	/* Bytes whose low 7 bits are a quote, backslash or control
	 * character are not escaped: only the ASCII ones are. */
	esc(&b, S("\xa2\xdc\x80\x8a\x9f\xc2\xa2\xc3\x9c"));
	T_EQ_MEM(b.data, b.len, "\xa2\xdc\x80\x8a\x9f\xc2\xa2\xc3\x9c");
	gd_buf_release(&b);
}

TEST(jw_escape_appends_and_terminates)
{
	struct gd_buf b;

	gd_buf_init(&b, 0);
	T_EQ_INT(gd_buf_adds(&b, "pre:"), 0);
	T_EQ_INT(gd_json_escape(&b, S("a\tb")), 0);
	T_EQ_STR(b.data, "pre:a\\tb");
	T_EQ_INT(b.len, 8);
	T_EQ_INT(gd_json_escape(&b, "", 0), 0);
	T_EQ_INT(b.len, 8);
	T_OK(b.data[b.len] == '\0');
	gd_buf_release(&b);
}

/* Strings of 0..40 bytes with one special byte at every position: the
 * 8-byte fast path must find it wherever it is. */
TEST(jw_escape_fast_path_boundaries)
{
	static const unsigned char special[] = { '"', '\\', '\n', 0x00,
	    0x01, 0x1f, '\t', 0x7f, 0x80, 0xa2, 0xdc, 0xff, ' ', 0x21 };
	unsigned char s[48];
	struct gd_buf got, want;
	size_t len, pos, k, fails = 0;

	for (len = 0; len <= 40; len++) {
		for (k = 0; k < sizeof(special); k++) {
			for (pos = 0; pos < (len ? len : 1); pos++) {
				memset(s, 'a', sizeof(s));
				if (len)
					s[pos] = special[k];
				/* A second special byte at the end too. */
				if (len > 1 && pos != len - 1)
					s[len - 1] = special[(k + 1) %
					    sizeof(special)];
				gd_buf_init(&got, 0);
				gd_buf_init(&want, 0);
				gd_buf_add(&want, "", 0);
				ref_escape(&want, s, len);
				if (gd_json_escape(&got, (const char *)s, len)
				    != 0 || got.len != want.len ||
				    memcmp(got.data, want.data, got.len) != 0) {
					if (fails++ < 5)
						t_fail(__FILE__, __LINE__,
						    "len %zu pos %zu byte "
						    "0x%02x: \"%s\", expected "
						    "\"%s\"",
						    len, pos, special[k],
						    got.data ? got.data : "",
						    want.data);
				}
				gd_buf_release(&got);
				gd_buf_release(&want);
			}
		}
	}
	T_EQ_INT(fails, 0);
}

/* Every byte value at every position of a 17-byte window. */
TEST(jw_escape_every_byte_every_position)
{
	unsigned char s[17];
	struct gd_buf got, want;
	size_t pos, fails = 0;
	int c;

	for (c = 0; c < 256; c++) {
		for (pos = 0; pos < sizeof(s); pos++) {
			memset(s, 'x', sizeof(s));
			s[pos] = (unsigned char)c;
			gd_buf_init(&got, 0);
			gd_buf_init(&want, 0);
			ref_escape(&want, s, sizeof(s));
			if (gd_json_escape(&got, (const char *)s, sizeof(s))
			    != 0 || got.len != want.len || memcmp(got.data,
			    want.data, got.len) != 0)
				fails++;
			gd_buf_release(&got);
			gd_buf_release(&want);
		}
	}
	T_EQ_INT(fails, 0);
}

TEST(jw_escape_round_trips_through_jansson)
{
	char s[300];
	struct gd_buf b;
	json_t *v;
	size_t i;

	/* Every byte 0..127, plus some UTF-8. */
	for (i = 0; i < 128; i++)
		s[i] = (char)i;
	memcpy(s + 128, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	gd_buf_init(&b, 0);
	gd_buf_addc(&b, '"');
	T_EQ_INT(gd_json_escape(&b, s, 137), 0);
	gd_buf_addc(&b, '"');
	v = parse(b.data, b.len, __FILE__, __LINE__);
	if (v) {
		T_OK(json_is_string(v));
		T_EQ_INT(json_string_length(v), 137);
		T_OK(memcmp(json_string_value(v), s, 137) == 0);
		json_decref(v);
	}
	gd_buf_release(&b);
}

/* The escape of a string whose escaped text fits the buffer's cap must
 * succeed: only the text written counts against the cap. */
TEST(jw_escape_capped_buffer_when_result_fits)
{
	struct gd_buf b;

	gd_buf_init(&b, 100);
	T_EQ_INT(gd_json_escape(&b, S("abcdefghijabcdefghij")), 0);
	T_EQ_STR(b.data ? b.data : "", "abcdefghijabcdefghij");
	gd_buf_release(&b);

	gd_buf_init(&b, 10);
	T_EQ_INT(gd_json_escape(&b, S("a\"b")), 0);	/* 4 bytes */
	T_EQ_STR(b.data ? b.data : "", "a\\\"b");
	gd_buf_release(&b);
}

TEST(jw_escape_capped_buffer_when_result_does_not_fit)
{
	struct gd_buf b;

	gd_buf_init(&b, 10);
	T_EQ_INT(gd_buf_adds(&b, "12345"), 0);
	T_EQ_INT(gd_json_escape(&b, S("\x01\x02")), -1);	/* 12 bytes */
	T_EQ_INT(b.len, 5);
	T_EQ_STR(b.data, "12345");
	gd_buf_release(&b);
}

/* Writes with jw into b and compares. */
#define JW_BEGIN(b, jw) do { gd_buf_init(&(b), 0); gd_jw_init(&(jw), &(b)); \
	} while (0)
#define JW_CHECK(b, jw, want) do { T_EQ_INT((jw).err, 0); \
	T_EQ_STR((b).data ? (b).data : "", (want)); gd_buf_release(&(b)); \
	} while (0)

TEST(jw_empty_containers)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "{}");

	JW_BEGIN(b, jw);
	gd_jw_arr_open(&jw);
	gd_jw_arr_close(&jw);
	JW_CHECK(b, jw, "[]");

	JW_BEGIN(b, jw);
	gd_jw_arr_open(&jw);
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	gd_jw_arr_open(&jw);
	gd_jw_arr_close(&jw);
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	gd_jw_arr_close(&jw);
	JW_CHECK(b, jw, "[{},[],{}]");
}

TEST(jw_commas_and_nesting)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "a");
	gd_jw_int(&jw, 1);
	gd_jw_keyz(&jw, "b");
	gd_jw_arr_open(&jw);
	gd_jw_strz(&jw, "x");
	gd_jw_int(&jw, 2);
	gd_jw_bool(&jw, 1);
	gd_jw_bool(&jw, 0);
	gd_jw_null(&jw);
	gd_jw_arr_open(&jw);
	gd_jw_arr_close(&jw);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "k");
	gd_jw_raw(&jw, S("[1,2]"));
	gd_jw_obj_close(&jw);
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "c");
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "d");
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	gd_jw_keyz(&jw, "e");
	gd_jw_strz(&jw, "");
	gd_jw_obj_close(&jw);
	gd_jw_keyz(&jw, "f");
	gd_jw_null(&jw);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "{\"a\":1,\"b\":[\"x\",2,true,false,null,[],"
	    "{\"k\":[1,2]}],\"c\":{\"d\":{},\"e\":\"\"},\"f\":null}");
}

TEST(jw_top_level_values_are_comma_separated)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_strz(&jw, "a");
	T_EQ_STR(b.data, "\"a\"");
	gd_buf_release(&b);

	/* A new writer on a non-empty buffer appends. */
	gd_buf_init(&b, 0);
	gd_buf_adds(&b, "X");
	gd_jw_init(&jw, &b);
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "X{}");
}

TEST(jw_deep_nesting)
{
	struct gd_buf b;
	struct gd_jw jw;
	json_t *v;
	int i;

	JW_BEGIN(b, jw);
	for (i = 0; i < 40; i++) {
		gd_jw_arr_open(&jw);
		gd_jw_int(&jw, i);
		gd_jw_obj_open(&jw);
		gd_jw_keyz(&jw, "k");
		gd_jw_strz(&jw, "v");
		gd_jw_obj_close(&jw);
		if (i % 2)
			gd_jw_arr_open(&jw), gd_jw_arr_close(&jw);
	}
	for (i = 0; i < 40; i++) {
		gd_jw_null(&jw);
		gd_jw_arr_close(&jw);
	}
	T_EQ_INT(jw.err, 0);
	T_EQ_INT(jw.depth, 0);
	v = parse(b.data, b.len, __FILE__, __LINE__);
	json_decref(v);
	T_OK(strncmp(b.data, "[0,{\"k\":\"v\"},[1,{\"k\":\"v\"},[],[2,", 31)
	    == 0);
	gd_buf_release(&b);
}

TEST(jw_too_deep_is_an_error_not_an_overflow)
{
	struct gd_buf b;
	struct gd_jw jw;
	int i;

	JW_BEGIN(b, jw);
	for (i = 0; i < 200; i++)
		gd_jw_arr_open(&jw);
	T_EQ_INT(jw.err, 1);
	T_OK(jw.depth < GD_JW_DEPTH);
	gd_buf_release(&b);
}

TEST(jw_keys)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_obj_open(&jw);
	gd_jw_key(&jw, S("q\"uo\\te\n\x01"));
	gd_jw_int(&jw, 1);
	gd_jw_keylit(&jw, "lit", 3);
	gd_jw_int(&jw, 2);
	gd_jw_keyenc(&jw, S("\"enc\\u0041\":"));
	gd_jw_int(&jw, 3);
	gd_jw_keyz(&jw, "z");
	gd_jw_strz(&jw, "4");
	gd_jw_key(&jw, S("\xc3\xa9t\xc3\xa9"));
	gd_jw_str(&jw, S("\xe2\x82\xac"));
	gd_jw_key(&jw, "", 0);
	gd_jw_str(&jw, "", 0);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "{\"q\\\"uo\\\\te\\n\\u0001\":1,\"lit\":2,"
	    "\"enc\\u0041\":3,\"z\":\"4\","
	    "\"\xc3\xa9t\xc3\xa9\":\"\xe2\x82\xac\","
	    "\"\":\"\"}");
}

TEST(jw_keys_then_containers)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "a");
	gd_jw_arr_open(&jw);
	gd_jw_arr_close(&jw);
	gd_jw_keyz(&jw, "b");
	gd_jw_obj_open(&jw);
	gd_jw_obj_close(&jw);
	gd_jw_keyz(&jw, "c");
	gd_jw_arr_open(&jw);
	gd_jw_strz(&jw, "1");
	gd_jw_strz(&jw, "2");
	gd_jw_arr_close(&jw);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "{\"a\":[],\"b\":{},\"c\":[\"1\",\"2\"]}");
}

TEST(jw_strings_with_embedded_nul_and_length)
{
	struct gd_buf b;
	struct gd_jw jw;

	JW_BEGIN(b, jw);
	gd_jw_arr_open(&jw);
	gd_jw_str(&jw, "a\0b", 3);
	gd_jw_str(&jw, "abcdef", 3);	/* only n bytes */
	gd_jw_arr_close(&jw);
	JW_CHECK(b, jw, "[\"a\\u0000b\",\"abc\"]");
}

TEST(jw_ints)
{
	static const struct { long long v; const char *want; } c[] = {
		{ 0, "0" }, { 1, "1" }, { -1, "-1" }, { 9, "9" }, { 10, "10" },
		{ -10, "-10" }, { 1234567890123LL, "1234567890123" },
		{ LLONG_MAX, "9223372036854775807" },
		{ LLONG_MIN, "-9223372036854775808" },
		{ LLONG_MIN + 1, "-9223372036854775807" },
	};
	struct gd_buf b;
	struct gd_jw jw;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		JW_BEGIN(b, jw);
		gd_jw_int(&jw, c[i].v);
		JW_CHECK(b, jw, c[i].want);
	}
	JW_BEGIN(b, jw);
	gd_jw_arr_open(&jw);
	gd_jw_int(&jw, LLONG_MIN);
	gd_jw_int(&jw, LLONG_MAX);
	gd_jw_arr_close(&jw);
	JW_CHECK(b, jw, "[-9223372036854775808,9223372036854775807]");
}

/* Writes v with gd_jw_json and parses the text back with jansson. */
static json_t *
jw_round_trip(const json_t *v, struct gd_buf *b)
{
	struct gd_jw jw;

	gd_buf_init(b, 0);
	gd_jw_init(&jw, b);
	gd_jw_json(&jw, v);
	if (jw.err)
		t_fail(__FILE__, __LINE__, "gd_jw_json failed");
	return parse(b->data ? b->data : "", b->len, __FILE__, __LINE__);
}

TEST(jw_json_reals_round_trip)
{
	static const double d[] = {
		0.0, -0.0, 1.0, -1.0, 3.0, 0.1, 0.2, 0.3, 1.0 / 3.0,
		2.0 / 3.0, 1e300, -1e300, 1e-300, 2.5e-308, 5e-324, DBL_MAX,
		-DBL_MAX, DBL_MIN, 123456789012345678.0, 1e15, 1e16, 1e17,
		1e21, 9007199254740993.0, 0.000001, 1.7976931348623157e308,
		3.141592653589793, 2.718281828459045, 100.0, 1e22, 4.35,
		0.1 + 0.2, 1234.5678,
	};
	struct gd_buf b;
	json_t *in, *out;
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		in = json_real(d[i]);
		out = jw_round_trip(in, &b);
		if (out == NULL || !json_is_real(out))
			t_fail(__FILE__, __LINE__, "%.17g -> \"%s\": not a "
			    "JSON real", d[i], b.data ? b.data : "");
		else if (json_real_value(out) != d[i] ||
		    signbit(json_real_value(out)) != signbit(d[i]))
			t_fail(__FILE__, __LINE__, "%.17g -> \"%s\" -> %.17g",
			    d[i], b.data, json_real_value(out));
		json_decref(in);
		json_decref(out);
		gd_buf_release(&b);
	}
}

TEST(jw_json_reals_shortest_text)
{
	static const struct { double d; const char *want; } c[] = {
		{ 0.1, "0.1" }, { 3.0, "3.0" }, { -2.0, "-2.0" },
		{ 0.0, "0.0" }, { 1.5, "1.5" }, { 1e300, "1e+300" },
		{ 0.30000000000000004, "0.30000000000000004" },
	};
	struct gd_buf b;
	struct gd_jw jw;
	json_t *v;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		v = json_real(c[i].d);
		JW_BEGIN(b, jw);
		gd_jw_json(&jw, v);
		JW_CHECK(b, jw, c[i].want);
		json_decref(v);
	}
}

TEST(jw_json_values_round_trip)
{
	static const char text[] = "{\"z\":1,\"a\":[true,false,null,-5,"
	    "\"s\\u0000\\\"\\\\\\n\\u001f\xc3\xa9\",2.5,{},[],[[{\"x\":{}}]]],"
	    "\"m\":{\"k\\\"ey\":\"v\",\"n\":-9223372036854775808},"
	    "\"\":\"\"}";
	struct gd_buf b;
	json_error_t je;
	json_t *in, *out;

	in = json_loads(text, JSON_ALLOW_NUL, &je);
	T_OK(in != NULL);
	if (in == NULL)
		return;
	out = jw_round_trip(in, &b);
	T_OK(out != NULL && json_equal(in, out));
	/* Keys in their stored order, the same escaping as the writer: the
	 * compact input comes back byte for byte. */
	T_EQ_STR(b.data ? b.data : "", text);
	json_decref(in);
	json_decref(out);
	gd_buf_release(&b);
}

TEST(jw_json_inside_writer_context)
{
	struct gd_buf b;
	struct gd_jw jw;
	json_t *v = json_pack("[i,s]", 1, "two");

	JW_BEGIN(b, jw);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "a");
	gd_jw_json(&jw, v);
	gd_jw_keyz(&jw, "b");
	gd_jw_json(&jw, v);
	gd_jw_obj_close(&jw);
	JW_CHECK(b, jw, "{\"a\":[1,\"two\"],\"b\":[1,\"two\"]}");
	json_decref(v);
}

TEST(jw_errors_are_sticky)
{
	struct gd_buf b;
	struct gd_jw jw;
	size_t len;

	gd_buf_init(&b, 16);
	gd_jw_init(&jw, &b);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "k");
	T_EQ_INT(jw.err, 0);
	gd_jw_strz(&jw, "a string much longer than the cap");
	T_EQ_INT(jw.err, 1);
	len = b.len;
	T_OK(len <= 16);
	/* Later calls do nothing. */
	gd_jw_int(&jw, 1);
	gd_jw_keyz(&jw, "x");
	gd_jw_raw(&jw, "1", 1);
	gd_jw_obj_close(&jw);
	T_EQ_INT(jw.err, 1);
	T_EQ_INT(b.len, len);
	gd_buf_release(&b);

	/* A key over the cap. */
	gd_buf_init(&b, 8);
	gd_jw_init(&jw, &b);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "a-long-key");
	T_EQ_INT(jw.err, 1);
	gd_buf_release(&b);

	/* Exactly at the cap is fine. */
	gd_buf_init(&b, 7);
	gd_jw_init(&jw, &b);
	gd_jw_obj_open(&jw);
	gd_jw_keyz(&jw, "a");
	gd_jw_int(&jw, 1);
	gd_jw_obj_close(&jw);
	T_EQ_INT(jw.err, 0);
	T_EQ_STR(b.data, "{\"a\":1}");
	gd_buf_release(&b);
}
