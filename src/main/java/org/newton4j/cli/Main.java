package org.newton4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `newton4j` command. Bad input ends with one line on stderr and exit status 2. */
@Command(name = "newton4j", mixinStandardHelpOptions = true, version = "newton4j 0.1.0",
        description = "GPU-native Newton losses and curvature-aware optimizers.",
        subcommands = {DevicesCommand.class, EvalCommand.class, DemoCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input (unknown option, invalid request). */
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof org.newton4j.cli.eval.EvalInputException) {
                cmd.getErr().println("newton4j " + cmd.getCommandName() + ": " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof org.newton4j.device.BackendUnavailableException) {
                cmd.getErr().println("newton4j " + cmd.getCommandName() + ": " + ex.getMessage());
                return 3;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("newton4j: " + ex.getMessage());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
