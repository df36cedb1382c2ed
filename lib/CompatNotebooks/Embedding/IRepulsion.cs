namespace CompatNotebooks.Embedding;

/// <summary>
/// The N-body half of the t-SNE gradient: for every point i the repulsive sum Σ_j K_ij² (y_i − y_j) and the
/// normaliser Z = Σ_{i≠j} K_ij, with the Student-t kernel K_ij = 1 / (1 + ‖y_i − y_j‖²).
/// </summary>
internal interface IRepulsion
{
    /// <summary>Writes the repulsive sums (x, y interleaved, length 2N) for embedding <paramref name="y"/> and returns Z.</summary>
    double Compute(double[] y, double[] repulsive);
}
