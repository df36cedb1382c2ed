namespace CompatNotebooks.Embedding;

/// <summary>The stage of a t-SNE run a <see cref="TSneProgress"/> report belongs to.</summary>
public enum TSnePhase
{
    /// <summary>Gradient descent: <see cref="TSneProgress.Iteration"/> counts the iterations (the default, and the only
    /// phase reported before phases were added).</summary>
    Optimization = 0,

    /// <summary>Nearest-neighbour search and the per-point perplexity calibration: <see cref="TSneProgress.Completed"/>
    /// counts the points done out of <see cref="TSneProgress.Total"/>.</summary>
    Neighbours,

    /// <summary>Symmetrising the conditional probabilities into P and reordering it for the optimisation: reported once
    /// at its start and once at its end (Completed 0 then 1 of Total 1).</summary>
    Affinities,

    /// <summary>The initial embedding (PCA or random): reported once at its start and once at its end.</summary>
    Initialization,
}
