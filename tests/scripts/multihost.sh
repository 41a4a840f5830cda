#!/bin/sh
# multihost.sh - the scale-out recipe of gd-tally(1) run as written,
# across three hosts: three network namespaces, each with its own sshd on
# a private veth address that exists only inside it, GNU parallel sending
# blocks of a file to gd-tally --partial on each over ssh (--pipepart),
# the codebook copied with --basefile (rsync), campaigns found and
# suppression applied by one gd-tally --merge; the result must be the
# same bytes as one local run.  Everything it makes (namespaces, links,
# sshd processes, files) is removed at the end, also when it fails.
#
# Runs as root where network namespaces can be made; elsewhere it
# prints "skip" (not a failure even in CI: the machine, not the checkout,
# lacks what it needs).  Prints "ok NAME" / "not ok NAME: why".
#
# Pitfalls met on the way: sshd needs /run/sshd; its StrictModes refuses
# keys under a world-writable directory such as /tmp, where a checkout
# may be (the keys are the test's own, in its own folder of mode 0700,
# and StrictModes is off); known hosts are written as [address]:port; an
# --sshlogin that holds its own ssh command ignores --ssh (so the hosts
# are names of the ssh configuration, and --ssh gives it); --basefile
# needs rsync at both ends.

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${OUT:-$(mktemp -d)}
PATH="$TOP/bin:$PATH"
LC_ALL=C.UTF-8
export TOP OUT PATH LC_ALL
W=$OUT/multihost
rm -rf "$W"
mkdir -p "$W"
chmod 700 "$W"
cd "$W" || exit 1

ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; }
# Not skip() of tests/common.sh: what is missing is the machine's.
machine_skip() { echo "skip multihost: $1"; exit 0; }

[ "$(id -u)" = 0 ] || machine_skip "not root"
for c in ip sshd ssh ssh-keygen rsync parallel; do
	command -v "$c" > /dev/null 2>&1 || [ -x "/usr/sbin/$c" ] ||
		machine_skip "$c not found (Debian: iproute2, openssh-server, rsync, parallel)"
done
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
TAG=gd$$
if ! ip netns add "${TAG}h1" 2> "$W/netns.err"; then
	machine_skip "network namespaces cannot be made here: $(head -n 1 "$W/netns.err")"
fi
ip netns del "${TAG}h1"

HOSTS="1 2 3"
PORT=2222
# A /16 of its own for this run (two runs at once must not answer for
# each other's hosts).
NET=10.$((100 + $$ % 150))
cleanup() {
	for h in $HOSTS; do
		[ -f "$W/sshd$h.pid" ] && kill "$(cat "$W/sshd$h.pid")" 2> /dev/null
		ip netns pids "${TAG}h$h" 2> /dev/null | xargs -r kill 2> /dev/null
		ip link del "${TAG}v$h" 2> /dev/null
		ip netns del "${TAG}h$h" 2> /dev/null
	done
	rm -rf "$W/work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
start=$(date +%s)

# ---- three hosts ----
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$W/id" > /dev/null &&
    ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey" > /dev/null &&
    cp "$W/id.pub" "$W/authorized_keys" && chmod 600 "$W/authorized_keys" ||
    { notok multihost-setup "ssh-keygen failed"; exit 0; }
: > "$W/known_hosts"
: > "$W/ssh_config"
for h in $HOSTS; do
	ns=${TAG}h$h
	addr=$NET.$h.2
	ip netns add "$ns" &&
	    ip link add "${TAG}v$h" type veth peer name eth0 netns "$ns" &&
	    ip addr add "$NET.$h.1/30" dev "${TAG}v$h" &&
	    ip link set "${TAG}v$h" up &&
	    ip -n "$ns" addr add "$addr/30" dev eth0 &&
	    ip -n "$ns" link set eth0 up &&
	    ip -n "$ns" link set lo up ||
	    { notok multihost-setup "host $h: the namespace and its link"; exit 0; }
	cat > "$W/sshd$h.conf" <<CONF
ListenAddress $addr
Port $PORT
HostKey $W/hostkey
PidFile $W/sshd$h.pid
AuthorizedKeysFile $W/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
CONF
	if ! ip netns exec "$ns" "$SSHD" -f "$W/sshd$h.conf" -E "$W/sshd$h.log"; then
		notok multihost-setup "host $h: sshd did not start: $(tail -n 2 "$W/sshd$h.log")"
		exit 0
	fi
	echo "[$addr]:$PORT $(cut -d' ' -f1,2 "$W/hostkey.pub")" >> "$W/known_hosts"
	cat >> "$W/ssh_config" <<CONF
Host h$h
	HostName $addr
	Port $PORT
	User root
	IdentityFile $W/id
	IdentitiesOnly yes
	UserKnownHostsFile $W/known_hosts
	StrictHostKeyChecking yes
	BatchMode yes
	ConnectTimeout 10
CONF
done
# Each host answers, and is the one it says it is.
for h in $HOSTS; do
	i=0
	until got=$(ssh -F "$W/ssh_config" "h$h" "ip -4 -o addr show dev eth0" 2> "$W/ssh$h.err"); do
		i=$((i + 1))
		[ $i -ge 20 ] && { notok multihost-ssh "host $h: $(tail -n 1 "$W/ssh$h.err")"; exit 0; }
		sleep 0.2
	done
	case $got in
	*"$NET.$h.2/30"*) ;;
	*) notok multihost-ssh "host $h answered as: $got"; exit 0 ;;
	esac
done
ok "multihost-ssh (3 hosts, each on its own address)"

# ---- the recipe ----
# Records of other kinds are passed on in no set order across parts:
# left out, so that the bytes can be compared.
python3 "$TOP/tests/data/tally/gen.py" 31 4000 redacted |
    grep -v '"kind":"note"' > in.ndjson
# Campaigns to find across the parts: one text sent 60 times.
i=0
while [ $i -lt 60 ]; do
	printf '{"gd":1,"kind":"response","id":"camp-%d","respondent":{"type":"citizen"},"consent":"named","answers":{"q1":"Agree"},"comments":{"c":"Please keep the library open on Sundays: it is the only quiet place to study in the district."},"privacy":"publication"}\n' $i
	i=$((i + 1))
done >> in.ndjson
cp "$TOP/tests/data/tally/made-up-codebook.json" codebook.json
OPTS="--campaigns --codebook codebook.json --by respondent.type"
# shellcheck disable=SC2086
gd-tally $OPTS --min-cell 5 in.ndjson > local.ndjson 2> local.err
mkdir -p "$W/work"
# shellcheck disable=SC2086
if ! parallel --pipepart --arg-file in.ndjson --block 200k \
    --sshlogin h1,h2,h3 --ssh "ssh -F $W/ssh_config" \
    --basefile codebook.json --workdir "$W/work" --joblog jobs.log \
    "$TOP/bin/gd-tally --partial $OPTS" 2> parallel.err > parts.ndjson; then
	notok multihost-recipe "parallel failed: $(tail -n 3 parallel.err)"
elif ! gd-tally --merge --min-cell 5 parts.ndjson > merged.ndjson 2> merge.err; then
	notok multihost-recipe "the merge failed: $(tail -n 3 merge.err)"
elif ! cmp -s local.ndjson merged.ndjson; then
	notok multihost-recipe "the merge differs from one local run: $(diff local.ndjson merged.ndjson | head -n 4)"
elif [ "$(grep -c '"kind":"partial"' parts.ndjson)" -lt 3 ] ||
    ! grep -q '"kind":"campaign"' merged.ndjson; then
	notok multihost-recipe "too few parts, or no campaign found"
elif ! awk 'NR > 1 && $2 !~ /^h[123]$/ {bad = 1} END {exit bad}' jobs.log ||
    [ "$(awk 'NR > 1 {print $2}' jobs.log | sort -u | wc -l)" -lt 2 ]; then
	notok multihost-recipe "the parts did not run on the hosts: $(cat jobs.log)"
else
	parts=$(grep -c '"kind":"partial","args"' parts.ndjson)
	hosts=$(awk 'NR > 1 {print $2}' jobs.log | sort -u | wc -l)
	ok "multihost-recipe ($parts parts on $hosts hosts, the same bytes as one run, campaigns and --min-cell 5)"
fi
cleanup
left=$(ip netns list | grep -c "^$TAG" ; ip link show | grep -c "$TAG")
if [ "$(echo "$left" | awk '{s += $1} END {print s}')" -ne 0 ]; then
	notok multihost-cleanup "namespaces or links left behind"
elif pgrep -f "$W/sshd" > /dev/null; then
	notok multihost-cleanup "an sshd left running"
else
	ok "multihost-cleanup (took $(($(date +%s) - start)) s)"
fi
HOSTS=
