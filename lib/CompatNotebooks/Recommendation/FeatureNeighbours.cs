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
        Parallel.For(0, features.Count, i => norms[i] = TensorPrimitives.Norm(features.Row(i)));
        return norms;
    }

    private static double Cosine(IFeatureRows features, float[] norms, int a, int b)
    {
        var product = (double)norms[a] * norms[b];
        return product > 0 ? TensorPrimitives.Dot(features.Row(a), features.Row(b)) / product : 0; // a zero row is similar to nothing
    }
}
