#!/bin/sh
# readme.sh - every shell transcript of README.md, run as pasted
# (tools/readme.py): the commands succeed under pipefail and print what
# the file shows.  Prints "ok readme" or "not ok readme: why".
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
for t in python3 bash jq; do
	if ! command -v "$t" > /dev/null 2>&1; then
		echo "not ok readme: $t is not installed"
		exit 0
	fi
done
python3 "$TOP/tools/readme.py" 2>&1 | head -n 20

# The nightly job, as the README gives it, with its paths in a scratch
# folder: it publishes, and with its key gone it fails (non-zero) and
# leaves the report of the night before as it was.
W=${OUT:-$(mktemp -d)}/readme-cron
rm -rf "$W"
mkdir -p "$W/tmp" "$W/www" || exit 0
awk '/^```/ { if (c) exit; next } /^#!\/bin\/bash$/ { c = 1 } c' \
    "$TOP/README.md" |
    sed -e "s|/var/lock/consultation.lock|$W/lock|" \
        -e "s|/srv/exports/latest.csv|$W/latest.csv|" \
        -e "s|/etc/gd/key|$W/key|" -e "s|/srv/tmp|$W/tmp|g" \
        -e "s|/srv/replies.md|$W/replies.md|" -e "s|/srv/www|$W/www|g" \
    > "$W/job.sh"
cp "$TOP/tests/cli/ingest/preset-citizen-space/export.csv" "$W/latest.csv"
cp "$TOP/examples/open-declaration/replies.md" "$W/replies.md"
gd-redact --new-key "$W/key"
if [ "$(grep -c . "$W/job.sh")" -lt 5 ]; then
	echo "not ok readme-cron: no nightly job found in README.md"
elif ! PATH="$TOP/bin:$PATH" bash "$W/job.sh" > "$W/run.out" 2>&1; then
	echo "not ok readme-cron: the job failed: $(head -n 3 "$W/run.out")"
elif [ ! -s "$W/www/report.html" ] || [ ! -f "$W/www/data/datapackage.json" ]; then
	echo "not ok readme-cron: no report or data package"
else
	cp "$W/www/report.html" "$W/good.html"
	rm -f "$W/key"
	if PATH="$TOP/bin:$PATH" bash "$W/job.sh" > "$W/run2.out" 2>&1; then
		echo "not ok readme-cron: the job succeeded without its key"
	elif ! cmp -s "$W/www/report.html" "$W/good.html"; then
		echo "not ok readme-cron: a failed night replaced the report"
	else
		echo "ok readme-cron (published; without its key it fails and the report stays)"
	fi
fi
