package org.newton4j.linalg;

/**
 * Outcome of one matrix of a batched solve; the codes are kernels/common/linalg_status.h's.
 * A matrix that is not OK gets a NaN solution — never a silently wrong number.
 */
public enum SolveStatus {
    OK(0),
    /** A Cholesky pivot was clearly negative: the damped matrix is indefinite. */
    NOT_POSITIVE_DEFINITE(1),
    /** A pivot or eigenvalue was zero within m·ε·max|diag|. */
    SINGULAR(2),
    /** The matrix (lower triangle) or right-hand side held NaN or ±Inf. */
    NON_FINITE(3);

    private final int code;

    SolveStatus(int code) { this.code = code; }

    public int code() { return code; }

    public static SolveStatus of(int code) {
        for (SolveStatus s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("unknown solve status code " + code);
    }
}
