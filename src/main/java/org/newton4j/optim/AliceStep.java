package org.newton4j.optim;

/** Alice's elementwise step δ (DESIGN §7), shared by the CPU fallback and the tests. */
final class AliceStep {
    /** 3 / (4π): the glass term's coefficient. */
    static final double GLASS = 3 / (4 * Math.PI);

    private AliceStep() { }

    /** δ for EMA gradient g, glass density r, curvature state h, second moment v. */
    static double delta(double g, double r, double h, double v, AliceCoefficients c) {
        double absg = Math.abs(g);
        double rho = c.gradGlass() ? r : 0;
        double curv = c.hessComp() == 0 ? 0 : (c.hessComp() == 1 ? h : Math.sqrt(h));
        double alpha = GLASS * rho / (absg + c.eps());
        double hOpt = alpha + curv + Math.sqrt(alpha * (alpha + 2 * curv)) + c.eps();
        double delta = absg / hOpt;
        double lo = c.tau1(), hi = c.tau2();
        if (c.limiter() == 1) {
            lo *= absg;
            hi *= absg;
        } else if (c.limiter() == 2) {
            double f = absg / (Math.sqrt(v) + c.eps());
            lo *= f;
            hi *= f;
        }
        // written so that a NaN delta takes the upper bound, as the reference does
        if (delta < lo) delta = lo;
        else if (!(delta < hi)) delta = hi;
        return g > 0 ? -delta : delta;
    }
}
