package org.newton4j.nn;

import java.util.List;

/**
 * Exact Hessian-vector products of L(θ) = loss(net(x; θ)) with respect to the parameters, by
 * Pearlmutter's R-operator: forward, backward, an R-forward pass along v, the loss's output-space
 * HVP, an R-backward pass. Costs about two gradient evaluations, needs no finite differences.
 */
public final class HessianVectorProduct {
    private HessianVectorProduct() { }

    /**
     * Leaves dL/dθ in the parameters' gradients and writes out = ∇²_θ L · v.
     *
     * @param direction one tensor per {@link Sequential#parameters()} entry, shaped like it
     * @param out       one tensor per parameter, overwritten
     * @return L at the current parameters
     */
    public static double compute(Sequential net, Tensor x, OutputLoss loss, List<Tensor> direction, List<Tensor> out) {
        List<Parameter> ps = net.parameters();
        if (direction.size() != ps.size() || out.size() != ps.size())
            throw new IllegalArgumentException("hvp: direction and out need one tensor per parameter (" + ps.size() + "), got "
                    + direction.size() + " and " + out.size());
        for (int i = 0; i < ps.size(); i++) {
            int[] shape = ps.get(i).value().shape();
            if (!direction.get(i).sameShape(shape) || !out.get(i).sameShape(shape))
                throw new IllegalArgumentException("hvp: tensors for " + ps.get(i).name() + " must have shape " + java.util.Arrays.toString(shape));
        }
        net.zeroGradients();
        Tensor y = net.forward(x);
        try (Tensor g = Tensor.allocate(y.backend(), y.precision(), y.shape());
             Tensor rg = Tensor.allocate(y.backend(), y.precision(), y.shape())) {
            double value = loss.gradient(y, g);
            net.backwardParameters(g);
            Tensor ry = net.forwardTangent(null, direction);
            for (Tensor o : out) o.backend().fill(o.buffer(), 0);
            if (ry == null) return value;   // a network without parameters has no parameter curvature
            loss.hessianVectorProduct(y, ry, rg);
            net.backwardTangent(rg, out);
            return value;
        }
    }
}
