#!/bin/sh
# deps.sh PACKAGE... - make sure the named Debian packages are installed.
# As root on Debian or Ubuntu, installs what is missing with apt-get;
# otherwise prints the command to run and fails.
missing=
for p in "$@"; do
	# Node.js and npm installed from outside Debian (NodeSource, nvm)
	# serve as well; Debian's npm cannot be installed beside them.
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "gd: missing build dependencies; install jansson, libcsv and iconv" \
	    "(see README.md, Dependencies)" >&2
	# Not Debian: the compiler will say what is missing.
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "gd: missing packages:$missing" >&2
	echo "gd: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "gd: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q $missing >/dev/null 2>&1; then
	apt-get update -q >/dev/null 2>&1
	apt-get install -y -q $missing >/dev/null || exit 1
fi
