package org.newton4j.train;

import java.io.IOException;

import org.newton4j.device.Backend;
import org.newton4j.device.Backends;

/**
 * A training experiment: fixed data, run once per config.
 *
 * @param <C> its config
 * @param <R> what a run produces
 */
public interface Experiment<C extends TrainingConfig<C, ?>, R extends TrainingResult> {
    /** Runs on a backend the caller owns (several runs can share one). */
    R run(C config, Backend backend) throws IOException;

    /** Runs on a backend of the config's kind, opened for this run and closed after it. */
    default R run(C config) throws IOException {
        try (Backend backend = Backends.open(config.settings().backend())) {
            return run(config, backend);
        }
    }
}
