using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace CompatNotebooks.Embedding;

/// <summary>
/// scikit-learn's <c>init="pca"</c>: the first two principal-component scores, signs fixed so that the score of
/// largest magnitude in each component is positive (sklearn's <c>svd_flip</c>), scaled so that PC1 has standard
/// deviation 1e-4. The components are eigenvectors of the D×D covariance (MathNet.Numerics' symmetric
/// eigen-decomposition) when D ≤ <see cref="MaxCovarianceDimension"/>; wider inputs use a block power iteration on
/// the implicit covariance (MathNet's QR to orthonormalise, its eigen-decomposition for the Rayleigh–Ritz step), so
/// no D×D matrix is formed.
/// </summary>
/// <remarks>
/// Only the sums over the N rows (mean, covariance, covariance times a block) are ours: they run in parallel over
/// fixed blocks and are combined in block order, so the result is the same whatever the thread count.
/// </remarks>
/// <param name="maxCovarianceDimension">Widest input whose covariance is formed (tests lower it to check the other path).</param>
internal sealed class PcaInitialization(int maxCovarianceDimension = PcaInitialization.MaxCovarianceDimension) : IInitialization
{
    /// <summary>Standard deviation of the first coordinate of the initial embedding (scikit-learn's).</summary>
    public const double TargetStd = 1e-4;

    /// <summary>Widest input whose covariance matrix is formed explicitly.</summary>
    public const int MaxCovarianceDimension = 256;

    private const int Block = 8, Rounds = 30;

    /// <inheritdoc/>
    public double[] Compute(float[] rows, int n, int dim, int threads)
    {
        var mean = Mean(rows, n, dim);
        double[] v1, v2;
        if (dim == 1) { v1 = [1]; v2 = [0]; }
        else if (dim <= maxCovarianceDimension) (v1, v2) = TopTwo(Matrix<double>.Build.Dense(dim, dim, Covariance(rows, n, dim, mean, threads)));
        else (v1, v2) = TopTwoBySubspaceIteration(rows, n, dim, mean, threads);
        return Scores(rows, n, dim, mean, v1, v2, threads);
    }

    /// <summary>The mean of the N rows of width <paramref name="dim"/>.</summary>
    internal static double[] Mean(float[] rows, int n, int dim)
    {
        var mean = new double[dim];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < dim; d++) mean[d] += rows[(long)i * dim + d];
        for (int d = 0; d < dim; d++) mean[d] /= n;
        return mean;
    }

    /// <summary>The rows' centred scores on <paramref name="v1"/> and <paramref name="v2"/> (N×2, interleaved), signs fixed
    /// as sklearn's <c>svd_flip</c> does and scaled so that the first has standard deviation <see cref="TargetStd"/>.</summary>
    internal static double[] Scores(float[] rows, int n, int dim, double[] mean, double[] v1, double[] v2, int threads)
    {
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

    /// <summary>The D×D covariance sums of the centred rows (row-major, symmetric), summed over fixed blocks in block order.</summary>
    internal static double[] Covariance(float[] rows, int n, int dim, double[] mean, int threads)
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
        return covariance;
    }

    /// <summary>Eigenvectors of the two largest eigenvalues of a symmetric matrix.</summary>
    private static (double[], double[]) TopTwo(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues;
        int first = 0;
        for (int k = 1; k < values.Count; k++) if (values[k].Real > values[first].Real) first = k;
        int second = first == 0 ? 1 : 0;
        for (int k = 0; k < values.Count; k++) if (k != first && values[k].Real > values[second].Real) second = k;
        return (evd.EigenVectors.Column(first).ToArray(), evd.EigenVectors.Column(second).ToArray());
    }

    /// <summary>Block power iteration (8 vectors, 30 rounds, fixed start) with Rayleigh–Ritz, for wide inputs.</summary>
    private static (double[], double[]) TopTwoBySubspaceIteration(float[] rows, int n, int dim, double[] mean, int threads)
    {
        var rng = new Random(12345);
        var start = Matrix<double>.Build.Dense(dim, Block, (_, _) => rng.NextDouble() - 0.5);
        var basis = start.QR(QRMethod.Thin).Q;
        Matrix<double> product = basis;
        for (int r = 0; r <= Rounds; r++)
        {
            product = CovarianceTimes(rows, n, dim, mean, basis, threads);
            if (r == Rounds) break;
            basis = product.QR(QRMethod.Thin).Q;
        }
        // Rayleigh–Ritz: the small matrix basisᵀ C basis, symmetrised against rounding.
        var small = basis.TransposeThisAndMultiply(product);
        small = (small + small.Transpose()) * 0.5;
        var (c1, c2) = TopTwo(small);
        return ((basis * Vector<double>.Build.Dense(c1)).ToArray(), (basis * Vector<double>.Build.Dense(c2)).ToArray());
    }

    /// <summary>C·basis for the covariance C of the rows, without forming C.</summary>
    private static Matrix<double> CovarianceTimes(float[] rows, int n, int dim, double[] mean, Matrix<double> basis, int threads) =>
        // the result is column-major dim × k (column b at b·dim), MathNet's dense storage order
        Matrix<double>.Build.Dense(dim, basis.ColumnCount, CovarianceTimes(rows, n, dim, mean, basis.ToColumnArrays(), threads));

    /// <summary>C·basis for the covariance C of the rows, without forming C: Σ_i c_i (c_iᵀ basis) over centred rows c_i,
    /// summed over fixed blocks in block order; column b of the result at [b·dim, (b+1)·dim).</summary>
    internal static double[] CovarianceTimes(float[] rows, int n, int dim, double[] mean, double[][] columns, int threads)
    {
        int k = columns.Length, blocks = FixedPartition.BlockCount(n, 1024);
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
                    var column = columns[b];
                    for (int d = 0; d < dim; d++) s += c[d] * column[d];
                    for (int d = 0; d < dim; d++) acc[b * dim + d] += s * c[d];
                }
            }
            partial[blk] = acc;
        });
        var result = new double[k * dim];
        foreach (var p in partial)
            for (int t = 0; t < result.Length; t++) result[t] += p[t];
        return result;
    }
}
