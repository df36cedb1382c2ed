using System.Runtime.CompilerServices;

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
    public const double TargetStd = 1e-4;

    /// <summary>Returns the N×2 initial embedding (interleaved) for validated rows.</summary>
    public static double[] Compute(float[] rows, int n, int dim, int threads)
    {
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < dim; d++) mean[d] += rows[(long)i * dim + d];
        for (int d = 0; d < dim; d++) mean[d] /= n;

        double[] v1, v2;
        if (dim == 1) { v1 = [1]; v2 = [0]; }
        else if (dim <= 256) (v1, v2) = TopTwoFromCovariance(rows, n, dim, mean, threads);
        else (v1, v2) = TopTwoBySubspaceIteration(rows, n, dim, mean, threads);

        var y = new double[2 * n];
        FixedPartition.For(n, 2048, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, _) =>
        {
            for (int i = start; i < end; i++)
            {
                double s1 = 0, s2 = 0;
                for (int d = 0; d < dim; d++)
                {
                    double c = rows[(long)i * dim + d] - mean[d];
                    s1 += c * v1[d]; s2 += c * v2[d];
                }
                y[2 * i] = s1; y[2 * i + 1] = s2;
            }
        });
        for (int c = 0; c < 2; c++)
        {
            int maxAt = 0;
            for (int i = 1; i < n; i++) if (Math.Abs(y[2 * i + c]) > Math.Abs(y[2 * maxAt + c])) maxAt = i;
            if (y[2 * maxAt + c] < 0) for (int i = 0; i < n; i++) y[2 * i + c] = -y[2 * i + c];
        }
        double m1 = 0, ss = 0;
        for (int i = 0; i < n; i++) m1 += y[2 * i];
        m1 /= n;
        for (int i = 0; i < n; i++) ss += (y[2 * i] - m1) * (y[2 * i] - m1);
        double std = Math.Sqrt(ss / n);
        if (!(std > 0)) throw new ArgumentException("PCA initialisation: the first principal component has zero variance.");
        double scale = TargetStd / std;
        for (int c = 0; c < y.Length; c++) y[c] *= scale;
        return y;
    }

    private static (double[], double[]) TopTwoFromCovariance(float[] rows, int n, int dim, double[] mean, int threads)
    {
        int blocks = FixedPartition.BlockCount(n, 4096);
        var partial = new double[blocks][];
        FixedPartition.For(n, 4096, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, b) =>
        {
            var cov = new double[dim * dim];
            var c = new double[dim];
            for (int i = start; i < end; i++)
            {
                for (int d = 0; d < dim; d++) c[d] = rows[(long)i * dim + d] - mean[d];
                for (int a = 0; a < dim; a++)
                {
                    double ca = c[a];
                    for (int e = a; e < dim; e++) cov[a * dim + e] += ca * c[e];
                }
            }
            partial[b] = cov;
        });
        var covariance = new double[dim * dim];
        foreach (var p in partial)
            for (int t = 0; t < covariance.Length; t++) covariance[t] += p[t];
        for (int a = 0; a < dim; a++)
            for (int e = 0; e < a; e++) covariance[a * dim + e] = covariance[e * dim + a];
        var (values, vectors) = SymmetricEigen(covariance, dim);
        return TopTwo(values, vectors, dim);
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
        int k = basis.Length, blocks = FixedPartition.BlockCount(n, 1024);
        var partial = new double[blocks][];
        FixedPartition.For(n, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, blk) =>
        {
            var acc = new double[k * dim];
            var c = new double[dim];
            for (int i = start; i < end; i++)
            {
                for (int d = 0; d < dim; d++) c[d] = rows[(long)i * dim + d] - mean[d];
                for (int b = 0; b < k; b++)
                {
                    double s = 0;
                    for (int d = 0; d < dim; d++) s += c[d] * basis[b][d];
                    for (int d = 0; d < dim; d++) acc[b * dim + d] += s * c[d];
                }
            }
            partial[blk] = acc;
        });
        var result = new double[k][];
        for (int b = 0; b < k; b++) result[b] = new double[dim];
        foreach (var p in partial)
            for (int b = 0; b < k; b++)
                for (int d = 0; d < dim; d++) result[b][d] += p[b * dim + d];
        return result;
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
