# Sourced by the experiment scripts: sets `cli` to the newton4j command (the kit of bench/gpu-kit.sh
# when NEWTON4J_CLASSPATH is set, else target/newton4j-cli.jar, built when missing) and exports
# POCL_SIGFPE_HANDLER=0 (PoCL must not replace the JVM's SIGFPE handler; see PoclSignalGuard).
export POCL_SIGFPE_HANDLER=0
if [ -n "${NEWTON4J_CLASSPATH:-}" ]; then cli=(java -cp "$NEWTON4J_CLASSPATH" org.newton4j.cli.Main)
else [ -f target/newton4j-cli.jar ] || mvn -q -B -DskipTests package; cli=(java -jar target/newton4j-cli.jar); fi
