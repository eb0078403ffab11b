# Sourced by the experiment scripts: sets `cli` to the newton4j command (the kit of bench/gpu-kit.sh
# when NEWTON4J_CLASSPATH is set, else target/newton4j-cli.jar, built when missing) and sources
# src/main/shell/native-env.sh (PoCL's signal handlers must not replace the JVM's; see that file).
source src/main/shell/native-env.sh
if [ -n "${NEWTON4J_CLASSPATH:-}" ]; then cli=(env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -cp "$NEWTON4J_CLASSPATH" org.newton4j.cli.Main)
else [ -f target/newton4j-cli.jar ] || mvn -q -B -DskipTests package; cli=(env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java -jar target/newton4j-cli.jar); fi
