using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Training;

namespace CompatNotebooks.Inference;

/// <summary>Which projection maps items into style space.</summary>
public enum StyleSide
{
    /// <summary>s = x·E1 (the first item of a pair; the book's t-SNE uses E1).</summary>
    First,

    /// <summary>s = x·E2.</summary>
    Second,
}

/// <summary>
/// Every item's K-dimensional style vector, computed with the fused kernels (several threads, no autograd): the input
/// of the t-SNE plots (<c>TSne.Embed</c> takes the returned rows directly) and of style-space recommendation.
/// </summary>
public static class StyleVectors
{
    /// <summary>Style vectors of all rows of <paramref name="features"/> under <paramref name="model"/>.</summary>
    public static DenseFeatureRows Project(CompatibilityModel model, IFeatureRows features, StyleSide side = StyleSide.First, int threads = 0) =>
        Project(model.GetParameters(), features, side, threads);

    /// <summary>
    /// Style vectors (row i = item i, <see cref="CompatibilityParameters.StyleDimension"/> floats each); ASINs are kept
    /// when <paramref name="features"/> knows them.
    /// </summary>
    public static unsafe DenseFeatureRows Project(CompatibilityParameters parameters, IFeatureRows features, StyleSide side = StyleSide.First, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Dimension != parameters.FeatureDimension)
            throw new ArgumentException($"The features have {features.Dimension} dimensions but the model expects {parameters.FeatureDimension}.", nameof(features));
        int count = features.Count, k = parameters.StyleDimension, d = features.Dimension;
        var result = new float[(long)count * k];
        if (threads <= 0) threads = Environment.ProcessorCount;
        threads = Math.Max(1, Math.Min(threads, count));
        using var state = new FusedParameters(parameters.Kind, d, k);
        state.Load(parameters);
        using var rows = new FeatureRowAccess(features);
        float* w = side == StyleSide.First ? state.W1.Pointer : state.W2.Pointer;
        int stride = state.PaddedStyleDimension;
        if (count > 0)
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int from = (int)((long)count * t / threads), to = (int)((long)count * (t + 1) / threads);
                using var copy = rows.InPlace ? null : new NativeBuffer(d);
                using var s = new NativeBuffer(stride);
                for (int r = from; r < to; r++)
                {
                    float* x = RowPointer(rows, copy, r);
                    float* next = rows.InPlace && r + 1 < to ? rows.Pointer(r + 1) : x;
                    for (int b = 0; b < state.Blocks; b++)
                        FusedKernels.Project1(x, w + (long)b * FusedKernels.Width * d, d, s.Pointer + b * FusedKernels.Width, next);
                    for (int j = 0; j < k; j++)
                        result[(long)r * k + j] = s.Pointer[j] * rows.Scale;
                }
            });
        var asins = features is IAsinIndex index ? Enumerable.Range(0, count).Select(index.AsinAt).ToArray() : null;
        return new DenseFeatureRows(result, k, asins);
    }

    private static unsafe float* RowPointer(FeatureRowAccess rows, NativeBuffer? copy, int row)
    {
        if (copy is null) return rows.Pointer(row);
        rows.Rows.CopyRowTo(row, copy.Span);
        return copy.Pointer;
    }
}
