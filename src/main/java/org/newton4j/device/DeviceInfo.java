package org.newton4j.device;

/** What `newton4j devices` prints about one usable device. */
public record DeviceInfo(String name, long globalMemoryBytes, int computeUnits, boolean fp64,
                         long maxGroupLocalBytes, int maxGroupSize) {
    public String describe() {
        return String.format("%s, %.1f GiB, %d compute units, fp64 %s", name,
                globalMemoryBytes / (1024.0 * 1024 * 1024), computeUnits, fp64 ? "yes" : "no");
    }
}
