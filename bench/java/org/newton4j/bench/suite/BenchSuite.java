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
 *
 * {@code --family none} only opens the backend and measures the floor (a check that it works). A family
 * that fails is reported and skipped, so one broken kernel does not cost the rest of the run.
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
        String name = family;
        if (family != null && !family.equals("none") && CASES.stream().noneMatch(c -> c.family().equals(name)))
            throw new IllegalArgumentException("--family: unknown family '" + family + "' (expected none or one of "
                    + CASES.stream().map(SuiteCase::family).toList() + ")");
        Timing timing = quick ? Timing.QUICK : Timing.DEFAULT;
        List<SuiteRow> rows = new ArrayList<>();
        int failed = 0;
        try (Backend backend = Backends.open(BackendKind.parse(backendName, "--backend"))) {
            Floor floor = Floor.measure(backend, quick ? 64L << 20 : 1L << 30, timing);
            System.out.printf(Locale.ROOT, "# %s: %s, copy bandwidth %.1f GB/s%n", backend.kind(), backend.info().name(),
                    floor.gigabytesPerSecond());
            for (SuiteCase c : CASES) {
                if (family != null && !family.equals(c.family())) continue;
                List<SuiteRow> measured;
                try {
                    measured = c.run(backend, floor, timing, quick);
                } catch (RuntimeException e) {
                    System.out.printf(Locale.ROOT, "# %s FAILED on %s: %s%n", c.family(), backend.kind(), e);
                    failed++;
                    continue;
                }
                for (SuiteRow r : measured) {
                    System.out.printf(Locale.ROOT, "%-8s %-32s %-26s %-4s %10.3f ms  floor %9.3f ms%n",
                            r.family(), r.kernel(), r.size(), r.precision(), r.millis(), r.floorMillis());
                    rows.add(r);
                }
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out)))) {
            w.println(SuiteRow.CSV_HEADER);
            for (SuiteRow r : rows) w.println(r.csv());
        }
        if (failed > 0) {
            System.err.println(failed + " famil" + (failed == 1 ? "y" : "ies") + " failed; the CSV has the rest");
            System.exit(2);
        }
    }
}
