package org.newton4j.train;

import org.newton4j.device.DeviceBuffer;

/**
 * A {@link BatchLoss} that also gives Hessian-vector products in output space, which lets the
 * trainer offer exact parameter-space HVPs ({@link Objective#hessianVectorProduct}) through the
 * R-operator. Same conventions as {@link BatchLoss#evaluate}: L is a mean over the rows.
 */
public interface CurvedBatchLoss extends BatchLoss {
    /** out = ∇²_y L · v, all rows×columns on the backend of y. */
    void hessianVectorProduct(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer v, DeviceBuffer out);
}
