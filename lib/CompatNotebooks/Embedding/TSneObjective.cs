using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    private readonly float[] _yFloat;
    private readonly double _negativeEntropy;

    public TSneObjective(TSneAffinities p, IRepulsion repulsion, int threads)
    {
        _p = p;
        _repulsion = repulsion;
        _threads = threads;
        _attractive = new double[2 * p.Count];
        _repulsive = new double[2 * p.Count];
        _yFloat = new float[2 * p.Count];
        _negativeEntropy = p.NegativeEntropy();
    }

    /// <summary>Wall time spent in the repulsive part so far.</summary>
    public TimeSpan RepulsiveTime { get; private set; }

    /// <summary>Wall time spent in the attractive part so far.</summary>
    public TimeSpan AttractiveTime { get; private set; }

    /// <summary>
    /// Writes the gradient into <paramref name="gradient"/>; returns KL(P‖Q) for the un-exaggerated P with the
    /// repulsion's Z (exact or interpolated) when <paramref name="computeKl"/>, else NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Gradient(double[] y, double exaggeration, double[] gradient, bool computeKl)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        double z = _repulsion.Compute(y, _repulsive);
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        double invZ = 1 / Math.Max(z, double.Epsilon);
        double pLogK;
        if (!computeKl && Avx2.IsSupported && Fma.IsSupported)
            pLogK = AttractiveSimd(y, exaggeration, invZ, gradient);
        else
        {
            pLogK = Attractive(_p, y, _attractive, computeKl, _threads);
            FixedPartition.For(_p.Count, 4096, _threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, _) =>
            {
                for (int c = 2 * start; c < 2 * end; c++)
                    gradient[c] = 4 * (exaggeration * _attractive[c] - _repulsive[c] * invZ);
            });
        }
        RepulsiveTime += System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1);
        AttractiveTime += System.Diagnostics.Stopwatch.GetElapsedTime(t1);
        return computeKl ? _negativeEntropy - pLogK + _p.Total * Math.Log(z) : double.NaN;
    }

    /// <summary>attractive_i = Σ_j p_ij K_ij (y_i − y_j); returns Σ p_ij log K_ij when <paramref name="withLog"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Attractive(TSneAffinities p, double[] y, double[] attractive, bool withLog, int threads)
    {
        if (Avx2.IsSupported && Fma.IsSupported) return AttractiveDouble(p, y, attractive, withLog, threads);
        int[] rowStart = p.RowStartArray, cols = p.ColumnArray;
        float[] vals = p.ValueArray;
        return FixedPartition.Sum(p.Count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            double logSum = 0;
            for (int i = start; i < end; i++)
            {
                double xi = y[2 * i], yi = y[2 * i + 1], ax = 0, ay = 0;
                int from = rowStart[i], to = rowStart[i + 1];
                for (int t = from; t < to; t++)
                {
                    int j = cols[t];
                    double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    double pk = vals[t] / (1 + dx * dx + dy * dy);
                    ax += pk * dx; ay += pk * dy;
                }
                if (withLog)
                    for (int t = from; t < to; t++)
                    {
                        int j = cols[t];
                        double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                        logSum -= vals[t] * Math.Log(1 + dx * dx + dy * dy);
                    }
                attractive[2 * i] = ax; attractive[2 * i + 1] = ay;
            }
            return logSum;
        });
    }

    /// <summary>
    /// <see cref="Attractive"/> in double precision with AVX2, 4 neighbours at a time (each (x, y) pair one 128-bit
    /// load) and a vectorised logarithm: the iterations that evaluate the KL divergence.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double AttractiveDouble(TSneAffinities p, double[] y, double[] attractive, bool withLog, int threads)
    {
        int[] rowStart = p.RowStartArray, cols = p.ColumnArray;
        float[] vals = p.ValueArray;
        return FixedPartition.Sum(p.Count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            double logSum = 0;
            fixed (int* colPtr = cols)
            fixed (float* valPtr = vals)
            fixed (double* yPtr = y)
            {
                var one = Vector256.Create(1.0);
                for (int i = start; i < end; i++)
                {
                    double xi = yPtr[2 * i], yi = yPtr[2 * i + 1];
                    var vxi = Vector256.Create(xi);
                    var vyi = Vector256.Create(yi);
                    var accX = Vector256<double>.Zero;
                    var accY = Vector256<double>.Zero;
                    var accLog = Vector256<double>.Zero;
                    int t = rowStart[i], to = rowStart[i + 1];
                    for (; t + 4 <= to; t += 4)
                    {
                        int* c = colPtr + t;
                        var a = Vector256.Create(Vector128.Load(yPtr + 2 * c[0]), Vector128.Load(yPtr + 2 * c[1]));
                        var b = Vector256.Create(Vector128.Load(yPtr + 2 * c[2]), Vector128.Load(yPtr + 2 * c[3]));
                        // x and y of neighbours 0 2 1 3; the values are permuted to match
                        var dx = vxi - Avx.UnpackLow(a, b);
                        var dy = vyi - Avx.UnpackHigh(a, b);
                        var q = Fma.MultiplyAdd(dx, dx, Fma.MultiplyAdd(dy, dy, one));
                        var pv = Avx2.Permute4x64(Avx.ConvertToVector256Double(Sse.LoadVector128(valPtr + t)), 0b11_01_10_00);
                        var pk = pv / q;
                        accX = Fma.MultiplyAdd(pk, dx, accX);
                        accY = Fma.MultiplyAdd(pk, dy, accY);
                        if (withLog) accLog = Fma.MultiplyAdd(pv, Vector256.Log(q), accLog);
                    }
                    double ax = Vector256.Sum(accX), ay = Vector256.Sum(accY), rowLog = Vector256.Sum(accLog);
                    for (; t < to; t++)
                    {
                        int j = colPtr[t];
                        double dx = xi - yPtr[2 * j], dy = yi - yPtr[2 * j + 1];
                        double q = 1 + dx * dx + dy * dy;
                        double pk = valPtr[t] / q;
                        ax += pk * dx; ay += pk * dy;
                        if (withLog) rowLog += valPtr[t] * Math.Log(q);
                    }
                    logSum -= rowLog;
                    attractive[2 * i] = ax; attractive[2 * i + 1] = ay;
                }
            }
            return logSum;
        });
    }

    /// <summary>
    /// The attractive pass with AVX2, 8 neighbours at a time in single precision (as scikit-learn computes
    /// it), combined with the repulsion into the gradient 4 (α·attractive − repulsive / Z) in the same pass (one
    /// parallel region and one pass over the arrays fewer); used on the iterations that do not evaluate the KL
    /// divergence, which keep the double-precision pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe double AttractiveSimd(double[] y, double exaggeration, double invZ, double[] gradient)
    {
        int n = _p.Count;
        for (int c = 0; c < y.Length; c++) _yFloat[c] = (float)y[c];
        int[] rowStart = _p.RowStartArray, cols = _p.ColumnArray;
        float[] vals = _p.ValueArray, yf = _yFloat;
        double[] repulsive = _repulsive;
        FixedPartition.For(n, 1024, _threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, _) =>
        {
            fixed (int* colPtr = cols)
            fixed (float* valPtr = vals, yPtr = yf)
            {
                var one = Vector256.Create(1f);
                var order = Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7);
                long* yPair = (long*)yPtr;
                for (int i = start; i < end; i++)
                {
                    float xi = yPtr[2 * i], yi = yPtr[2 * i + 1];
                    var vxi = Vector256.Create(xi);
                    var vyi = Vector256.Create(yi);
                    var accX = Vector256<float>.Zero;
                    var accY = Vector256<float>.Zero;
                    int t = rowStart[i], to = rowStart[i + 1];
                    for (; t + 8 <= to; t += 8)
                    {
                        // Each neighbour's (x, y) pair as one 64-bit load (AMD's gathers are microcoded and
                        // slower than eight plain loads), split into x and y; lanes come out as 0 1 4 5 2 3 6 7,
                        // so the values are permuted the same way.
                        int* c = colPtr + t;
                        var lo = Vector256.Create(Vector128.Create(yPair[c[0]], yPair[c[1]]), Vector128.Create(yPair[c[2]], yPair[c[3]])).AsSingle();
                        var hi = Vector256.Create(Vector128.Create(yPair[c[4]], yPair[c[5]]), Vector128.Create(yPair[c[6]], yPair[c[7]])).AsSingle();
                        var dx = vxi - Avx.Shuffle(lo, hi, 0b10_00_10_00);
                        var dy = vyi - Avx.Shuffle(lo, hi, 0b11_01_11_01);
                        var q = Fma.MultiplyAdd(dx, dx, Fma.MultiplyAdd(dy, dy, one));
                        var pk = Avx2.PermuteVar8x32(Avx.LoadVector256(valPtr + t), order) / q;
                        accX = Fma.MultiplyAdd(pk, dx, accX);
                        accY = Fma.MultiplyAdd(pk, dy, accY);
                    }
                    double ax = Vector256.Sum(accX), ay = Vector256.Sum(accY);
                    for (; t < to; t++)
                    {
                        int j = colPtr[t];
                        float dx = xi - yPtr[2 * j], dy = yi - yPtr[2 * j + 1];
                        float pk = valPtr[t] / (1 + dx * dx + dy * dy);
                        ax += pk * dx; ay += pk * dy;
                    }
                    gradient[2 * i] = 4 * (exaggeration * ax - repulsive[2 * i] * invZ);
                    gradient[2 * i + 1] = 4 * (exaggeration * ay - repulsive[2 * i + 1] * invZ);
                }
            }
        });
        return 0;
    }

    /// <summary>Exact KL(P‖Q) with the O(N²) normaliser Z (parallel, deterministic).</summary>
    internal static double ExactKl(TSneAffinities p, double[] y, int threads)
    {
        int n = p.Count;
        double z = FixedPartition.Sum(n, 64, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
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
        return p.NegativeEntropy() - pLogK + p.Total * Math.Log(z);
    }
}
