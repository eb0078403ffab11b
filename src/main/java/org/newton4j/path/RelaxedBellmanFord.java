package org.newton4j.path;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;

/**
 * AlgoVision's relaxed Bellman-Ford shortest path on H×W grids of positive vertex costs (DESIGN §5):
 * the relaxed path, its loss against a 0/1 truth path, the gradient of the loss w.r.t. the H·W
 * costs, the exact full Hessian (forward-over-reverse, not finite differences) and Hessian-vector
 * products, for a batch of maps on any backend.
 *
 * <pre>{@code
 * RelaxedBellmanFord rbf = RelaxedBellmanFord.builder().grid(12, 12).beta(10).iterations(24)
 *         .tconorm(TConorm.hamacher(0.5)).loop(Loop.WHILE).loss(PathLoss.L2SQ).build();
 * rbf.evaluate(cost, truth, batch, new PathOutputs(path, loss, gradient, hessian));
 * }</pre>
 *
 * <p>Derivatives through Yager-1's relu and L1's |·| are the almost-everywhere ones; the relaxed
 * While's iteration count is data dependent and held fixed when differentiating.
 */
public final class RelaxedBellmanFord {
    /** The largest grid (in cells) for which a full Hessian is offered (24×24). */
    public static final int MAX_HESSIAN_CELLS = 576;
    public static final int MAX_ITERATIONS = 4096;

    private final GridGraph grid;
    private final double beta;
    private final int iterations;
    private final TConorm tconorm;
    private final Loop loop;
    private final PathLoss loss;

    private RelaxedBellmanFord(Builder b) {
        if (b.height == 0 || b.width == 0) throw new IllegalArgumentException("grid: height and width must be set (builder.grid(h, w))");
        this.grid = new GridGraph(b.height, b.width);
        if (!(b.beta > 0) || !Double.isFinite(b.beta)) throw new IllegalArgumentException("beta: must be finite and > 0, got " + b.beta);
        int t = b.iterations == 0 ? 2 * Math.max(b.height, b.width) : b.iterations;
        if (t < 1 || t > MAX_ITERATIONS) throw new IllegalArgumentException("iterations: must be in [1, " + MAX_ITERATIONS + "], got " + t);
        if (b.tconorm == null) throw new IllegalArgumentException("tconorm: must not be null");
        if (b.loop == null) throw new IllegalArgumentException("loop: must not be null");
        if (b.loss == null) throw new IllegalArgumentException("loss: must not be null");
        this.beta = b.beta;
        this.iterations = t;
        this.tconorm = b.tconorm;
        this.loop = b.loop;
        this.loss = b.loss;
    }

    public static Builder builder() { return new Builder(); }

    public GridGraph grid() { return grid; }
    public int height() { return grid.height(); }
    public int width() { return grid.width(); }
    /** m = H·W, the number of costs per map. */
    public int cells() { return grid.cells(); }
    public double beta() { return beta; }
    public int iterations() { return iterations; }
    public TConorm tconorm() { return tconorm; }
    public Loop loop() { return loop; }
    public PathLoss loss() { return loss; }

    /**
     * Evaluates a batch: cost N×H·W (positive, finite), truth N×H·W (0/1, needed when loss,
     * gradient or hessian is wanted, else may be null), outputs as in {@link PathOutputs}.
     */
    public void evaluate(DeviceBuffer cost, DeviceBuffer truth, int batch, PathOutputs outputs) {
        if (outputs == null) throw new IllegalArgumentException("outputs: must not be null");
        boolean needsTruth = outputs.loss() != null || outputs.wantsDerivatives();
        if (needsTruth && truth == null) throw new IllegalArgumentException("truth: required for loss, gradient or hessian");
        check(cost, needsTruth ? truth : null, batch);
        long m = cells();
        Backend b = cost.backend();
        if (outputs.path() != null) PathInputs.requireReal(outputs.path(), "path", batch * m, b, cost.type());
        if (outputs.loss() != null) PathInputs.requireReal(outputs.loss(), "loss", batch, b, cost.type());
        if (outputs.gradient() != null) PathInputs.requireReal(outputs.gradient(), "gradient", batch * m, b, cost.type());
        if (outputs.hessian() != null) {
            if (m > MAX_HESSIAN_CELLS)
                throw new IllegalArgumentException("hessian: full Hessians are offered up to " + MAX_HESSIAN_CELLS
                        + " cells (24x24), the grid has " + m + "; use hessianVectorProduct");
            PathInputs.requireReal(outputs.hessian(), "hessian", batch * m * m, b, cost.type());
        }
        implementation(b).evaluate(cost, needsTruth ? truth : null, batch, outputs);
    }

    /** out_i = H_i v_i for every map i: v and out are N×H·W. */
    public void hessianVectorProduct(DeviceBuffer cost, DeviceBuffer truth, int batch, DeviceBuffer v, DeviceBuffer out) {
        if (truth == null) throw new IllegalArgumentException("truth: required for Hessian-vector products");
        check(cost, truth, batch);
        long m = cells();
        PathInputs.requireReal(v, "v", batch * m, cost.backend(), cost.type());
        PathInputs.requireReal(out, "out", batch * m, cost.backend(), cost.type());
        double[] dir = PathInputs.host(v, batch * m);
        for (int i = 0; i < dir.length; i++)
            if (!Double.isFinite(dir[i])) throw new IllegalArgumentException("v: element " + i + " is not finite");
        implementation(cost.backend()).hessianVectorProduct(cost, truth, batch, v, out);
    }

    /** This operation as a loss of the H·W costs, for Newton losses and training. */
    public RelaxedPathLoss asLoss() { return new RelaxedPathLoss(this); }

    private void check(DeviceBuffer cost, DeviceBuffer truth, int batch) {
        PathInputs.requireBatch(batch);
        if (cost == null) throw new IllegalArgumentException("cost: missing");
        if (cost.isClosed()) throw new IllegalArgumentException("cost: buffer is closed");
        if (cost.type() != cost.precision().elementType()) throw new IllegalArgumentException("cost: must be a real buffer");
        long m = cells();
        if (cost.length() < batch * m) throw new IllegalArgumentException("cost: needs " + batch * m + " elements, has " + cost.length());
        PathInputs.checkedCosts(cost, batch * m);
        if (truth != null) {
            PathInputs.requireReal(truth, "truth", batch * m, cost.backend(), cost.type());
            PathInputs.checkedTruth(truth, batch * m);
        }
    }

    private Implementation implementation(Backend backend) {
        return backend instanceof NativeBackend nb ? new RelaxedBellmanFordNative(this, nb) : new RelaxedBellmanFordCpu(this);
    }

    /** The per-backend implementation (inputs already validated). */
    interface Implementation {
        void evaluate(DeviceBuffer cost, DeviceBuffer truth, int batch, PathOutputs outputs);

        void hessianVectorProduct(DeviceBuffer cost, DeviceBuffer truth, int batch, DeviceBuffer v, DeviceBuffer out);
    }

    RelaxedBellmanFordSample newSample() {
        return new RelaxedBellmanFordSample(grid, iterations, beta, tconorm, loop, loss);
    }

    @Override
    public String toString() {
        return "RelaxedBellmanFord[" + height() + "x" + width() + ", beta=" + beta + ", iterations=" + iterations
                + ", tconorm=" + tconorm + ", loop=" + loop + ", loss=" + loss + "]";
    }

    /** Parameters; {@link #build()} validates them and names the bad one. */
    public static final class Builder {
        private int height, width, iterations;
        private double beta = 1;
        private TConorm tconorm = TConorm.probabilistic();
        private Loop loop = Loop.FOR;
        private PathLoss loss = PathLoss.L2SQ;

        private Builder() { }

        /** Grid height and width (each in [1, 32], at least 2 cells). Required. */
        public Builder grid(int height, int width) { this.height = height; this.width = width; return this; }
        /** Inverse temperature β &gt; 0 of the softmin (default 1). */
        public Builder beta(double beta) { this.beta = beta; return this; }
        /** Relaxation count T (default 2·max(H, W)); also the For traceback's length. */
        public Builder iterations(int iterations) {
            if (iterations < 1 || iterations > MAX_ITERATIONS)
                throw new IllegalArgumentException("iterations: must be in [1, " + MAX_ITERATIONS + "], got " + iterations);
            this.iterations = iterations;
            return this;
        }
        public Builder tconorm(TConorm tconorm) { this.tconorm = tconorm; return this; }
        public Builder loop(Loop loop) { this.loop = loop; return this; }
        public Builder loss(PathLoss loss) { this.loss = loss; return this; }

        public RelaxedBellmanFord build() { return new RelaxedBellmanFord(this); }
    }
}
