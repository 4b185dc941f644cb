#!/usr/bin/env bash
# Prints the path of a Python 3.12 or newer: the pyenv build .python-version names,
# else python3.13/python3.12/python3 on the PATH. Stops with a clear message if none.
set -euo pipefail
cd "$(dirname "$0")/.."

is_new_enough() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

candidates=()
wanted=$(cat .python-version 2>/dev/null || true)
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
[ -n "$wanted" ] && candidates+=("$pyenv_root/versions/$wanted/bin/python3")
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv which python3 2>/dev/null || true)")
fi
for version in "$pyenv_root"/versions/3.1[2-9]*; do
  [ -d "$version" ] && candidates+=("$version/bin/python3")
done
for name in python3.14 python3.13 python3.12 python3; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done

for python in "${candidates[@]}"; do
  if [ -n "$python" ] && [ -x "$python" ] && is_new_enough "$python"; then
    echo "$python"
    exit 0
  fi
done
echo "Compact Portal needs Python 3.12 or newer (Django 6.1 requires it), and none was found." >&2
echo "Install it (Debian 13 and Ubuntu 24.04 ship it; or 'pyenv install $wanted'), then run make again." >&2
exit 1
