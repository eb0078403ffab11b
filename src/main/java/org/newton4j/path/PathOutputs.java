package org.newton4j.path;

import org.newton4j.device.DeviceBuffer;

/**
 * Where {@link RelaxedBellmanFord#evaluate} writes; a null buffer means "not wanted". Shapes for a
 * batch of N maps of m = H·W cells: path N×m, loss N, gradient N×m, hessian N×m×m (row-major).
 */
public record PathOutputs(DeviceBuffer path, DeviceBuffer loss, DeviceBuffer gradient, DeviceBuffer hessian) {
    public static PathOutputs pathOnly(DeviceBuffer path) { return new PathOutputs(path, null, null, null); }

    boolean wantsDerivatives() { return gradient != null || hessian != null; }
}
