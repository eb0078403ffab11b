package org.newton4j.nn;

/**
 * A loss of the network outputs with its exact gradient and Hessian-vector product in output
 * space: what the R-operator needs to turn output curvature into parameter curvature.
 */
public interface OutputLoss {
    /** Returns L(y) and writes dL/dy into gradient (same shape as y). */
    double gradient(Tensor y, Tensor gradient);

    /** out = ∇²_y L(y) · v (v and out shaped like y). */
    void hessianVectorProduct(Tensor y, Tensor v, Tensor out);
}
