using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Per-point binary search for the Gaussian precision β whose conditional distribution over the neighbours has
/// entropy log(perplexity) (natural log), as scikit-learn's <c>_binary_search_perplexity</c>: start at β = 1,
/// double/halve until bracketed, then bisect; at most 100 steps, tolerance 1e-5 on the entropy.
/// </summary>
/// <remarks>
/// Distances are shifted by their minimum and scaled by the power of two that brings their spread into [1, 2)
/// before the search: the normalised probabilities are unchanged (β absorbs the scale), the sum can no longer
/// underflow to 0, and the search starts at the same place whatever the input's units. Without the scaling, inputs
/// in units of 1e20 (squared distances ~1e40) or 1e-20 need a β outside the 2^±100 that 100 halvings or doublings
/// reach, and every point ends up with one neighbour or with all of them equally. A power of two scales exactly,
/// so inputs that differ by a power-of-two factor get bit-identical probabilities. When all neighbours are at the same distance (duplicates, including all
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
        // Shifted and scaled copy: spread in [1, 2), nearest neighbour at 0 (both exact up to the one subtraction).
        double scale = Math.ScaleB(1.0, -Math.ILogB(max - min));
        Span<double> shifted = k <= 256 ? stackalloc double[k] : new double[k];
        for (int t = 0; t < k; t++) shifted[t] = (distances[t] - min) * scale;
        double target = Math.Log(perplexity);
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity, entropy = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            entropy = Evaluate(shifted, beta, p);
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
    private static double Evaluate(ReadOnlySpan<double> distances, double beta, Span<double> p)
    {
        int k = distances.Length, t = 0;
        // p_j = exp(−β d_j) on shifted distances: sum ≥ 1 (the nearest neighbour is at 0).
        var vSum = Vector256<double>.Zero;
        var vDot = Vector256<double>.Zero;
        var vBeta = Vector256.Create(-beta);
        for (; t <= k - 4; t += 4)
        {
            var d = Vector256.Create(distances.Slice(t, 4));
            var e = Vector256.Exp(d * vBeta);
            e.CopyTo(p.Slice(t, 4));
            vSum += e;
            vDot += d * e;
        }
        double sum = Vector256.Sum(vSum), dot = Vector256.Sum(vDot);
        for (; t < k; t++)
        {
            double e = Math.Exp(-beta * distances[t]);
            p[t] = e;
            sum += e;
            dot += distances[t] * e;
        }
        double inv = 1 / sum;
        for (t = 0; t < k; t++) p[t] *= inv;
        return Math.Log(sum) + beta * dot * inv;
    }
}
