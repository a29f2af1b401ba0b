#!/usr/bin/env bash
# Installs what the project needs and a fresh machine may lack, from Debian packages only (the machine reaches
# Debian, Maven Central and npm, nothing else). Does nothing when everything is there. Safe to run again.
set -euo pipefail

missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The real PostgreSQL the launcher and the tests start (TVAE_PG_BIN may point at other binaries).
if [ -z "${TVAE_PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)

if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install the Debian packages: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
