using System.Numerics.Tensors;
using CompatNotebooks.Data;

namespace CompatNotebooks.Recommendation;

/// <summary>
/// The baseline a compatibility model must beat: items ranked by cosine similarity of their raw image features
/// ("looks alike"), which finds near-duplicates rather than things bought together.
/// </summary>
public static class FeatureNeighbours
{
    /// <summary>The <paramref name="count"/> most similar items to <paramref name="query"/> (never itself), best first.</summary>
    public static IReadOnlyList<RankedItem> Top(IFeatureRows features, int query, int count)
    {
        if ((uint)query >= (uint)features.Count)
            throw new ArgumentOutOfRangeException(nameof(query), $"row {query} is outside 0..{features.Count - 1}");
        var norms = Norms(features);
        var scores = new double[features.Count];
        Parallel.For(0, features.Count, j => scores[j] = j == query ? double.NegativeInfinity : Cosine(features, norms, query, j));
        return Enumerable.Range(0, features.Count).Where(j => j != query)
            .Select(j => new RankedItem(j, scores[j]))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Row)
            .Take(count).ToList();
    }

    /// <summary>
    /// Hit rate of held-out links under the cosine ranking (see <see cref="CompatibilityRanker.Evaluate"/>, also for
    /// <paramref name="progress"/>: links ranked so far). Each link reads every feature row once, so on the full
    /// data this takes a while.
    /// </summary>
    public static HitRate Evaluate(IFeatureRows features, IEnumerable<(int From, int To)> heldOutLinks, int k = 10, IProgress<long>? progress = null)
    {
        var norms = Norms(features);
        return CompatibilityRanker.Rank(heldOutLinks, k, features.Count,
            (a, b) => Cosine(features, norms, a, b), (a, b) => Cosine(features, norms, a, b), progress);
    }

    private static float[] Norms(IFeatureRows features)
    {
        var norms = new float[features.Count];
        Parallel.For(0, features.Count, () => new float[features.Dimension],
            (i, _, scratch) => { norms[i] = TensorPrimitives.Norm(features.Row(i, scratch)); return scratch; }, _ => { });
        return norms;
    }

    // Two buffers per thread for compact sources (Cosine is called per candidate, from many threads, and holds two
    // rows at once); only this method uses them and it returns a number, never a span into them.
    private static readonly ThreadLocal<(float[] First, float[] Second)> Scratch = new(() => ([], []));

    private static double Cosine(IFeatureRows features, float[] norms, int a, int b)
    {
        var product = (double)norms[a] * norms[b];
        if (product <= 0) return 0; // a zero row is similar to nothing
        var (first, second) = Scratch.Value!;
        if (first.Length < features.Dimension) Scratch.Value = (first, second) = (new float[features.Dimension], new float[features.Dimension]);
        return TensorPrimitives.Dot(features.Row(a, first), features.Row(b, second)) / product;
    }
}
