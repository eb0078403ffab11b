package org.newton4j.optim;

/** The scalars of one SGD update (PyTorch semantics). */
public record SgdCoefficients(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) { }
