package org.newton4j.linalg;

/** How the eigen path inverts a symmetric (possibly indefinite) matrix A + δI. */
public enum SpectrumPolicy {
    /** x = V (Λ + δI)⁻¹ Vᵀ r: the exact solve, also for indefinite matrices. */
    SIGNED,
    /** x = V (|Λ| + δI)⁻¹ Vᵀ r: eigenvalue magnitudes, so the result is a descent direction. */
    ABSOLUTE
}
