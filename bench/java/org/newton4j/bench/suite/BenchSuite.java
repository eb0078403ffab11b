package org.newton4j.bench.suite;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.Backends;

/**
 * The benchmark suite's Java side: times every family on one backend and writes a CSV
 * (SuiteRow.CSV_HEADER). bench/gpu.sh and bench/cpu.sh run it beside bench/torch_ref.py and join
 * the two with bench/report.py.
 *
 * <pre>java ... org.newton4j.bench.suite.BenchSuite --backend cuda --out results.csv [--quick] [--family solve]</pre>
 */
public final class BenchSuite {
    /** Every family; each adds its case here. */
    static final List<SuiteCase> CASES = List.of(new SolveCase(), new OptimCase(), new SortCase(), new PathCase(),
            new NewtonCase(), new NnCase());

    private BenchSuite() { }

    public static void main(String[] args) throws IOException {
        String backendName = "auto", out = "bench-results.csv", family = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend": backendName = args[++i]; break;
                case "--out": out = args[++i]; break;
                case "--family": family = args[++i]; break;
                case "--quick": quick = true; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --backend B, --out FILE, --family F, --quick)");
            }
        }
        Timing timing = quick ? Timing.QUICK : Timing.DEFAULT;
        List<SuiteRow> rows = new ArrayList<>();
        try (Backend backend = Backends.open(BackendKind.parse(backendName, "--backend"))) {
            Floor floor = Floor.measure(backend, quick ? 64L << 20 : 1L << 30, timing);
            System.out.printf(Locale.ROOT, "# %s: %s, copy bandwidth %.1f GB/s%n", backend.kind(), backend.info().name(),
                    floor.gigabytesPerSecond());
            for (SuiteCase c : CASES) {
                if (family != null && !family.equals(c.family())) continue;
                for (SuiteRow r : c.run(backend, floor, timing, quick)) {
                    System.out.printf(Locale.ROOT, "%-8s %-24s %-22s %-4s %10.3f ms  floor %9.3f ms%n",
                            r.family(), r.kernel(), r.size(), r.precision(), r.millis(), r.floorMillis());
                    rows.add(r);
                }
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out)))) {
            w.println(SuiteRow.CSV_HEADER);
            for (SuiteRow r : rows) w.println(r.csv());
        }
    }
}
