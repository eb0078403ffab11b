package org.newton4j.device;

/** Whether one backend could be opened here, and if not, why (one line). */
public record BackendProbe(BackendKind kind, boolean available, String reason, DeviceInfo info) {
    public String describe() {
        return available ? kind + ": available — " + info.describe() : kind + ": unavailable — " + reason;
    }
}
