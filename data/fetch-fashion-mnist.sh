#!/usr/bin/env bash
# Puts Fashion-MNIST (IDX, gzip) where newton4j looks for it, from Debian's dataset-fashion-mnist
# package, without installing it: apt-get download + dpkg -x into a temp dir, then copy.
# (With the package installed, the files are already in /usr/share/datasets/fashion-mnist.)
#
# usage: data/fetch-fashion-mnist.sh [output-dir]      (default: data/cache/fashion-mnist, git-ignored)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/cache/fashion-mnist}"
installed=/usr/share/datasets/fashion-mnist
mkdir -p "$out"
if [ -f "$installed/train-images-idx3-ubyte.gz" ]; then
  cp "$installed"/*-ubyte.gz "$out"/
else
  command -v apt-get >/dev/null || { echo "fetch-fashion-mnist: apt-get not found (Debian/Ubuntu only)" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download dataset-fashion-mnist >/dev/null 2>&1) \
    || { echo "fetch-fashion-mnist: apt-get download dataset-fashion-mnist failed (run apt-get update?)" >&2; exit 1; }
  dpkg -x "$tmp"/dataset-fashion-mnist_*.deb "$tmp/root"
  cp "$tmp/root$installed"/*-ubyte.gz "$out"/
fi
ls -1 "$out"
