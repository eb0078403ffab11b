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
rm -f "$out"/MANIFEST
if [ -z "$nvcc" ]; then
  rm -f "$out"/*.ptx "$out"/*.cubin   # no stale kernels in a jar built without nvcc
  echo "[newton4j] nvcc not found (PATH, CUDA_HOME): building without CUDA kernels"
  exit 0
fi
flags=(-std=c++17 -O3 -I "$here/common" -Xptxas -warn-spills)
shopt -s nullglob
for ptx in "$out"/*.ptx; do   # outputs of a kernel file that no longer exists
  name=$(basename "$ptx" .ptx)
  [ -f "$here/cuda/$name.cu" ] || rm -f "$out/$name.ptx" "$out/$name".*.cubin
done
for cu in "$here"/cuda/*.cu; do
  name=$(basename "$cu" .cu)
  # up to date when nothing it includes (common/, cuda/*.cuh) nor this script is newer than its PTX
  # (the outputs are kept between builds for this; before 2026-12-02 they were deleted first, so every build recompiled)
  if [ -f "$out/$name.ptx" ] && [ -f "$out/$name.sm_80.cubin" ] && [ -f "$out/$name.sm_90.cubin" ] \
     && [ -z "$(find "$cu" "$here/common" "$here"/cuda/*.cuh "$here/build-cuda.sh" -newer "$out/$name.ptx" -print -quit)" ]; then
    echo "$name" >> "$out/MANIFEST"; continue
  fi
  rm -f "$out/$name.ptx"   # the PTX is the up-to-date stamp, so it is written last
  "$nvcc" "${flags[@]}" -cubin -gencode arch=compute_80,code=sm_80 -o "$out/$name.sm_80.cubin" "$cu"
  "$nvcc" "${flags[@]}" -cubin -gencode arch=compute_90,code=sm_90 -o "$out/$name.sm_90.cubin" "$cu"
  "$nvcc" "${flags[@]}" -arch=compute_80 -ptx -o "$out/$name.ptx" "$cu"
  echo "$name" >> "$out/MANIFEST"
  echo "[newton4j] nvcc: $name.cu -> ptx, sm_80, sm_90"
done
touch "$out/MANIFEST"
