package org.newton4j.cli.eval;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * What an eval request's optional "newton" block applies to: the algorithm's per-sample loss, the
 * outputs y (N×m, row-major) and its targets (real or integer, whichever the loss takes).
 */
public record NewtonSubject(TwiceDifferentiableLoss loss, double[] y, int n, double[] realTargets, int[] intTargets) {
    public static NewtonSubject withRealTargets(TwiceDifferentiableLoss loss, double[] y, int n, double[] targets) {
        return new NewtonSubject(loss, y, n, targets, null);
    }

    public static NewtonSubject withIntTargets(TwiceDifferentiableLoss loss, double[] y, int n, int[] targets) {
        return new NewtonSubject(loss, y, n, null, targets);
    }

    DeviceBuffer uploadTargets(Backend backend, Precision precision) {
        return intTargets != null ? backend.upload(intTargets) : backend.upload(precision, realTargets);
    }
}
