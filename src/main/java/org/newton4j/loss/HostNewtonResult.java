package org.newton4j.loss;

/** A Newton-loss step on host arrays: z* and the surrogate gradient (both N×m, row-major). */
public record HostNewtonResult(float[] target, float[] surrogateGradient, double surrogateValue, double lossValue,
                               NewtonReport report) { }
