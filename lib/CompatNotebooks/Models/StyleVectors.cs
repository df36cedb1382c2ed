using CompatNotebooks.Data;

namespace CompatNotebooks.Models;

/// <summary>Which projection maps an item into the style space.</summary>
public enum StyleProjection
{
    /// <summary>E1: the item as the first of a pair (the query side).</summary>
    First,

    /// <summary>E2: the item as the second of a pair (the candidate side).</summary>
    Second,
}

/// <summary>Style vectors x·E of many items at once, as plain float rows (the input of t-SNE and of ranking).</summary>
public static class StyleVectors
{
    /// <summary>
    /// The K-dimensional style vector of every row of <paramref name="features"/> under
    /// <paramref name="projection"/>: an n×K array, row i = item i. Parallel over rows.
    /// </summary>
    public static float[,] Compute(CompatibilityParameters parameters, IFeatureRows features, StyleProjection projection = StyleProjection.First)
    {
        if (features.Dimension != parameters.FeatureDimension)
            throw new ArgumentException($"features have {features.Dimension} dimensions but the model expects {parameters.FeatureDimension}", nameof(features));
        var k = parameters.StyleDimension;
        var weights = projection == StyleProjection.First ? parameters.E1 : parameters.E2;
        var result = new float[features.Count, k];
        Parallel.For(0, features.Count, () => new double[k], (row, _, sums) =>
        {
            Project(features.Row(row), weights, sums);
            for (var j = 0; j < k; j++)
                result[row, j] = (float)sums[j];
            return sums;
        }, _ => { });
        return result;
    }

    /// <summary>sums = x·E for one row (E row-major D×K); accumulated in double so long rows lose no precision.</summary>
    internal static void Project(ReadOnlySpan<float> x, float[] weights, double[] sums)
    {
        var k = sums.Length;
        Array.Clear(sums);
        for (var d = 0; d < x.Length; d++)
        {
            var value = x[d];
            if (value == 0f)
                continue; // CNN features are ReLU outputs: many exact zeros
            var offset = d * k;
            for (var j = 0; j < k; j++)
                sums[j] += value * weights[offset + j];
        }
    }
}
