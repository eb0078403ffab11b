package org.newton4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.nn.Checkpoint;
import org.newton4j.nn.Parameter;
import org.newton4j.nn.Tensor;
import org.newton4j.optim.GradientOracle;
import org.newton4j.optim.HessianVectorOracle;
import org.newton4j.optim.Optimizer;
import org.newton4j.optim.ParameterSet;

/**
 * Runs an optimizer of org.newton4j.optim (SGD, Adam, GroupedNewton, Alice) behind the trainers'
 * {@link ParameterUpdate} seam. The optimizer's minibatch type is the trainer's {@link Objective};
 * its gradient oracle evaluates the network at the points it asks for (moving the parameters there
 * and back when they are not the current values) and its Hessian-vector oracle uses the exact
 * R-operator when the loss is a {@link CurvedBatchLoss}. The gradient the trainer computed before
 * the step is reused for the optimizer's first evaluation at the current parameters.
 */
public final class OptimizerUpdate implements ParameterUpdate {
    /** Builds the optimizer once the network's parameters exist. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param parameters   the network's parameter buffers (updated in place by the optimizer)
         * @param oracles      gradient and (exact) Hessian-vector oracles over trainer minibatches
         * @param currentBatch the minibatch of the current step (for optimizers that ask for a curvature batch)
         */
        Optimizer<Objective> create(ParameterSet parameters, org.newton4j.optim.Objective<Objective> oracles,
                                    Supplier<Objective> currentBatch);
    }

    private final String name;
    private final Factory factory;
    private Optimizer<Objective> optimizer;
    private List<Parameter> params;
    private Objective current;
    private boolean gradientsFresh;
    private double currentLoss;
    private byte[] pendingState;   // restored before the first step built the optimizer

    public OptimizerUpdate(String name, Factory factory) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("optimizer name: must not be blank");
        this.name = name;
        this.factory = factory;
    }

    @Override
    public void step(List<Parameter> parameters, Objective objective, double loss) {
        if (optimizer == null) {
            params = List.copyOf(parameters);
            List<org.newton4j.optim.Parameter> ps = new ArrayList<>();
            for (Parameter p : params) ps.add(new org.newton4j.optim.Parameter(p.name(), p.value().buffer(), p.value().shape()));
            GradientOracle<Objective> g = this::gradient;
            HessianVectorOracle<Objective> h = this::hessianVector;
            optimizer = factory.create(new ParameterSet(ps), org.newton4j.optim.Objective.of(g).withHessianVector(h), () -> current);
            if (pendingState != null) optimizer.restoreState(pendingState);
            pendingState = null;
        }
        current = objective;
        currentLoss = loss;
        gradientsFresh = true;
        optimizer.step(objective);
        gradientsFresh = false;
    }

    private boolean atCurrentValues(List<DeviceBuffer> at) {
        for (int i = 0; i < params.size(); i++) if (at.get(i) != params.get(i).value().buffer()) return false;
        return true;
    }

    /** Moves the parameters to {@code at}, runs the body, moves them back. */
    private <T> T evaluatedAt(List<DeviceBuffer> at, Supplier<T> body) {
        if (atCurrentValues(at)) return body.get();
        List<DeviceBuffer> saved = new ArrayList<>();
        try {
            for (int i = 0; i < params.size(); i++) {
                DeviceBuffer v = params.get(i).value().buffer();
                Backend b = v.backend();
                DeviceBuffer keep = b.allocate(v.type(), v.length());
                saved.add(keep);
                b.copy(v, 0, keep, 0, v.length());
                b.copy(at.get(i), 0, v, 0, v.length());
            }
            return body.get();
        } finally {
            for (int i = 0; i < saved.size(); i++) {
                DeviceBuffer v = params.get(i).value().buffer();
                v.backend().copy(saved.get(i), 0, v, 0, v.length());
                saved.get(i).close();
            }
        }
    }

    private double gradient(List<DeviceBuffer> at, Objective batch, List<DeviceBuffer> out) {
        double loss;
        if (gradientsFresh && batch == current && atCurrentValues(at)) {
            loss = currentLoss;   // the trainer's evaluation at these very values
        } else {
            loss = evaluatedAt(at, batch::evaluate);
        }
        gradientsFresh = false;
        for (int i = 0; i < params.size(); i++) {
            DeviceBuffer g = params.get(i).gradient().buffer();
            g.backend().copy(g, 0, out.get(i), 0, g.length());
        }
        return loss;
    }

    private void hessianVector(List<DeviceBuffer> at, Objective batch, List<DeviceBuffer> v, List<DeviceBuffer> out) {
        evaluatedAt(at, () -> {
            List<Tensor> vt = new ArrayList<>(), ot = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                int[] shape = params.get(i).value().shape();
                vt.add(Tensor.wrap(v.get(i), shape));
                ot.add(Tensor.wrap(out.get(i), shape));
            }
            gradientsFresh = false;   // the HVP pass recomputes (and overwrites) the gradients
            return batch.hessianVectorProduct(vt, ot);
        });
    }

    @Override
    public String name() { return name; }

    /** Frees the optimizer's buffers; the next step (of a new run) builds a fresh one. */
    @Override
    public void close() {
        if (optimizer != null) optimizer.close();
        optimizer = null;
        pendingState = null;
        params = null;
        current = null;
    }

    /** The optimizer's serialized state, one byte per element, under "serialized". */
    @Override
    public Map<String, double[]> state() {
        if (optimizer == null) return pendingState == null ? Map.of() : Map.of("serialized", Checkpoint.encodeBytes(pendingState));
        return Map.of("serialized", Checkpoint.encodeBytes(optimizer.saveState()));
    }

    /**
     * Restores what {@link #state()} returned. Before the first step the optimizer does not exist yet (it is built
     * over the network's parameters then), so the state waits and is restored as soon as it is built.
     */
    @Override
    public void restoreState(Map<String, double[]> state) {
        double[] d = state.get("serialized");
        if (d == null) return;
        byte[] bytes = Checkpoint.decodeBytes(d, "optimizer.serialized");
        if (optimizer == null) pendingState = bytes;
        else optimizer.restoreState(bytes);
    }
}
