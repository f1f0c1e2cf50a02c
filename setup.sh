#!/usr/bin/env bash
# nicport setup: installs everything nicport needs on Debian 12 (as root), then runs the main
# job, `nicport port e1000`, on the real e1000 driver from Debian's linux-source.
#   ./setup.sh            install (idempotent; a second run is quick) and run the main job
#   ./setup.sh --no-run   install only
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

run_main=1
[ "${1:-}" = "--no-run" ] && run_main=0

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# 1. Debian packages
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^\s*$/d' scripts/apt-packages.txt | tr -d ' ')
missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 2
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "Debian packages: all ${#wanted[@]} already installed"
fi

# 2. Python virtualenv with nicport and its dependencies (re-done when pyproject.toml changes)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
stamp=.venv/.nicport-installed
want_stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  say "creating virtualenv .venv with $($py --version)"
  "$py" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]; then
  say "installing Python packages into .venv (nicport and its dependencies from pyproject.toml)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want_stamp" > "$stamp"
else
  say "Python packages: up to date"
fi

# 3. the main job
if [ "$run_main" = 1 ]; then
  say "running: nicport port e1000   (output: $here/nicport-out/e1000)"
  exec .venv/bin/nicport port e1000
fi
