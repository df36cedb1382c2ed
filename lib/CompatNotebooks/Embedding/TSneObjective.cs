namespace CompatNotebooks.Embedding;

/// <summary>
/// KL(P‖Q) and its gradient for a 2-D embedding: ∂C/∂y_i = 4 Σ_j (α·p_ij − q_ij) K_ij (y_i − y_j), with the
/// attractive half over the sparse P and the repulsive half (and Z) from an <see cref="IRepulsion"/>.
/// α is the early-exaggeration factor. The factor 4 is the true gradient, as scikit-learn's.
/// </summary>
internal sealed class TSneObjective
{
    private readonly TSneAffinities _p;
    private readonly IRepulsion _repulsion;
    private readonly int _threads;
    private readonly double[] _attractive, _repulsive;
    private readonly double _negativeEntropy;

    public TSneObjective(TSneAffinities p, IRepulsion repulsion, int threads)
    {
        _p = p;
        _repulsion = repulsion;
        _threads = threads;
        _attractive = new double[2 * p.Count];
        _repulsive = new double[2 * p.Count];
        _negativeEntropy = p.NegativeEntropy();
    }

    /// <summary>
    /// Writes the gradient into <paramref name="gradient"/>; returns KL(P‖Q) for the un-exaggerated P with the
    /// repulsion's Z (exact or interpolated) when <paramref name="computeKl"/>, else NaN.
    /// </summary>
    public double Gradient(double[] y, double exaggeration, double[] gradient, bool computeKl)
    {
        double z = _repulsion.Compute(y, _repulsive);
        double pLogK = Attractive(_p, y, _attractive, computeKl, _threads);
        double invZ = 1 / Math.Max(z, double.Epsilon);
        FixedPartition.For(_p.Count, 4096, _threads, (start, end, _) =>
        {
            for (int c = 2 * start; c < 2 * end; c++)
                gradient[c] = 4 * (exaggeration * _attractive[c] - _repulsive[c] * invZ);
        });
        return computeKl ? _negativeEntropy - pLogK + Math.Log(z) : double.NaN;
    }

    /// <summary>attractive_i = Σ_j p_ij K_ij (y_i − y_j); returns Σ p_ij log K_ij when <paramref name="withLog"/>.</summary>
    internal static double Attractive(TSneAffinities p, double[] y, double[] attractive, bool withLog, int threads)
    {
        int[] rowStart = p.RowStartArray, cols = p.ColumnArray;
        double[] vals = p.ValueArray;
        return FixedPartition.Sum(p.Count, 1024, threads, (start, end) =>
        {
            double logSum = 0;
            for (int i = start; i < end; i++)
            {
                double xi = y[2 * i], yi = y[2 * i + 1], ax = 0, ay = 0;
                for (int t = rowStart[i], e = rowStart[i + 1]; t < e; t++)
                {
                    int j = cols[t];
                    double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    double d2 = dx * dx + dy * dy;
                    double pk = vals[t] / (1 + d2);
                    ax += pk * dx; ay += pk * dy;
                    if (withLog) logSum -= vals[t] * Math.Log(1 + d2);
                }
                attractive[2 * i] = ax; attractive[2 * i + 1] = ay;
            }
            return logSum;
        });
    }

    /// <summary>Exact KL(P‖Q) with the O(N²) normaliser Z (parallel, deterministic).</summary>
    internal static double ExactKl(TSneAffinities p, double[] y, int threads)
    {
        int n = p.Count;
        double z = FixedPartition.Sum(n, 64, threads, (start, end) =>
        {
            double s = 0;
            for (int i = start; i < end; i++)
            {
                double xi = y[2 * i], yi = y[2 * i + 1], row = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    row += 1 / (1 + dx * dx + dy * dy);
                }
                s += row;
            }
            return s;
        });
        double pLogK = Attractive(p, y, new double[2 * n], true, threads);
        return p.NegativeEntropy() - pLogK + Math.Log(z);
    }
}
