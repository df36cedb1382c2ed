namespace CompatNotebooks.Training;

/// <summary>How one epoch of <see cref="FusedTrainer"/> orders the training pairs (with
/// <see cref="FusedTrainerOptions.Shuffle"/> on; see also <see cref="FusedTrainerOptions.GroupByFirstItem"/>).</summary>
public enum PairOrder
{
    /// <summary>Every pair independently shuffled (the book's order): consecutive batches are independent samples of
    /// the pairs, and each pair reads two rows anywhere in the features.</summary>
    Shuffled,

    /// <summary>
    /// Block-local, for features larger than memory: the rows are cut into blocks of consecutive rows sized by
    /// <see cref="FusedTrainerOptions.BlockBudgetBytes"/>, each pair belongs to the cell of its two items' blocks, and
    /// an epoch visits the cells one after the other (along a seeded random trail in which consecutive cells share a
    /// block, the pairs of a cell shuffled), so that while a cell is trained only its two blocks are read and they stay
    /// resident, as out-of-core recommenders do. See <see cref="BlockLocalOrder"/> for what it changes about the
    /// optimisation.
    /// </summary>
    BlockLocal,
}
