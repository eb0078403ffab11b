package org.newton4j.bench.suite;

import java.util.List;

import org.newton4j.device.Backend;

/** One kernel family's benchmark cases. Each family adds one implementation to {@link BenchSuite#CASES}. */
public interface SuiteCase {
    String family();

    /** Measures every size of this family on the backend; quick = small sizes for a smoke run. */
    List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick);
}
