using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Inference;

/// <summary>Logits of many pairs at once with the fused forward kernels (no autograd, several threads).</summary>
public static class PairScorer
{
    /// <summary>The logit of every pair under <paramref name="model"/>.</summary>
    public static float[] Logits(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int threads = 0) =>
        Logits(model.GetParameters(), features, pairs, threads);

    /// <summary>The logit of every pair under <paramref name="parameters"/>; <paramref name="threads"/> ≤ 0 means all cores.</summary>
    public static float[] Logits(CompatibilityParameters parameters, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pairs);
        if (features.Dimension != parameters.FeatureDimension)
            throw new ArgumentException($"The features have {features.Dimension} dimensions but the model expects {parameters.FeatureDimension}.", nameof(features));
        var all = pairs as CompatPair[] ?? pairs.ToArray();
        for (int i = 0; i < all.Length; i++)
            if ((uint)all[i].Item1 >= (uint)features.Count || (uint)all[i].Item2 >= (uint)features.Count)
                throw new ArgumentException($"Pair {i} ({all[i].Item1}, {all[i].Item2}) refers to a row outside the {features.Count} feature rows.", nameof(pairs));
        var logits = new float[all.Length];
        if (all.Length == 0) return logits;
        if (threads <= 0) threads = Environment.ProcessorCount;
        threads = Math.Min(threads, (all.Length + FusedWorker.TileSize - 1) / FusedWorker.TileSize);

        using var state = new FusedParameters(parameters.Kind, parameters.FeatureDimension, parameters.StyleDimension);
        state.Load(parameters);
        using var rows = new FeatureRowAccess(features);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)all.Length * t / threads), to = (int)((long)all.Length * (t + 1) / threads);
            using var worker = new FusedWorker(state, rows, withGradients: false);
            worker.Score(all.AsSpan(from, to - from), logits.AsSpan(from, to - from));
        });
        return logits;
    }
}
