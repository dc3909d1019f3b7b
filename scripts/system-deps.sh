#!/usr/bin/env bash
# Make sure the system libraries WeasyPrint needs are present.
# On Debian/Ubuntu, missing packages are installed with apt-get (as root, or via sudo);
# elsewhere we say precisely what is missing and how to get it.
set -euo pipefail
packages=("$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian-based system; make sure Pango (>= 1.44), HarfBuzz with its" \
       "subset library, poppler-utils and qpdf are installed." >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "       install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "error: could not install: ${missing[*]}" >&2
  echo "       install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
