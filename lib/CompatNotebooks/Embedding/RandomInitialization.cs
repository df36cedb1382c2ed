using CompatNotebooks.Randomness;

namespace CompatNotebooks.Embedding;

/// <summary>Independent N(0, 1e-4²) coordinates from the library's seeded generator (the input rows are not read).</summary>
internal sealed class RandomInitialization(int seed) : IInitialization
{
    /// <inheritdoc/>
    public double[] Compute(float[] rows, int n, int dim, int threads)
    {
        var rng = new SeededRandom((ulong)seed);
        var y = new double[2 * n];
        for (int c = 0; c < y.Length; c++) y[c] = rng.NextGaussian() * PcaInitialization.TargetStd;
        return y;
    }
}
