# Sourced by ./newton4j, ./run-tests and the bench scripts before they start a JVM that may open OpenCL.
# PoCL (the CPU OpenCL of CI and of many GPU hosts) brings signal handlers that break a JVM, which
# relies on its own SIGSEGV, SIGBUS, SIGILL and SIGFPE handlers (safepoints, null checks, x / 0):
#  * PoCL's SIGFPE handler, installed when its devices initialise: POCL_SIGFPE_HANDLER=0 turns it off;
#  * LLVM's crash handlers for all four signals, installed (one-shot, SA_RESETHAND) whenever PoCL compiles
#    a kernel: a JVM safepoint then runs LLVM's handler, which deletes the compiler's temporary files
#    (a spurious CL_BUILD_PROGRAM_FAILURE) or, when two threads fault at once, kills the process with no
#    crash report. The JVM's signal-chaining library (libjsig) keeps the JVM's handlers installed and
#    chains LLVM's behind them. PoclSignalGuard refuses to open OpenCL without both.
# Exports POCL_SIGFPE_HANDLER=0 and NEWTON4J_LD_PRELOAD (LD_PRELOAD plus libjsig): start each JVM as
# `env LD_PRELOAD="$NEWTON4J_LD_PRELOAD" java ...`. LD_PRELOAD itself is not exported, so that other
# programs (nvcc, the shell) do not load libjsig, which warns whenever they call signal().
export POCL_SIGFPE_HANDLER=0
NEWTON4J_LD_PRELOAD=${LD_PRELOAD:-}
newton4j_jsig=$(java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}; java_bin=${java_bin:-$(command -v java || true)}
                [ -n "$java_bin" ] && dirname "$(dirname "$(readlink -f "$java_bin")")")/lib/libjsig.so
if [ -f "$newton4j_jsig" ]; then
  case ":$NEWTON4J_LD_PRELOAD:" in
    *":$newton4j_jsig:"*) ;;
    *) NEWTON4J_LD_PRELOAD="${NEWTON4J_LD_PRELOAD:+$NEWTON4J_LD_PRELOAD:}$newton4j_jsig" ;;
  esac
fi
export NEWTON4J_LD_PRELOAD
unset newton4j_jsig
