namespace CompatNotebooks.Training;

/// <summary>How parameters move along the gradient.</summary>
public enum TrainingOptimizer
{
    /// <summary>Adam (β1 = 0.9, β2 = 0.999 by default), as the book uses.</summary>
    Adam,

    /// <summary>Plain stochastic gradient descent: p ← p − lr·g.</summary>
    Sgd,
}

/// <summary>Which kernels read the features.</summary>
public enum FeatureKernels
{
    /// <summary>Sparse when the rows are mostly zeros (density at most <see cref="FusedTrainerOptions.SparseDensityThreshold"/>), else dense.</summary>
    Auto,

    /// <summary>Stream every dense row straight from the features (memory-mapped file or array), no extra memory.</summary>
    Dense,

    /// <summary>Build a cache of each row's non-zeros once (≈ 6 bytes per non-zero) and train on it.</summary>
    Sparse,
}

/// <summary>Settings of <see cref="FusedTrainer"/>.</summary>
public sealed record FusedTrainerOptions
{
    /// <summary>Pairs per optimiser step (the loss is the batch mean). Default 1,024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Step size. Default 0.0001: with 4,096 mostly positive features Adam's usual 0.001 overshoots in the first
    /// epoch (style vectors grow to distances in the hundreds); the book's 0.00001 is for one pair per step.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Step size of the offset c. Default 0.03, far above <see cref="LearningRate"/>: Adam moves c by about its step
    /// size per step, while the logits' scale (squared style distances, inner products) grows by orders of magnitude
    /// in the first epochs. With c's step equal to the projections' (the book), the Euclidean logit c − d stays below 0
    /// for almost every pair, so held-out accuracy sits near 0.5 while the ranking (AUC) is good.
    /// </summary>
    public double BiasLearningRate { get; init; } = 0.03;

    /// <summary>
    /// Before a trainer's first step, set c so that the mean logit over the first batch's pairs (the first
    /// <see cref="BatchSize"/> of the pairs as given) is 0: p ≈ 0.5 on average under the initial E1, E2, whatever the
    /// features' scale. Default true; false keeps the model's c (e.g. to continue training a saved model).
    /// </summary>
    public bool InitializeBias { get; init; } = true;

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

    /// <summary>Seed of the per-epoch shuffles (default 1, like every seed of the library).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Shuffle the pairs before every epoch (default); off visits them in the given order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Visit pairs anchor by anchor: each epoch cuts every first item's pairs (its positives and their difficult
    /// negatives, shuffled) into runs of at most <see cref="AnchorRunLength"/> and visits the runs of all anchors in a
    /// random order. The sparse kernels project a run's anchor row and back-propagate through it once for all of its
    /// pairs — the batch shares the anchor's projection, so ≈ 1 + 1/run rows are read per pair instead of 2 (≈ 1.4–1.6×
    /// the pairs per CPU-second). Off by default (pairs shuffled independently, as the book does): on the generated
    /// full-size Musical Instruments data its held-out AUC at equal epochs was as good, but on the small sample (few
    /// steps per epoch) its mean AUC over six seeds was 0.002–0.004 lower for both models (see the training benchmark's
    /// results).
    /// </summary>
    public bool GroupByFirstItem { get; init; }

    /// <summary>
    /// With <see cref="GroupByFirstItem"/>: at most this many of an anchor's pairs are visited together (its pairs are
    /// shuffled and cut into runs of this length, and the runs of all anchors shuffled); 0 keeps each anchor's pairs in
    /// one run. Shorter runs make batches less correlated (more anchors per batch) at the price of reading an anchor's
    /// row once per run instead of once per batch: 1 + 1/run rows per pair instead of 2.
    /// </summary>
    public int AnchorRunLength { get; init; } = 8;

    /// <summary>
    /// The order of an epoch's pairs: <see cref="PairOrder.Shuffled"/> (default) or <see cref="PairOrder.BlockLocal"/>
    /// (for features larger than memory: only two blocks of rows are read at a time; see <see cref="BlockLocalOrder"/>
    /// for what that changes about the optimisation). Not combined with <see cref="GroupByFirstItem"/>.
    /// </summary>
    public PairOrder Order { get; init; } = PairOrder.Shuffled;

    /// <summary>
    /// With <see cref="PairOrder.BlockLocal"/>: the bytes of feature rows that may be resident at once, i.e. the two
    /// blocks of a cell (4 bytes per feature of a row). Default 256 MiB: well inside a 1 GB memory limit that also holds
    /// the runtime, the pairs and the page cache's other users. Larger blocks read less often and correlate the batches
    /// of a cell less strongly with each other.
    /// </summary>
    public long BlockBudgetBytes { get; init; } = 256L << 20;

    /// <summary>Dense or sparse kernels; <see cref="FeatureKernels.Auto"/> by default.</summary>
    public FeatureKernels Kernels { get; init; } = FeatureKernels.Auto;

    /// <summary>Largest fraction of non-zero features for which <see cref="FeatureKernels.Auto"/> picks the sparse kernels
    /// (0.35: below it the non-zeros with their 16-bit indices are well under half the dense row's bytes).</summary>
    public double SparseDensityThreshold { get; init; } = 0.35;

    /// <summary>Minimum time between progress reports (an epoch's end is always reported).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfNegative(AnchorRunLength, nameof(AnchorRunLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockBudgetBytes, nameof(BlockBudgetBytes));
        if (!Enum.IsDefined(Order))
            throw new ArgumentOutOfRangeException(nameof(Order), Order, "Shuffled or BlockLocal.");
        if (Order == PairOrder.BlockLocal && GroupByFirstItem)
            throw new ArgumentException("Block-local order and grouping by first item are two different epoch orders: choose one.", nameof(Order));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        if (!(BiasLearningRate >= 0) || double.IsInfinity(BiasLearningRate))
            throw new ArgumentOutOfRangeException(nameof(BiasLearningRate), BiasLearningRate, "The offset's learning rate must be finite and not negative.");
        if (!(Beta1 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "β1 must be in [0, 1).");
        if (!(Beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "β2 must be in [0, 1).");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be positive.");
    }
}
