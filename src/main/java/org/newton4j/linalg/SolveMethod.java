package org.newton4j.linalg;

/** The factorisation a {@link BatchedSymmetricSolver} uses. */
public enum SolveMethod {
    /** Cholesky: fastest; fails (status NOT_POSITIVE_DEFINITE) on indefinite matrices. */
    CHOLESKY,
    /** Jacobi eigendecomposition: solves indefinite matrices ({@link SpectrumPolicy}). */
    EIGEN
}
