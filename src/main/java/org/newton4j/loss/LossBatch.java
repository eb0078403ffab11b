package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * A batch a loss is evaluated on: {@code y} holds N×m outputs row-major (real), {@code targets} the
 * loss-specific ground truth (ranks as I32 N×n for ranking, 0/1 reals N×H·W for paths, reals N×m for
 * MSE, I32 class labels N for cross-entropy). All buffers live on one backend.
 */
public record LossBatch(DeviceBuffer y, DeviceBuffer targets, int size) {
    public LossBatch {
        if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        if (y.backend() != targets.backend())
            throw new IllegalArgumentException("y and targets live on different backends");
    }
}
