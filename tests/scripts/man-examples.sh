#!/bin/sh
# man-examples.sh - the man pages: clean under mandoc -T lint, EXAMPLES
# that work, and every option of a tool's --help documented in its page.
#
# For each man/*.[0-9]:
#   lint-PAGE            mandoc -T lint -W warning prints nothing
#   words-PAGE           no English word rendered as a flag ("-that -is":
#                        words after an Fl that needed No before them)
#   example-PAGE-LINE    each command of the EXAMPLES section: a line of a
#                        ".Bd -literal" block that starts with "$ " (it goes
#                        on over lines that end with " \"); other lines of
#                        the block are shown output and are not checked.
#                        The commands of one block run in order, each with
#                        sh -c, in a fresh folder that holds copies of
#                        responses.csv and mapping.json
#                        (examples/open-declaration) and docket.csv and
#                        comments.csv (examples/regulations-gov) and
#                        export.xlsx (examples/spreadsheet).  Each must
#                        exit 0 and print nothing on standard error, unless
#                        it redirects standard error itself ("2>").
#   help-options-PAGE    for a section 1 page: every long option that the
#                        tool's --help lists appears in the page.
#
# Conventions of tests/run.sh: $TOP is the source tree, the tools are on
# PATH, $OUT is a scratch folder; prints "ok NAME" or "not ok NAME: why".

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH="$TOP/bin:$PATH"
export PATH
LC_ALL=C.UTF-8
export LC_ALL
OUT=${OUT:-$TOP/tests/out/scripts/man-examples}
mkdir -p "$OUT" || exit 1

BS=$(printf '\b')
FIXTURES="$TOP/examples/open-declaration/responses.csv
$TOP/examples/open-declaration/mapping.json
$TOP/examples/open-declaration/replies.md
$TOP/examples/regulations-gov/docket.csv
$TOP/examples/regulations-gov/comments.csv
$TOP/examples/spreadsheet/export.xlsx"

if ! command -v mandoc > /dev/null 2>&1; then
	echo "not ok man-examples: mandoc is not installed (apt-get install mandoc)"
	exit 0
fi
for f in $FIXTURES; do
	[ -f "$f" ] || echo "not ok man-examples: missing $f"
done

# Writes the commands of the EXAMPLES section of page $1 into folder $2,
# one file each, and prints a manifest: "BLOCK<tab>LINE<tab>FILE", or
# "error<tab>LINE<tab>WHY" for a command that cannot be read.
extract() {
	awk -v dir="$2" '
	BEGIN {
		glyph["aq"] = "\047"; glyph["dq"] = "\""; glyph["ga"] = "`"
		glyph["ti"] = "~"; glyph["ha"] = "^"; glyph["rs"] = "\\"
	}
	# The text of a roff line, for the escapes a command may hold.
	function unroff(s,    out, i, c, name) {
		out = ""
		while ((i = index(s, "\\")) > 0) {
			out = out substr(s, 1, i - 1)
			c = substr(s, i + 1, 1)
			if (c == "e" || c == "\\") {
				out = out "\\"; s = substr(s, i + 2)
			} else if (c == "&") {
				s = substr(s, i + 2)
			} else if (c == "-") {
				out = out "-"; s = substr(s, i + 2)
			} else if (c == "(" && (substr(s, i + 2, 2) in glyph)) {
				out = out glyph[substr(s, i + 2, 2)]
				s = substr(s, i + 4)
			} else {
				bad = "escape \\" c " not understood"
				return out substr(s, i)
			}
		}
		return out s
	}
	function emit() {
		if (bad != "") {
			printf "error\t%d\t%s\n", start, bad
		} else {
			file = dir "/" start ".sh"
			printf "%s\n", cmd > file
			close(file)
			printf "%d\t%d\t%s\n", block, start, file
		}
		incmd = 0; bad = ""
	}
	/^\.Sh / { ex = $0 == ".Sh EXAMPLES"; lit = 0; next }
	!ex { next }
	/^\.Bd / { lit = $0 ~ /-literal/; if (lit) block++; next }
	/^\.Ed/ {
		if (incmd) { bad = "command goes on past .Ed"; emit() }
		lit = 0; next
	}
	!lit { next }
	{
		if (incmd) {
			u = unroff($0)
			cmd = cmd "\n" u
		} else if (substr($0, 1, 2) == "$ ") {
			start = NR; incmd = 1; bad = ""
			u = unroff(substr($0, 3))
			cmd = u
		} else {
			next
		}
		if (u !~ / \\$/)
			emit()
	}
	END { if (incmd) { bad = "command goes on past the end"; emit() } }
	' "$1"
}

for page in "$TOP"/man/*.[0-9]; do
	[ -f "$page" ] || continue
	name=$(basename "$page")

	# Lint.
	lint=$(mandoc -T lint -W warning "$page" 2>&1)
	if [ $? -eq 0 ] && [ -z "$lint" ]; then
		echo "ok lint-$name"
	else
		echo "not ok lint-$name: $(echo "$lint" | head -n 1)"
	fi

	# Words taken for flags: ".Fl b , a Fl x that is" renders as
	# "-b, -a -x -that -is", which lint does not see.
	flags=$(mandoc -T utf8 "$page" 2>/dev/null | col -b | tr -s ' \t\n' ' ' |
	    grep -oE "(^| )-(a|an|and|as|at|by|for|from|in|is|it|no|not|of|on|or|that|the|to|with) [^ ]+ [^ ]+" |
	    head -n 1)
	if [ -z "$flags" ]; then
		echo "ok words-$name"
	else
		echo "not ok words-$name: words rendered as flags:$flags"
	fi

	# Examples.
	work="$OUT/$name"
	rm -rf "$work"
	mkdir -p "$work/cmd" || exit 1
	extract "$page" "$work/cmd" > "$work/manifest"
	cur=
	while IFS='	' read -r block line file; do
		test="example-$name-$line"
		if [ "$block" = error ]; then
			echo "not ok $test: $file"
			continue
		fi
		if [ "$block" != "$cur" ]; then
			cur=$block
			dir="$work/block-$block"
			mkdir -p "$dir"
			for f in $FIXTURES; do
				cp "$f" "$dir/" 2> /dev/null
			done
		fi
		cmd=$(cat "$file")
		(cd "$dir" && sh -c "$cmd") < /dev/null > "$work/$line.out" \
		    2> "$work/$line.err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "not ok $test: exit $rc: $(head -n 1 "$work/$line.err")"
		elif [ -s "$work/$line.err" ] && ! grep -q '2>' "$file"; then
			echo "not ok $test: standard error: $(head -n 1 "$work/$line.err")"
		else
			echo "ok $test"
		fi
	done < "$work/manifest"

	# Options of --help.
	case $name in
	*.1) ;;
	*) continue ;;
	esac
	tool=${name%.1}
	if ! command -v "$tool" > /dev/null 2>&1; then
		echo "not ok help-options-$name: $tool is not built"
		continue
	fi
	text=$(mandoc -T ascii -O width=1000 "$page" | sed "s/.$BS//g")
	missing=
	for opt in $("$tool" --help | sed -n \
	    's/^ *\(-[A-Za-z0-9], *\)\{0,1\}\(--[A-Za-z0-9][A-Za-z0-9-]*\).*/\2/p'); do
		printf '%s\n' "$text" | grep -q -E -e "$opt([^A-Za-z0-9-]|\$)" ||
		    missing="$missing $opt"
	done
	if [ -z "$missing" ]; then
		echo "ok help-options-$name"
	else
		echo "not ok help-options-$name: not in the page:$missing"
	fi
done
