package org.newton4j.cli.eval;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.linalg.BatchedSymmetricSolver;
import org.newton4j.linalg.HostSolution;

/**
 * {@code "algorithm": "solve"}: matrices (B×m×m, symmetric), rhs (B×m), lambda (≥ 0, default 0),
 * mean (default false). Answer: solution (B×m; null where the status is not 0) and status (B ints).
 */
public final class SolveEval implements EvalAlgorithm {
    /** Relative asymmetry |a_ij − a_ji| / max|a| above which a matrix is rejected as not symmetric. */
    static final double SYMMETRY_TOLERANCE = 1e-9;

    @Override
    public List<String> names() { return List.of("solve"); }

    @Override
    public void evaluate(EvalRequest req, Backend backend, Precision precision, ObjectNode answer) {
        EvalRequest.Tensor a = req.tensor("matrices", 3);
        int batch = a.dim(0), m = a.dim(1);
        if (a.dim(2) != m) throw new EvalInputException("matrices", "must be B×m×m, got " + batch + "×" + m + "×" + a.dim(2));
        if (m > BatchedSymmetricSolver.MAX_M)
            throw new EvalInputException("matrices", "m = " + m + " exceeds " + BatchedSymmetricSolver.MAX_M);
        EvalRequest.Tensor r = req.tensor("rhs", 2);
        if (r.dim(0) != batch || r.dim(1) != m)
            throw new EvalInputException("rhs", "must be " + batch + "×" + m + " (B×m), got " + r.dim(0) + "×" + r.dim(1));
        double lambda = req.number("lambda", 0);
        if (lambda < 0) throw new EvalInputException("lambda", "must be >= 0, got " + lambda);
        boolean mean = req.bool("mean", false);
        checkSymmetric(a.data(), batch, m);
        HostSolution s = BatchedSymmetricSolver.cholesky(backend).solve(a.data(), r.data(), batch, m, lambda, precision, mean);
        answer.set("solution", JsonArrays.nested(s.solution(), batch, m));
        answer.set("status", JsonArrays.nested(s.status(), batch));
    }

    private static void checkSymmetric(double[] a, int batch, int m) {
        for (int b = 0; b < batch; b++) {
            int off = b * m * m;
            double max = 0;
            for (int e = 0; e < m * m; e++) max = Math.max(max, Math.abs(a[off + e]));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < i; j++) {
                    double d = Math.abs(a[off + i * m + j] - a[off + j * m + i]);
                    if (d > SYMMETRY_TOLERANCE * max)
                        throw new EvalInputException("matrices", "matrix " + b + " is not symmetric: [" + i + "][" + j + "] = "
                                + a[off + i * m + j] + " but [" + j + "][" + i + "] = " + a[off + j * m + i]);
                }
        }
    }
}
