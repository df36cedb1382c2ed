using System.Numerics.Tensors;

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

    /// <summary>Fills the normalised p for precision β and returns its entropy (vectorised exp and sums).</summary>
    private static double Evaluate(ReadOnlySpan<double> distances, double min, double beta, Span<double> p)
    {
        var shifted = p.Slice(0, distances.Length);
        // p_j = exp(-β (d_j - min)) = exp(-β d_j + β min)
        TensorPrimitives.Multiply<double>(distances, -beta, shifted);
        TensorPrimitives.Add<double>(shifted, beta * min, shifted);
        TensorPrimitives.Exp<double>(shifted, shifted);
        double sum = TensorPrimitives.Sum<double>(shifted);
        // Σ (d_j - min) p_j = Σ d_j p_j - min·sum; sum ≥ 1 because the nearest neighbour has shifted distance 0.
        double weighted = TensorPrimitives.Dot<double>(distances, shifted) - min * sum;
        double inv = 1 / sum;
        TensorPrimitives.Multiply<double>(shifted, inv, shifted);
        return Math.Log(sum) + beta * weighted * inv;
    }
}
