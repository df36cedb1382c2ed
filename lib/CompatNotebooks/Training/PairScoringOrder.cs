namespace CompatNotebooks.Training;

/// <summary>
/// The order in which <see cref="FusedTrainer.Logits(IReadOnlyList{Sampling.CompatPair}, PairScoringOrder)"/> reads the
/// pairs it scores. Each pair's logit is computed on its own, by the same arithmetic whichever pairs surround it, and
/// the logits are returned in the pairs' given order, so every order gives bit-identical logits: only the reading of
/// the feature rows differs.
/// </summary>
public enum PairScoringOrder
{
    /// <summary><see cref="BlockLocal"/> when the trainer trains block-local and its kernels read the rows from a memory
    /// mapping, which may not fit in memory (the dense kernels; the sparse ones on a memory-mapped feature store, whose
    /// rows they read in place); otherwise <see cref="AsGiven"/>. The sparse kernels on a <c>.b</c> file read an in-memory cache, for
    /// which the order does not matter.</summary>
    Automatic,

    /// <summary>The pairs in their given order: two rows anywhere in the features per pair.</summary>
    AsGiven,

    /// <summary>
    /// The pairs cell by cell of row blocks of <see cref="FusedTrainerOptions.BlockBudgetBytes"/> (as
    /// <see cref="PairOrder.BlockLocal"/> training cuts them): cells in ascending order of their two blocks, so the
    /// lower block stays resident through its cells, and the kernel is asked to read each new block ahead.
    /// </summary>
    BlockLocal,
}
