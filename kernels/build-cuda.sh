#!/usr/bin/env bash
# Compiles every kernels/cuda/*.cu to PTX (compute_80, JIT-able by newer drivers) and to cubins
# for sm_80 and sm_90 (drivers older than the nvcc that made the PTX refuse its PTX ISA).
# Output: $1/<name>.ptx, $1/<name>.sm_80.cubin, $1/<name>.sm_90.cubin, and $1/MANIFEST.
# Without nvcc this prints one note and exits 0: the CUDA backend then says "built without CUDA kernels".
set -euo pipefail
out=${1:?usage: build-cuda.sh OUTPUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
nvcc=$(command -v nvcc || true)
if [ -z "$nvcc" ] && [ -n "${CUDA_HOME:-}" ] && [ -x "$CUDA_HOME/bin/nvcc" ]; then nvcc="$CUDA_HOME/bin/nvcc"; fi
mkdir -p "$out"
rm -f "$out"/*.ptx "$out"/*.cubin "$out"/MANIFEST
if [ -z "$nvcc" ]; then
  echo "[newton4j] nvcc not found (PATH, CUDA_HOME): building without CUDA kernels"
  exit 0
fi
flags=(-std=c++17 -O3 -I "$here/common" -Xptxas -warn-spills)
shopt -s nullglob
for cu in "$here"/cuda/*.cu; do
  name=$(basename "$cu" .cu)
  # newer-than-input check keeps incremental builds fast
  if [ -f "$out/$name.ptx" ] && [ "$out/$name.ptx" -nt "$cu" ] && [ -z "$(find "$here/common" "$here/cuda" -newer "$out/$name.ptx" -print -quit)" ]; then
    echo "$name" >> "$out/MANIFEST"; continue
  fi
  "$nvcc" "${flags[@]}" -arch=compute_80 -ptx -o "$out/$name.ptx" "$cu"
  "$nvcc" "${flags[@]}" -cubin -gencode arch=compute_80,code=sm_80 -o "$out/$name.sm_80.cubin" "$cu"
  "$nvcc" "${flags[@]}" -cubin -gencode arch=compute_90,code=sm_90 -o "$out/$name.sm_90.cubin" "$cu"
  echo "$name" >> "$out/MANIFEST"
  echo "[newton4j] nvcc: $name.cu -> ptx, sm_80, sm_90"
done
touch "$out/MANIFEST"
