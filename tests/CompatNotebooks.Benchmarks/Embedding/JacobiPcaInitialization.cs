using CompatNotebooks.Embedding;

namespace CompatNotebooks.Benchmarks.Embedding;

/// <summary>
/// The t-SNE PCA initialisation as it was up to ca4a87d (hand-written Jacobi eigen-decomposition and subspace
/// iteration), kept here only as the baseline of the PCA benchmark. scikit-learn's <c>init="pca"</c>: the first two principal-component scores, signs fixed so that the score of
/// largest magnitude in each component is positive (sklearn's <c>svd_flip</c>), scaled so that PC1 has standard
/// deviation 1e-4. Components come from the D×D covariance (Jacobi eigen-decomposition) when D ≤ 256, else from
/// a subspace iteration on the implicit covariance.
/// </summary>
internal static class JacobiPcaInitialization
{
    /// <summary>Returns the N×2 initial embedding (interleaved) for validated rows. The sums over the rows and the scores
    /// are the engine's (<see cref="PcaInitialization"/>); only the eigen-solvers are the old hand-written ones.</summary>
    public static double[] Compute(float[] rows, int n, int dim, int threads)
    {
        var mean = PcaInitialization.Mean(rows, n, dim);
        double[] v1, v2;
        if (dim == 1) { v1 = [1]; v2 = [0]; }
        else if (dim <= 256)
        {
            var (values, vectors) = SymmetricEigen(PcaInitialization.Covariance(rows, n, dim, mean, threads), dim);
            (v1, v2) = TopTwo(values, vectors, dim);
        }
        else (v1, v2) = TopTwoBySubspaceIteration(rows, n, dim, mean, threads);
        return PcaInitialization.Scores(rows, n, dim, mean, v1, v2, threads);
    }

    private static (double[], double[]) TopTwo(double[] values, double[] vectors, int dim)
    {
        int first = 0;
        for (int k = 1; k < dim; k++) if (values[k] > values[first]) first = k;
        int second = first == 0 ? 1 : 0;
        for (int k = 0; k < dim; k++) if (k != first && values[k] > values[second]) second = k;
        var v1 = new double[dim]; var v2 = new double[dim];
        for (int d = 0; d < dim; d++) { v1[d] = vectors[d * dim + first]; v2[d] = vectors[d * dim + second]; }
        return (v1, v2);
    }

    /// <summary>Cyclic Jacobi rotations on a symmetric matrix; returns eigenvalues and eigenvectors (columns).</summary>
    internal static (double[] Values, double[] Vectors) SymmetricEigen(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++)
            {
                diag += a[p * n + p] * a[p * n + p];
                for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            }
            if (off <= 1e-30 * Math.Max(diag, double.Epsilon)) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq; a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk; a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq; v[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
        return (values, v);
    }

    /// <summary>Block power iteration (8 vectors, 30 rounds) with Rayleigh–Ritz, for wide inputs.</summary>
    private static (double[], double[]) TopTwoBySubspaceIteration(float[] rows, int n, int dim, double[] mean, int threads)
    {
        const int block = 8, rounds = 30;
        var rng = new Random(12345);
        var basis = new double[block][];
        for (int b = 0; b < block; b++) { basis[b] = new double[dim]; for (int d = 0; d < dim; d++) basis[b][d] = rng.NextDouble() - 0.5; }
        Orthonormalize(basis);
        double[][] product = basis;
        for (int r = 0; r <= rounds; r++)
        {
            product = CovarianceTimes(rows, n, dim, mean, basis, threads);
            if (r == rounds) break;
            basis = product.Select(p => (double[])p.Clone()).ToArray();
            Orthonormalize(basis);
        }
        // Rayleigh–Ritz: small matrix basisᵀ C basis.
        var small = new double[block * block];
        for (int a = 0; a < block; a++)
            for (int b = 0; b < block; b++)
            {
                double s = 0;
                for (int d = 0; d < dim; d++) s += basis[a][d] * product[b][d];
                small[a * block + b] = s;
            }
        for (int a = 0; a < block; a++)
            for (int b = a + 1; b < block; b++) small[a * block + b] = small[b * block + a] = 0.5 * (small[a * block + b] + small[b * block + a]);
        var (values, vectors) = SymmetricEigen(small, block);
        var (c1, c2) = TopTwo(values, vectors, block);
        var v1 = new double[dim]; var v2 = new double[dim];
        for (int b = 0; b < block; b++)
            for (int d = 0; d < dim; d++) { v1[d] += c1[b] * basis[b][d]; v2[d] += c2[b] * basis[b][d]; }
        return (v1, v2);
    }

    private static double[][] CovarianceTimes(float[] rows, int n, int dim, double[] mean, double[][] basis, int threads)
    {
        var flat = PcaInitialization.CovarianceTimes(rows, n, dim, mean, basis, threads);
        return Enumerable.Range(0, basis.Length).Select(b => flat.AsSpan(b * dim, dim).ToArray()).ToArray();
    }

    private static void Orthonormalize(double[][] basis)
    {
        for (int a = 0; a < basis.Length; a++)
        {
            for (int b = 0; b < a; b++)
            {
                double dot = 0;
                for (int d = 0; d < basis[a].Length; d++) dot += basis[a][d] * basis[b][d];
                for (int d = 0; d < basis[a].Length; d++) basis[a][d] -= dot * basis[b][d];
            }
            double norm = Math.Sqrt(basis[a].Sum(x => x * x));
            if (norm > 0) for (int d = 0; d < basis[a].Length; d++) basis[a][d] /= norm;
        }
    }
}
