/**
 * The small network stack the experiments train: {@link org.newton4j.nn.Tensor} (a device buffer
 * with a batch-first shape), layers ({@link org.newton4j.nn.Linear}, {@link org.newton4j.nn.Conv2d},
 * {@link org.newton4j.nn.ActivationLayer} ReLU/Tanh/ELU, {@link org.newton4j.nn.MaxPool2d},
 * {@link org.newton4j.nn.Flatten}) in a {@link org.newton4j.nn.Sequential} with named
 * {@link org.newton4j.nn.Parameter}s, seeded {@link org.newton4j.nn.Initializer}s and
 * {@link org.newton4j.nn.Checkpoint}s.
 *
 * <p>Every layer has forward, backward (parameter gradients accumulate) and the two passes of
 * Pearlmutter's R-operator, so {@link org.newton4j.nn.HessianVectorProduct} gives exact
 * parameter-space HVPs. The numerical work goes through {@link org.newton4j.nn.NnOps}: a blocked,
 * parallel Java implementation on the CPU (im2col + {@link org.newton4j.nn.CpuGemm}), and the kernels
 * of module "nn" (kernels/common/nn.h) on OpenCL and CUDA.
 */
package org.newton4j.nn;
