package org.newton4j.nn;

import java.util.SplittableRandom;

/**
 * Weight initialisations by fan-in/fan-out (for a convolution, fan = channels·k·k). Biases start at
 * zero except under {@link #PYTORCH_DEFAULT}, which draws both like torch.nn.Linear/Conv2d do
 * (U(±1/√fanIn)), so runs are comparable with the reference code.
 */
public enum Initializer {
    /** He et al.: U(±√(6/fanIn)), for ReLU networks. */
    KAIMING_UNIFORM,
    /** He et al.: N(0, 2/fanIn). */
    KAIMING_NORMAL,
    /** Glorot &amp; Bengio: U(±√(6/(fanIn+fanOut))), for tanh networks. */
    XAVIER_UNIFORM,
    /** Glorot &amp; Bengio: N(0, 2/(fanIn+fanOut)). */
    XAVIER_NORMAL,
    /** torch.nn defaults: weight and bias U(±1/√fanIn). */
    PYTORCH_DEFAULT;

    public double[] weights(int count, int fanIn, int fanOut, SplittableRandom random) {
        double[] w = new double[count];
        switch (this) {
            case KAIMING_UNIFORM: uniform(w, Math.sqrt(6.0 / fanIn), random); break;
            case KAIMING_NORMAL: normal(w, Math.sqrt(2.0 / fanIn), random); break;
            case XAVIER_UNIFORM: uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), random); break;
            case XAVIER_NORMAL: normal(w, Math.sqrt(2.0 / (fanIn + fanOut)), random); break;
            default: uniform(w, 1 / Math.sqrt(fanIn), random);
        }
        return w;
    }

    public double[] biases(int count, int fanIn, SplittableRandom random) {
        double[] b = new double[count];
        if (this == PYTORCH_DEFAULT) uniform(b, 1 / Math.sqrt(fanIn), random);
        return b;
    }

    private static void uniform(double[] a, double bound, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) a[i] = (2 * random.nextDouble() - 1) * bound;
    }

    /** Box–Muller, so the draws depend only on the SplittableRandom stream (reproducible across JDKs). */
    private static void normal(double[] a, double std, SplittableRandom random) {
        for (int i = 0; i < a.length; i += 2) {
            double u = 1 - random.nextDouble(), v = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u));
            a[i] = std * r * Math.cos(2 * Math.PI * v);
            if (i + 1 < a.length) a[i + 1] = std * r * Math.sin(2 * Math.PI * v);
        }
    }
}
