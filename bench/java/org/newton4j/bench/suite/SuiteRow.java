package org.newton4j.bench.suite;

import java.util.Locale;

/** One measured case: what ran, at what size, how long, and its floor. */
public record SuiteRow(String family, String kernel, String size, String precision, String backend,
                       double millis, double floorMillis) {
    public static final String CSV_HEADER = "family,kernel,size,precision,backend,ms,floor_ms";

    public String csv() {
        return String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%.6f,%.6f", family, kernel, size, precision, backend, millis, floorMillis);
    }
}
