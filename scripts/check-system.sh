#!/usr/bin/env bash
# Checks that the test suite's system packages (scripts/system-packages.txt) are installed.
# Missing ones are installed with apt-get when running as root on Debian/Ubuntu, unless
# WHARF_TEST_NO_INSTALL=1; otherwise one line names them and the command, and it exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r check package; do
  [[ -z "$check" || "$check" == \#* ]] && continue
  if [[ "$check" == python3:* ]]; then
    python3 -c "import ${check#python3:}" 2>/dev/null || missing+=("$package")
  else
    command -v "$check" >/dev/null 2>&1 || missing+=("$package")
  fi
done < scripts/system-packages.txt

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${WHARF_TEST_NO_INSTALL:-}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing the test suite's system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  exit 0
fi

echo "npm test needs these system packages: ${missing[*]}; install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
exit 1
