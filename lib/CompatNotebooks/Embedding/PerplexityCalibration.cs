using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Per-point binary search for the Gaussian precision β whose conditional distribution over the neighbours has
/// entropy log(perplexity) (natural log), as scikit-learn's <c>_binary_search_perplexity</c>: start at β = 1,
/// double/halve until bracketed, then bisect; at most 100 steps, tolerance 1e-5 on the entropy.
/// </summary>
/// <remarks>
/// Distances are shifted by their minimum before exponentiating: the normalised probabilities are unchanged but
/// the sum can no longer underflow to 0. When all neighbours are at the same distance (duplicates, including all
/// at distance 0) every β gives the uniform distribution, which is returned directly — no division by zero.
/// </remarks>
internal static class PerplexityCalibration
{
    private const int MaxSteps = 100;
    private const double Tolerance = 1e-5;

    /// <summary>Writes p_{j|i} for squared distances <paramref name="distances"/> into <paramref name="p"/>; returns the entropy reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Calibrate(ReadOnlySpan<double> distances, double perplexity, Span<double> p)
    {
        int k = distances.Length;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double d in distances) { if (d < min) min = d; if (d > max) max = d; }
        if (!(max > min))
        {
            p.Slice(0, k).Fill(1.0 / k);
            return Math.Log(k);
        }
        double target = Math.Log(perplexity);
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity, entropy = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            entropy = Evaluate(distances, min, beta, p);
            if (Math.Abs(entropy - target) <= Tolerance) break;
            if (entropy > target)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
        return entropy;
    }

    /// <summary>Fills the normalised p for precision β and returns its entropy (one vectorised pass for exp and both sums).</summary>
    /// <remarks>Written out with <see cref="Vector256"/> rather than TensorPrimitives calls: the package's generic code
    /// would start unoptimised (tiered compilation) for a loop that runs only once per t-SNE.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Evaluate(ReadOnlySpan<double> distances, double min, double beta, Span<double> p)
    {
        int k = distances.Length, t = 0;
        // p_j = exp(−β (d_j − min)); Σ (d_j − min) p_j = Σ d_j p_j − min·sum; sum ≥ 1 (the nearest neighbour has shifted distance 0).
        var vSum = Vector256<double>.Zero;
        var vDot = Vector256<double>.Zero;
        var vBeta = Vector256.Create(-beta);
        var vMin = Vector256.Create(min);
        for (; t <= k - 4; t += 4)
        {
            var d = Vector256.Create(distances.Slice(t, 4));
            var e = Vector256.Exp((d - vMin) * vBeta);
            e.CopyTo(p.Slice(t, 4));
            vSum += e;
            vDot += d * e;
        }
        double sum = Vector256.Sum(vSum), dot = Vector256.Sum(vDot);
        for (; t < k; t++)
        {
            double e = Math.Exp(-beta * (distances[t] - min));
            p[t] = e;
            sum += e;
            dot += distances[t] * e;
        }
        double inv = 1 / sum, weighted = dot - min * sum;
        for (t = 0; t < k; t++) p[t] *= inv;
        return Math.Log(sum) + beta * weighted * inv;
    }
}
