namespace CompatNotebooks.Embedding;

/// <summary>How the gradient's N-body (repulsive) part is computed.</summary>
public enum TSneMethod
{
    /// <summary>
    /// FFT-accelerated interpolation (FIt-SNE style) over sparse k-nearest-neighbour affinities: O(N) per
    /// iteration plus an FFT on a grid whose size follows the embedding's extent. The default. Up to
    /// <see cref="TSne.SmallInput"/> points the repulsion is computed exactly (cheaper there).
    /// </summary>
    Interpolated,

    /// <summary>
    /// scikit-learn's <c>method="exact"</c>: dense affinities over all N − 1 other points and an O(N²) gradient.
    /// Memory O(N²): for small N and for checking the approximations.
    /// </summary>
    Exact,
}

/// <summary>How the embedding starts.</summary>
public enum TSneInitialization
{
    /// <summary>First two principal components, PC1 scaled to standard deviation 1e-4 (scikit-learn's default).</summary>
    Pca,

    /// <summary>Independent N(0, 1e-4²) coordinates drawn from <see cref="TSneOptions.Seed"/>.</summary>
    Random,
}

/// <summary>
/// t-SNE parameters. Defaults and schedule are scikit-learn 1.2's: perplexity 30, early exaggeration 12 for
/// the first 250 iterations with momentum 0.5, then momentum 0.8; learning rate "auto"; 1000 iterations;
/// delta-bar-delta gains (+0.2 / ×0.8, minimum 0.01); stop when the gradient norm ≤ 1e-7 or the KL divergence
/// (checked every 50 iterations) has not improved for 300 iterations.
/// </summary>
public sealed record TSneOptions
{
    /// <summary>Target perplexity (effective number of neighbours); must be &gt; 0 and &lt; N.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Neighbours per point for the sparse affinities; null = min(N − 1, ⌊3·perplexity + 1⌋) as scikit-learn.</summary>
    public int? Neighbours { get; init; }

    /// <summary>Factor on P during the first <see cref="ExaggerationIterations"/> iterations.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations with early exaggeration and <see cref="InitialMomentum"/> (scikit-learn: 250).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Total iterations, exaggeration phase included.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>
    /// Step size; null = "auto" = max(N / <see cref="EarlyExaggeration"/> / 4, 50), scikit-learn's convention for
    /// the true gradient (with its factor 4) — the same step as bhtsne/openTSNE's N / exaggeration on their
    /// gradient without the 4.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum during early exaggeration.</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum afterwards.</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Lower bound of the per-coordinate gains.</summary>
    public double MinGain { get; init; } = 0.01;

    /// <summary>Stop when the (gain-scaled) gradient norm at a check falls to this value.</summary>
    public double MinGradientNorm { get; init; } = 1e-7;

    /// <summary>Stop when the KL divergence has not improved for this many iterations (after exaggeration).</summary>
    public int IterationsWithoutProgress { get; init; } = 300;

    /// <summary>Iterations between KL evaluations, progress reports and stop checks (scikit-learn: 50).</summary>
    public int CheckInterval { get; init; } = 50;

    /// <summary>Starting embedding.</summary>
    public TSneInitialization Initialization { get; init; } = TSneInitialization.Pca;

    /// <summary>Gradient method.</summary>
    public TSneMethod Method { get; init; } = TSneMethod.Interpolated;

    /// <summary>Seed for the random initialisation (PCA initialisation is deterministic without it).</summary>
    public int Seed { get; init; }

    /// <summary>Worker threads; 0 = all processors. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Interpolation grid density: nodes per unit of embedding distance (the kernel's length scale is 1).</summary>
    public double InterpolationNodesPerUnit { get; init; } = 2.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid parameter.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentException($"t-SNE option {name} = {value} is invalid: {rule}.", name);
        }
        Check(Perplexity > 0 && double.IsFinite(Perplexity), nameof(Perplexity), Perplexity, "must be a positive finite number");
        Check(Neighbours is null || Neighbours > 0, nameof(Neighbours), Neighbours!, "must be positive");
        Check(EarlyExaggeration >= 1 && double.IsFinite(EarlyExaggeration), nameof(EarlyExaggeration), EarlyExaggeration, "must be ≥ 1");
        Check(ExaggerationIterations >= 0, nameof(ExaggerationIterations), ExaggerationIterations, "must be ≥ 0");
        Check(Iterations >= 1, nameof(Iterations), Iterations, "must be ≥ 1");
        Check(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)), nameof(LearningRate), LearningRate!, "must be positive");
        Check(InitialMomentum is >= 0 and < 1, nameof(InitialMomentum), InitialMomentum, "must be in [0, 1)");
        Check(FinalMomentum is >= 0 and < 1, nameof(FinalMomentum), FinalMomentum, "must be in [0, 1)");
        Check(MinGain > 0, nameof(MinGain), MinGain, "must be positive");
        Check(MinGradientNorm >= 0, nameof(MinGradientNorm), MinGradientNorm, "must be ≥ 0");
        Check(IterationsWithoutProgress >= 1, nameof(IterationsWithoutProgress), IterationsWithoutProgress, "must be ≥ 1");
        Check(CheckInterval >= 1, nameof(CheckInterval), CheckInterval, "must be ≥ 1");
        Check(Threads >= 0, nameof(Threads), Threads, "must be ≥ 0");
        Check(InterpolationNodesPerUnit is >= 0.5 and <= 20, nameof(InterpolationNodesPerUnit), InterpolationNodesPerUnit, "must be in [0.5, 20]");
    }
}
