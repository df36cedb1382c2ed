namespace CompatNotebooks.Training;

/// <summary>How parameters move along the gradient.</summary>
public enum TrainingOptimizer
{
    /// <summary>Adam (β1 = 0.9, β2 = 0.999 by default), as the book uses.</summary>
    Adam,

    /// <summary>Plain stochastic gradient descent: p ← p − lr·g.</summary>
    Sgd,
}

/// <summary>Settings of <see cref="FusedTrainer"/>.</summary>
public sealed record FusedTrainerOptions
{
    /// <summary>Pairs per optimiser step (the loss is the batch mean). Default 1,024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Step size. Default 0.001 (Adam's usual; the book's 1e-5 is for one pair per step).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam or SGD. Default Adam.</summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.Adam;

    /// <summary>Adam's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's denominator guard.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Worker threads; results are reproducible for a given seed and thread count. Default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed of the per-epoch shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>Shuffle the pairs before every epoch (default); off visits them in the given order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Minimum time between progress reports (an epoch's end is always reported).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        if (!(Beta1 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "β1 must be in [0, 1).");
        if (!(Beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "β2 must be in [0, 1).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be positive.");
    }
}
