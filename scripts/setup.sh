#!/usr/bin/env bash
# Install the Debian packages that building and testing Chanjiao need, when
# they are missing.  Safe to run again: it does nothing when all are present.
#
#   scripts/setup.sh          build + run packages
#   scripts/setup.sh test     also the test packages (and the fuzz ones: make test replays the corpora)
#   scripts/setup.sh fuzz     build + run packages and clang with libFuzzer (make fuzz)
#   scripts/setup.sh bench    build + run packages, wrk, nginx (the side-by-side figure), perf (make bench),
#                             valgrind (bench/instructions.sh)
set -euo pipefail

pkgs=(build-essential cmake pkg-config clang-format
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libpq-dev libicu-dev
      libxlsxwriter-dev libzip-dev libexpat1-dev)
if [ "${1:-}" = "test" ]; then
	pkgs+=(libcmocka-dev python3 python3-jsonschema wrk curl postgresql postgresql-client sqlite3 chromium fonts-noto-cjk binutils
	      libreoffice-calc-nogui)
fi
if [ "${1:-}" = "bench" ]; then
	pkgs+=(python3 wrk curl nginx-light postgresql postgresql-client linux-perf valgrind)
fi
if [ "${1:-}" = "test" ] || [ "${1:-}" = "fuzz" ]; then
	pkgs+=(clang libclang-rt-14-dev)
fi

# The web app needs Node.js 20.19 or newer with npm (Vite 8); Debian 12's own nodejs is 18.
if ! command -v npm >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
	echo "setup: Node.js >= 20.19 with npm is needed for the web app (found: $(node --version 2>/dev/null || echo none))" >&2
	pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
