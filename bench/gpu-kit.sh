#!/usr/bin/env bash
# Packs everything bench/gpu.sh and `newton4j train` need into one folder, for GPU hosts that have
# a driver and Python but no JDK, no Maven and no network (typical rented or air-gapped GPU boxes):
#   - a trimmed JRE 17 made with jlink (xz-compressed; unpacked on first use),
#   - the project jar (with the PTX/cubins nvcc built here), the test classes, every runtime and
#     test dependency jar and the JUnit console launcher,
#   - the shared libraries and a font that headless AWT needs to draw the training PNGs,
#   - the MNIST digits from data/cache when present.
# On the GPU host: `source KIT/env.sh` (sets JAVA_HOME, PATH and NEWTON4J_CLASSPATH), then
# bench/gpu.sh and bench/ranking-experiments.sh use the kit instead of Maven.
#   bench/gpu-kit.sh [KIT]    default KIT: .gpu-kit (ignored by git)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kit=${1:-.gpu-kit}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -d "$jdk/jmods" ] || { echo "gpu-kit.sh: $jdk has no jmods (need a full JDK 17 for jlink)" >&2; exit 1; }
command -v nvcc >/dev/null || echo "gpu-kit.sh: warning: nvcc not found, the kit will hold no CUDA kernels" >&2

mvn -B -ntp -q -DskipTests package test-compile
rm -rf "$kit"; mkdir -p "$kit/lib" "$kit/syslib"
cp target/newton4j-*-SNAPSHOT.jar "$kit/lib/newton4j.jar"
jar --create --file "$kit/lib/newton4j-tests.jar" -C target/test-classes .
mvn -B -ntp -q dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$kit/lib"
mvn -B -ntp -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 \
    -DoutputDirectory="$kit" -Dmdep.stripVersion=true
rm -f "$kit"/lib/junit-platform-console-standalone*.jar

# java.desktop for XChart's PNGs; the rest for Jackson, JMH and JOCL/JCuda's native loaders.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.management,java.scripting,jdk.zipfs,java.compiler,java.instrument \
    --strip-debug --no-header-files --no-man-pages --compress=0 --output "$tmp/jre"
# AWT finds fonts through fontconfig: the kit brings the library, one font and its own fonts.conf.
font=$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null || true)
[ -f "$font" ] || { echo "gpu-kit.sh: no DejaVu Sans here (apt-get install fonts-dejavu-core fontconfig)" >&2; exit 1; }
mkdir -p "$kit/fonts"; cp "$font" "$kit/fonts/"
tar -C "$tmp" -cf - jre | xz -T0 -6 > "$kit/jre.tar.xz"
# Headless AWT's libraries outside glibc, in case the host lacks them (appended to the search path,
# so the host's own copies win).
for so in libfreetype.so.6 libharfbuzz.so.0 libgraphite2.so.3 libglib-2.0.so.0 libpcre2-8.so.0 libpng16.so.16 \
          libbrotlicommon.so.1 libbrotlidec.so.1 libjpeg.so.62 liblcms2.so.2 libgif.so.7 libz.so.1 \
          libfontconfig.so.1 libexpat.so.1; do
  # awk reads to the end: an early exit would SIGPIPE ldconfig and, under pipefail, end this script
  f=$(ldconfig -p | awk -v n="$so" '$1 == n && /x86-64/ && !f {print $NF; f = 1}')
  if [ -n "$f" ]; then cp -L "$f" "$kit/syslib/"; fi   # (a bare `&&` would end the script under set -e)
done
if [ -d data/cache/mnist ]; then mkdir -p "$kit/data"; cp -r data/cache/mnist "$kit/data/"; fi

cat > "$kit/env.sh" <<'EOF'
# source this file on the GPU host
kit=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ -x "$kit/jre/bin/java" ] || tar -C "$kit" -xJf "$kit/jre.tar.xz"
export JAVA_HOME="$kit/jre" PATH="$kit/jre/bin:$PATH"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$kit/syslib"
export NEWTON4J_CLASSPATH=$(ls "$kit"/lib/*.jar | tr '\n' ':' | sed 's/:$//')
export NEWTON4J_JUNIT="$kit/junit-platform-console-standalone.jar"
# PoCL's signal handlers must not replace the JVM's: the bench scripts source src/main/shell/native-env.sh,
# which finds this JRE's libjsig through JAVA_HOME
export POCL_SIGFPE_HANDLER=0
if ! fc-list 2>/dev/null | grep -q .; then   # no fonts on the host: use the kit's for the training PNGs
  printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/fonts</dir><cachedir>/tmp/newton4j-fc-cache</cachedir></fontconfig>\n' \
    "$kit" > "$kit/fonts.conf"
  export FONTCONFIG_FILE="$kit/fonts.conf"
fi
if [ -d "$kit/data/mnist" ] && [ ! -f data/cache/mnist/train-images-idx3-ubyte ]; then
  mkdir -p data/cache && cp -r "$kit/data/mnist" data/cache/
fi
EOF
du -sh "$kit"
