using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Lagrange interpolation weights on <c>points</c> equispaced nodes at offsets −(points/2 − 1) … points/2 around a
/// point's base cell, one point at a time or four in vector lanes (the same operations, so the same bits).
/// </summary>
internal sealed class LagrangeWeights(int points)
{
    private readonly int _half = points / 2;
    private readonly double[] _inverseDenominator = InverseDenominators(points);

    /// <summary>Nodes per dimension.</summary>
    public int Points => points;

    /// <summary><see cref="Compute(double, Span{double})"/> for four offsets in the lanes of <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(Vector256<double> t, Span<Vector256<double>> w)
    {
        int lo = _half - 1;
        var prefix = Vector256<double>.One;
        for (int m = 0; m < points; m++)
        {
            w[m] = prefix;
            prefix *= t - Vector256.Create((double)(m - lo));
        }
        var suffix = Vector256<double>.One;
        for (int m = points - 1; m >= 0; m--)
        {
            w[m] *= suffix * Vector256.Create(_inverseDenominator[m]);
            suffix *= t - Vector256.Create((double)(m - lo));
        }
    }

    /// <summary>Lagrange weights of the nodes at offsets −lo … points−1−lo for a point at offset t ∈ [0, 1).</summary>
    /// <remarks>w_m = Π_{l≠m} (t − offset_l) / Π_{l≠m} (offset_m − offset_l), from prefix and suffix products
    /// (3·points multiplications instead of points²).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(double t, Span<double> w)
    {
        int lo = _half - 1;
        double prefix = 1;
        for (int m = 0; m < points; m++)
        {
            w[m] = prefix;
            prefix *= t - (m - lo);
        }
        double suffix = 1;
        for (int m = points - 1; m >= 0; m--)
        {
            w[m] *= suffix * _inverseDenominator[m];
            suffix *= t - (m - lo);
        }
    }

    private static double[] InverseDenominators(int points)
    {
        int lo = points / 2 - 1;
        var inv = new double[points];
        for (int m = 0; m < points; m++)
        {
            double den = 1;
            for (int l = 0; l < points; l++) if (l != m) den *= (m - lo) - (l - lo);
            inv[m] = 1 / den;
        }
        return inv;
    }
}
