package org.newton4j.linalg;

/** Solutions (B×m, NaN where the status is not OK) and status codes of a host-array solve. */
public record HostSolution(double[] solution, int[] status, int batch, int m) {
    public SolveStatus status(int b) { return SolveStatus.of(status[b]); }

    public boolean allOk() {
        for (int s : status) if (s != SolveStatus.OK.code()) return false;
        return true;
    }

    /** Throws naming the first failed matrix, for callers that treat any failure as an error. */
    public HostSolution requireAllOk() {
        for (int b = 0; b < batch; b++)
            if (status[b] != SolveStatus.OK.code())
                throw new ArithmeticException("matrix " + b + " of " + batch + ": " + status(b));
        return this;
    }
}
