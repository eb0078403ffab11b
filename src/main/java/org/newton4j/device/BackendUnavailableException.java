package org.newton4j.device;

/** A backend could not be opened; the message is one line saying why (missing driver, no device, ...). */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final BackendKind kind;

    public BackendUnavailableException(BackendKind kind, String reason) {
        super(kind + " backend unavailable: " + reason);
        this.kind = kind;
    }

    public BackendKind kind() { return kind; }
}
