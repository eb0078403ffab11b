package org.newton4j.loss;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Independent float64 linear algebra for the tests (EJML), so the formulas are not checked against themselves. */
final class DenseReference {
    private DenseReference() { }

    /** (A + λI)⁻¹ r. */
    static double[] solve(double[] a, int m, double lambda, double[] r) {
        DMatrixRMaj A = new DMatrixRMaj(m, m, true, a.clone());
        for (int i = 0; i < m; i++) A.add(i, i, lambda);
        DMatrixRMaj x = new DMatrixRMaj(m, 1);
        if (!CommonOps_DDRM.solve(A, new DMatrixRMaj(m, 1, true, r.clone()), x)) throw new ArithmeticException("singular");
        return x.data;
    }

    /** |A| = V |Λ| Vᵀ for symmetric A. */
    static double[] absolute(double[] a, int m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(new DMatrixRMaj(m, m, true, a.clone()))) throw new ArithmeticException("eig failed");
        double[] out = new double[m * m];
        for (int k = 0; k < m; k++) {
            double lam = Math.abs(eig.getEigenvalue(k).getReal());
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) out[i * m + j] += lam * v.get(i) * v.get(j);
        }
        return out;
    }

    static double minEigenvalue(double[] a, int m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        eig.decompose(new DMatrixRMaj(m, m, true, a.clone()));
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < m; k++) min = Math.min(min, eig.getEigenvalue(k).getReal());
        return min;
    }
}
