#!/bin/sh
# failures.sh - gd-ingest when the world fails around it: a full disk, a
# reader that goes away, an output file that cannot be written, a huge
# line under a memory limit, closed standard streams.  Prints "ok NAME" /
# "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/fail
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }

# 50,000 rows (about 9 MB of records): the writer is still at work when a
# reader such as head goes away.
awk 'BEGIN { print "id,when,kind,text";
	for (i = 1; i <= 50000; i++)
		printf "%d,%02d/01/2024,Citizen,\"row %d, some text to make the record longer than a few bytes\"\n",
		    i, i % 28 + 1, i
}' > big.csv
printf 'id,text\n1,one\n2,two\n' > small.csv
printf '{"id":"id","submitted":{"column":"when","order":"dmy"},"respondent":{"type":"kind"},"comments":{"t":"text"}}\n' > map.json

# ---- a full disk ----

if [ ! -w /dev/full ]; then
	notok dev-full "no /dev/full on this system"
else
	for f in small.csv big.csv; do
		gd-ingest "$f" > /dev/full 2> full.err
		rc=$?
		if [ "$rc" -ne 4 ]; then
			notok "dev-full:$f" "exit $rc, expected 4"
		elif [ "$(wc -l < full.err)" -ne 1 ] ||
		    ! grep -q '^gd-ingest: standard output: .*No space left on device' full.err; then
			notok "dev-full:$f" "stderr: $(cat full.err)"
		else
			ok "dev-full:$f"
		fi
	done
	gd-ingest -m map.json --stats big.csv > /dev/full 2> full.err
	rc=$?
	if [ "$rc" -ne 4 ] || ! grep -q '^gd-ingest: standard output: ' full.err; then
		notok dev-full-mapped "exit $rc, stderr: $(cat full.err)"
	else
		ok dev-full-mapped
	fi
fi

# ---- a reader that goes away: quiet ----

quiet_head() {
	name=$1
	shift
	{ gd-ingest "$@" 2> head.err; } | head -n 1 > head.out
	if [ "$(wc -l < head.out)" -ne 1 ] || ! jq -e .gd head.out > /dev/null 2>&1; then
		notok "$name" "head got: $(head -c 200 head.out)"
	elif [ -s head.err ]; then
		notok "$name" "stderr: $(head -n 2 head.err)"
	else
		ok "$name"
	fi
}
quiet_head head-quiet big.csv
quiet_head head-quiet-mapped -m map.json --stats big.csv
awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "{\"id\":%d,\"text\":\"row %d of a long NDJSON stream\"}\n", i, i }' > big.ndjson
quiet_head head-quiet-ndjson big.ndjson
# Even when SIGPIPE is ignored by whoever started it.
(
	trap '' PIPE
	{ gd-ingest big.csv 2> head.err; } | head -n 1 > head.out
)
if [ "$(wc -l < head.out)" -ne 1 ] || [ -s head.err ]; then
	notok head-quiet-sigpipe-ignored "$(wc -l < head.out) lines, stderr: $(head -n 2 head.err)"
else
	ok head-quiet-sigpipe-ignored
fi

# ---- -o FILE: atomic, and untouched when the run fails ----

leftovers() { ls -a "$@" 2> /dev/null | grep -c '\.tmp'; }

# A directory that does not exist: exit 4, nothing created.
gd-ingest -o nodir/out.ndjson small.csv 2> o.err
rc=$?
if [ "$rc" -ne 4 ] || [ -e nodir ] || ! grep -q '^gd-ingest: nodir/out.ndjson: ' o.err; then
	notok output-no-dir "exit $rc, stderr: $(cat o.err)"
else
	ok output-no-dir
fi
# Success: the file holds exactly what standard output would, with the
# usual umask mode.
gd-ingest big.csv > expect.ndjson
(umask 022 && gd-ingest -o out.ndjson big.csv)
rc=$?
mode=$(ls -l out.ndjson | cut -c1-10)
if [ "$rc" -ne 0 ] || ! cmp -s out.ndjson expect.ndjson || [ "$mode" != "-rw-r--r--" ] ||
    [ "$(leftovers .)" -ne 0 ]; then
	notok output-written "exit $rc, mode $mode, $(leftovers .) temporary files"
else
	ok output-written
fi
# untouched NAME STATUS ARGS...: with an existing out.ndjson, the failed
# run exits STATUS and leaves it as it was, with no temporary file.
untouched() {
	name=$1 want=$2
	shift 2
	printf 'old contents\n' > out.ndjson
	gd-ingest -o out.ndjson "$@" 2> u.err
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		notok "$name" "exit $rc, expected $want: $(head -n 1 u.err)"
	elif [ "$(cat out.ndjson)" != "old contents" ]; then
		notok "$name" "out.ndjson was changed"
	elif [ "$(leftovers .)" -ne 0 ]; then
		notok "$name" "temporary file left: $(ls -a | grep '\.tmp')"
	else
		ok "$name"
	fi
}
printf '{"id": "id",\n "oops"}\n' > badmap.json
untouched output-kept-bad-mapping 3 -m badmap.json small.csv
untouched output-kept-no-header 3 -p polis small.csv
untouched output-kept-missing-input 4 big.csv nosuch.csv
# A write that fails half way (a file size limit; SIGXFSZ ignored so that
# write() reports EFBIG).
(
	trap '' XFSZ
	ulimit -f 200
	untouched output-kept-write-error 4 big.csv
)
# A run that is killed while it writes: the old file stays.
rm -f in.fifo
if mkfifo in.fifo 2> /dev/null; then
	printf 'old contents\n' > out.ndjson
	gd-ingest -o out.ndjson in.fifo 2> /dev/null &
	pid=$!
	# Read-write, so that neither side blocks; less than a pipe holds.
	exec 3<> in.fifo
	head -n 500 big.csv >&3
	sleep 1
	kill -TERM "$pid" 2> /dev/null
	alive=$?
	exec 3>&-
	wait "$pid" 2> /dev/null
	if [ "$alive" -ne 0 ]; then
		notok output-kept-killed "gd-ingest was not running any more"
	elif [ "$(cat out.ndjson)" != "old contents" ]; then
		notok output-kept-killed "out.ndjson was changed by a killed run"
	else
		ok output-kept-killed
	fi
	rm -f in.fifo out.ndjson.tmp*
else
	notok output-kept-killed "mkfifo failed"
fi

# ---- a huge line under a memory limit ----

# huge NAME FILE PATTERN: under ulimit -v 200000 the file's one huge row
# is rejected (stderr matches PATTERN), with a cut raw text marked
# raw_truncated, and the run ends normally (exit 1, not a crash).  Under
# make sanitize (GD_SANITIZE set) there is no ulimit -v: AddressSanitizer
# reserves terabytes of address space; the memory bound is the plain
# run's to check, the behaviour is checked in both.
huge() {
	name=$1 f=$2 pat=$3
	(
		[ -n "${GD_SANITIZE:-}" ] || ulimit -v 200000
		exec gd-ingest --rejects "$f.rej" --stats "$f" > "$f.out" 2> "$f.err"
	)
	rc=$?
	rawlen=$(jq -r '(.raw // .raw_base64) | length' "$f.rej" 2> /dev/null)
	if [ "$rc" -ne 1 ]; then
		notok "$name" "exit $rc, expected 1: $(head -c 300 "$f.err")"
	elif ! grep -Eq "$pat" "$f.err"; then
		notok "$name" "stderr: $(head -c 300 "$f.err")"
	elif [ "$(jq -r '[.kind, .raw_truncated] | @tsv' "$f.rej")" != "reject	true" ]; then
		notok "$name" "reject record without raw_truncated: $(head -c 200 "$f.rej")"
	elif [ -s "$f.out" ]; then
		notok "$name" "records written for a rejected row"
	elif [ -z "$rawlen" ] || [ "$rawlen" -ge 20000000 ]; then
		notok "$name" "raw text of length $rawlen kept"
	else
		ok "$name"
	fi
}
{ printf 'a,b\n'; head -c 20000000 /dev/zero | tr '\0' x; } > huge-field.csv
huge huge-field-csv huge-field.csv '^gd-ingest: huge-field.csv:2: (field|record) longer than [0-9]+ bytes$'
{ printf 'a,b\n'; head -c 20000000 /dev/zero | tr '\0' x | fold -w 999 | tr '\n' ,; } > huge-record.csv
huge huge-record-csv huge-record.csv '^gd-ingest: huge-record.csv:2: record longer than [0-9]+ bytes$'
{ printf '{"a":"'; head -c 20000000 /dev/zero | tr '\0' x; } > huge-line.ndjson
huge huge-line-ndjson huge-line.ndjson '^gd-ingest: huge-line.ndjson:1: .*longer than [0-9]+ bytes$'
{ printf '[{"a":"'; head -c 20000000 /dev/zero | tr '\0' x; printf '"},\n{"a":"b"}]\n'; } > huge-element.json
(
	[ -n "${GD_SANITIZE:-}" ] || ulimit -v 200000
	exec gd-ingest --rejects huge-element.rej huge-element.json > huge-element.out 2> huge-element.err
)
rc=$?
if [ "$rc" -ne 1 ] || [ "$(jq -c .answers huge-element.out)" != '{"a":"b"}' ] ||
    ! grep -Eq '^gd-ingest: huge-element.json:1: .*longer than [0-9]+ bytes$' huge-element.err; then
	notok huge-element-json "exit $rc, stderr: $(head -c 300 huge-element.err)"
elif [ "$(jq -r '[.kind, .raw_truncated] | @tsv' huge-element.rej)" != "reject	true" ]; then
	notok huge-element-json "reject record without raw_truncated: $(head -c 200 huge-element.rej)"
else
	ok huge-element-json
fi
rm -f huge-*

# ---- a hostile shape: time must grow with the input, not its square ----

# A header of 200,001 empty names (a 200 KB line): column_1 ...
# column_200001, each checked for repeats.  A linear pass takes well under
# a second; 30 s means the names are compared pairwise.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf ","; printf "\n";
	for (i = 0; i < 200000; i++) printf "x,"; printf "\n" }' > wide.csv
if command -v timeout > /dev/null 2>&1; then
	timeout 30 gd-ingest wide.csv > wide.out 2> wide.err
	rc=$?
	if [ "$rc" -eq 124 ]; then
		notok wide-header-time "not done after 30 s (quadratic header naming?)"
	elif [ "$rc" -ne 0 ]; then
		notok wide-header-time "exit $rc: $(head -c 200 wide.err)"
	elif [ "$(jq -r '.answers | [length, .column_200000, .column_200001] | @tsv' wide.out)" != "200001	x	" ]; then
		notok wide-header-time "the record is not the 200,001 columns"
	else
		ok wide-header-time
	fi
else
	notok wide-header-time "no timeout command"
fi
rm -f wide.*

# ---- 100,000 columns ----

# A header of 100,000 names, three rows of 100,000 values and, as line 4,
# one of 100,001: under ulimit -v 200000 the three become records (each
# with its 100,000 answers), the wide row is one reject naming the file
# and line, and the records go through gd-redact, gd-tally (its default
# tabulations: each question, and each by respondent type, 200,000
# tables; the scanner once compared the members pairwise for repeated
# keys, 2.5 s a record, and the counting looked for each member's values
# among all of the record's, 4 minutes for the three) and gd-publish (a
# report of 100,000 questions, without the memory limit: it keeps the
# counts).  Each tool gets 60 s.
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "%sc%d", (i > 1 ? "," : ""), i; printf "\n";
	for (r = 1; r <= 4; r++) {
		n = r == 3 ? 100001 : 100000
		for (i = 1; i <= n; i++) printf "%sv%d", (i > 1 ? "," : ""), i % 7; printf "\n" } }' > cols.csv
(
	[ -n "${GD_SANITIZE:-}" ] || ulimit -v 200000
	timeout 60 gd-ingest cols.csv > cols.ndjson 2> cols.err
	echo $? > cols.rc
	timeout 60 gd-redact --for publication --key-file "$TOP/tests/data/redact/test.key" cols.ndjson > cols.red 2> cols.red.err
	echo $? >> cols.rc
	timeout 60 gd-tally --with-records cols.red > cols.tally 2> cols.tally.err
	echo $? >> cols.rc
)
# The report holds the 200,000 counts as JSON values: more than the
# limit above, and a count of its own, not a stream.  3 s on the plain
# build, 7 s on the sanitizers' (it was 100 s while the columns grew by
# one realloc each).
t=60
[ -z "${GD_SANITIZE:-}" ] || t=300
timeout "$t" gd-publish -f md -o cols.md cols.tally 2> cols.pub.err
echo $? >> cols.rc
rcs=$(tr '\n' ' ' < cols.rc)
if [ "$rcs" != "1 0 0 0 " ]; then
	notok columns-100000 "exit statuses $rcs (expected 1 0 0 0): $(head -c 300 cols.err cols.red.err cols.tally.err cols.pub.err)"
elif [ "$(wc -l < cols.err)" -ne 1 ] ||
    ! grep -Eq '^gd-ingest: cols.csv:4: .*100001.*100000' cols.err; then
	notok columns-100000 "stderr: $(head -c 300 cols.err)"
elif [ "$(jq -r '.answers | [length, .c1, .c100000] | @tsv' cols.ndjson | sort -u)" != "100000	v1	v5" ] ||
    [ "$(wc -l < cols.ndjson)" -ne 3 ] || [ "$(wc -l < cols.red)" -ne 3 ]; then
	notok columns-100000 "the records are not the three rows of 100,000 answers"
elif [ "$(jq -r 'select(.kind == "summary") | .responses' cols.tally)" != 3 ] ||
    [ "$(grep -c '"by":\["answers.c[0-9]*"\]' cols.tally)" -ne 100000 ]; then
	notok columns-100000 "gd-tally did not count 3 responses of 100,000 questions: $(head -c 200 cols.tally)"
elif [ "$(grep -c '^### C[0-9]*$' cols.md)" -ne 100000 ]; then
	notok columns-100000 "the report has $(grep -c '^### C[0-9]*$' cols.md) questions, not 100,000"
else
	ok columns-100000
fi
rm -f cols.*

# ---- a 10 GB line on a pipe ----

# One line of 10 GB (NUL bytes inside a JSON string, so that it is made
# as fast as a pipe takes it), then a valid record: under ulimit -v
# 200000 each tool reads it from a pipe, rejects the line for its length
# (naming the file, "-" for standard input, and the line), keeps going
# with the next line, and exits 1.  The caps: NDJSON objects 8 MiB
# (--max-record's default) in gd-ingest, lines 16 MiB in gd-redact and
# gd-tally.  About 5 s a tool on an unloaded machine.  Under make sanitize
# 1 GB: the sanitized build is slower and has no memory limit to check.
size=10G
[ -n "${GD_SANITIZE:-}" ] && size=1G
rec='{"gd":1,"kind":"response","id":"r2","respondent":{"type":"citizen"},"consent":"named","comments":{"c":"Call 020 7946 0958"}}'
gigaline() {
	name=$1
	shift
	(
		[ -n "${GD_SANITIZE:-}" ] || ulimit -v 200000
		{ printf '{"gd":1,"kind":"response","id":"r1","comments":{"c":"'
		  head -c "$size" /dev/zero
		  printf '"}}\n%s\n' "$rec"
		} | timeout 120 "$@" > giga.out 2> giga.err
	)
	rc=$?
	if [ "$rc" -ne 1 ]; then
		notok "$name" "exit $rc, expected 1: $(head -c 300 giga.err)"
	elif [ "$(wc -l < giga.err)" -ne 1 ] ||
	    ! grep -Eq "^$1: -:1: (line|object) longer than [0-9]+ bytes\$" giga.err; then
		notok "$name" "stderr: $(head -c 300 giga.err)"
	elif [ "$(wc -l < giga.out)" -lt 1 ] || ! grep -q '"r2"' giga.out; then
		notok "$name" "the line after the long one is not in the output: $(head -c 200 giga.out)"
	else
		ok "$name"
	fi
	rm -f giga.out giga.err
}
gigaline gigaline-ingest gd-ingest -f ndjson
gigaline gigaline-redact gd-redact --for publication --key-file "$TOP/tests/data/redact/test.key"
gigaline gigaline-tally gd-tally --with-records

# ---- closed standard streams ----

gd-ingest <&- > closed.out 2> closed.err
rc=$?
if [ "$rc" -ne 4 ] || [ "$(wc -l < closed.err)" -ne 1 ] || ! grep -q '^gd-ingest: ' closed.err ||
    [ -s closed.out ]; then
	notok stdin-closed "exit $rc, stderr: $(cat closed.err)"
else
	ok stdin-closed
fi
gd-ingest -p polis - <&- > closed.out 2> closed.err
rc=$?
if [ "$rc" -ne 4 ] || [ "$(wc -l < closed.err)" -ne 1 ]; then
	notok stdin-closed-preset "exit $rc, stderr: $(cat closed.err)"
else
	ok stdin-closed-preset
fi
gd-ingest small.csv >&- 2> closed.err
rc=$?
if [ "$rc" -ne 4 ] || ! grep -q '^gd-ingest: standard output: ' closed.err; then
	notok stdout-closed "exit $rc, stderr: $(cat closed.err)"
else
	ok stdout-closed
fi
gd-ingest --rejects rj.ndjson small.csv 2>&- > closed.out
rc=$?
if [ "$rc" -ne 0 ] || [ "$(wc -l < closed.out)" -ne 2 ]; then
	notok stderr-closed "exit $rc, $(wc -l < closed.out) records"
else
	ok stderr-closed
fi

# ---- gd-redact, gd-tally and gd-publish: a full disk, a closed output, a
# reader that goes away ----

gd-ingest -q -m map.json big.csv > big.resp.ndjson
gd-redact -q --for publication big.resp.ndjson > big.pub.ndjson
for tool in "gd-redact --for publication big.resp.ndjson" \
    "gd-tally --with-records big.pub.ndjson" \
    "gd-publish -f ndjson --allow-unredacted big.resp.ndjson"; do
	t=${tool%% *}
	if [ -w /dev/full ]; then
		$tool > /dev/full 2> full.err
		rc=$?
		if [ "$rc" -ne 4 ] || [ "$(wc -l < full.err)" -ne 1 ] ||
		    ! grep -q "^$t: .*No space left on device" full.err; then
			notok "dev-full:$t" "exit $rc: $(head -n 2 full.err)"
		else
			ok "dev-full:$t"
		fi
	fi
	$tool >&- 2> closed.err
	rc=$?
	if [ "$rc" -ne 4 ] || ! grep -q "^$t: standard output: " closed.err; then
		notok "stdout-closed:$t" "exit $rc: $(head -n 2 closed.err)"
	else
		ok "stdout-closed:$t"
	fi
	{ $tool 2> head.err; } | head -n 1 > head.out
	if [ "$(wc -l < head.out)" -ne 1 ] || [ -s head.err ]; then
		notok "head-quiet:$t" "$(wc -l < head.out) lines, stderr: $(head -n 2 head.err)"
	else
		ok "head-quiet:$t"
	fi
done

# ---- stopped by a signal ----
# SIGTERM (timeout(1), a scheduler) or SIGHUP (SIGINT too, but a
# background job ignores it) while a tool writes -o: the temporary file
# goes, the old file stays, and the tool dies of the signal (status 128
# + its number).  The input is a pipe kept open, so the tool is surely at
# work when the signal comes.
stopped() {	# NAME SIGNUM INPUT COMMAND...: the command reads standard input
	s_name=$1 s_sig=$2 s_in=$3
	shift 3
	rm -f stop.out stop.out.tmp* stop.fifo
	echo OLD > stop.out
	mkfifo stop.fifo || { notok "stopped-$s_name" "mkfifo failed"; return; }
	sh -c 'head -n 20 "$1"; exec sleep 30' sh "$s_in" > stop.fifo &
	s_feed=$!
	"$@" -o stop.out < stop.fifo &
	s_pid=$!
	for s_i in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.2
		ls stop.out.tmp* > /dev/null 2>&1 && break
	done
	kill "-$s_sig" "$s_pid"
	wait "$s_pid"
	s_rc=$?
	kill "$s_feed" 2> /dev/null
	wait "$s_feed" 2> /dev/null
	s_left=$(ls -a | grep -c '^stop\.out\.tmp')
	if [ "$s_rc" -ne $((128 + s_sig)) ] || [ "$s_left" -ne 0 ] ||
	    [ "$(cat stop.out)" != OLD ]; then
		notok "stopped-$s_name" "exit $s_rc, $s_left temporary file(s), stop.out: $(head -c 20 stop.out)"
	else
		ok "stopped-$s_name"
	fi
}
stopped gd-ingest 15 big.csv gd-ingest -
stopped gd-redact 15 big.resp.ndjson gd-redact --for publication \
    --key-file "$TOP/tests/data/redact/test.key" --audit stop.audit -
stopped gd-tally 1 big.pub.ndjson gd-tally --with-records -
exit 0
