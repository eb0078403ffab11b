/**
 * Device-resident optimizers driven by oracles (DESIGN §7): the SGD and Adam baselines, Alice
 * (curvature of expectation with look-ahead) and GroupedNewton (per-group rates from a cubic
 * model of higher-order summaries).
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>Parameters: {@link org.newton4j.optim.Parameter} (name, device buffer, shape) collected in a
 *       {@link org.newton4j.optim.ParameterSet} (one backend, one precision);
 *       {@link org.newton4j.optim.Partition} groups them ({@code canonical}, {@code wb},
 *       {@code trivial}, {@code blocks-k}).</li>
 *   <li>The objective: a {@link org.newton4j.optim.GradientOracle} (like PyTorch's closure, but
 *       evaluated at given parameters on a given minibatch), optionally an exact
 *       {@link org.newton4j.optim.HessianVectorOracle} and {@link org.newton4j.optim.ThirdOrderOracle},
 *       bundled as an {@link org.newton4j.optim.Objective}; {@link org.newton4j.optim.DirectionalDerivatives}
 *       supplies finite-difference fallbacks with documented step sizes and error bounds.</li>
 *   <li>Optimizers ({@link org.newton4j.optim.Optimizer}): {@code Sgd.builder(params, oracle)},
 *       {@code Adam.builder(params, oracle)}, {@code Alice.builder(params, oracle)},
 *       {@code GroupedNewton.builder(params, objective, curvatureBatches)}; then {@code step(batch)}
 *       per minibatch, {@code saveState()}/{@code restoreState(bytes)} (or {@code save(DataOutput)})
 *       for checkpoints, {@code close()} to free the optimizer's buffers.</li>
 *   <li>Kernels: {@link org.newton4j.optim.OptimKernels} (module {@code optim},
 *       kernels/common/optim.h for OpenCL and CUDA; a Java fallback on the CPU backend).</li>
 * </ul>
 */
package org.newton4j.optim;
