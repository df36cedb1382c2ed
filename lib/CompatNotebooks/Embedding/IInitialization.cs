namespace CompatNotebooks.Embedding;

/// <summary>Where a t-SNE run starts: the initial 2-D coordinates of every point.</summary>
internal interface IInitialization
{
    /// <summary>Returns N×2 coordinates (x, y interleaved) for <paramref name="n"/> validated rows of <paramref name="dim"/> floats.</summary>
    double[] Compute(float[] rows, int n, int dim, int threads);
}
