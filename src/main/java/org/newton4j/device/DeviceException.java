package org.newton4j.device;

/** A device operation failed after the backend was opened (out of memory, launch failure, ...). */
public final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) { super(message); }

    public DeviceException(String message, Throwable cause) { super(message, cause); }
}
