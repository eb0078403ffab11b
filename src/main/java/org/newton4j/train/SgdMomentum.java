package org.newton4j.train;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.newton4j.device.Backend;
import org.newton4j.nn.Parameter;

/**
 * The default update: v ← μ·v + g, θ ← θ − η·v (PyTorch's SGD with momentum, no dampening).
 * Runs on the host: reads θ and g, writes θ back (parameters of the small networks here are a few
 * MB, far below a training pass); velocities stay on the host in float64.
 */
public final class SgdMomentum implements ParameterUpdate {
    private final double learningRate;
    private final double momentum;
    private final Map<String, double[]> velocity = new HashMap<>();

    public SgdMomentum(double learningRate, double momentum) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double learningRate() { return learningRate; }

    public double momentum() { return momentum; }

    @Override
    public void step(List<Parameter> parameters, Objective objective, double loss) {
        for (Parameter p : parameters) {
            Backend b = p.value().backend();
            double[] theta = p.value().toHost(), g = p.gradient().toHost();
            double[] v = velocity.computeIfAbsent(p.name(), k -> new double[theta.length]);
            if (v.length != theta.length)
                throw new IllegalStateException("sgd: velocity of " + p.name() + " has " + v.length + " values, parameter " + theta.length);
            for (int i = 0; i < theta.length; i++) {
                v[i] = momentum * v[i] + g[i];
                theta[i] -= learningRate * v[i];
            }
            b.write(p.value().buffer(), 0, theta, 0, theta.length);
        }
    }

    @Override
    public String name() { return "sgd"; }

    @Override
    public Map<String, double[]> state() {
        Map<String, double[]> s = new LinkedHashMap<>();
        velocity.forEach((k, v) -> s.put(k + ".velocity", v.clone()));
        return s;
    }

    @Override
    public void restoreState(Map<String, double[]> state) {
        velocity.clear();
        state.forEach((k, v) -> {
            if (k.endsWith(".velocity")) velocity.put(k.substring(0, k.length() - ".velocity".length()), v.clone());
        });
    }
}
