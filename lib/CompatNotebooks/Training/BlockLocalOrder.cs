using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>
/// The <see cref="PairOrder.BlockLocal"/> epoch order: rows in blocks of <see cref="RowsPerBlock"/> consecutive rows,
/// pairs bucketed by the unordered pair of their items' blocks (a cell: both blocks must be resident, whichever item
/// comes first), cells visited along a random trail in which consecutive cells share a block, so that each cell
/// brings in one new block.
/// </summary>
/// <remarks>
/// <para>An epoch: the cells are put in the order of a random Euler trail through the graph of blocks (vertices) and
/// cells (edges, a diagonal cell a loop; <see cref="BlockTrail"/>), and the pairs of each cell in a random order. Every
/// pair is visited exactly once, and everything is drawn from the trainer's seeded generator on the calling thread, so
/// the order does not depend on the thread count. Reading the features of an epoch then costs about (B + 2)/2 passes
/// over them for B blocks (each of the B(B + 1)/2 cells brings in one new block; where the trail jumps, at most B/2
/// times, two), in whole blocks that the trainer asks the kernel to read ahead (<see cref="BlockPrefetch"/>), instead
/// of two random rows per pair.</para>
/// <para>What it changes about the optimisation: a batch no longer samples the pairs uniformly but the pairs of one
/// or two cells, so consecutive batches are correlated — they share the items of two blocks, and their gradients
/// pull E1, E2 towards the same few thousand items for as many steps as the cell has batches. The loss per epoch is
/// still the mean over all pairs (each once), but the trajectory within an epoch drifts cell by cell. Adam's first
/// moment (β1 = 0.9, a memory of about 10 steps) follows the current cell, and its second moment (β2 = 0.999, about
/// 1,000 steps) averages over several cells, so per-coordinate step sizes stay those of the whole data set while the
/// direction is the cell's. The trail keeps a block for two consecutive cells (three around its diagonal cell), not
/// for all of its cells as a block-by-block order would (one block in every batch for B cells), so the items that the
/// batches share change every cell and no block dominates a long stretch of steps. The last cells of the last epoch
/// still weigh most in the final parameters, as the last batches do in a shuffled order, but they are the pairs of
/// two blocks rather than a sample of all of them. With rows in the file's (arbitrary) order, a block is close to a
/// random sample of the items and a cell of the pairs, so the bias is small; if the rows were sorted (e.g. by
/// subcategory), cells would be biased samples and the correlation would hurt more. Smaller blocks mean more, smaller
/// cells: less memory and less correlation per cell, more reading.</para>
/// </remarks>
internal sealed class BlockLocalOrder
{
    /// <summary>One cell of an epoch: where its pairs start in the epoch's order, and its two blocks (Lo ≤ Hi).</summary>
    public readonly record struct CellVisit(int Start, int Lo, int Hi);

    private readonly int[] _pairsByCell;   // pair indices, cell after cell, ascending within a cell
    private readonly int[] _cellStart;     // per cell (lo * Blocks + hi, lo ≤ hi, only non-empty ones listed): offset in _pairsByCell
    private readonly (int Lo, int Hi)[] _cells;

    /// <summary>Buckets <paramref name="pairs"/> of rows below <paramref name="rowCount"/> into blocks of
    /// <paramref name="rowsPerBlock"/> rows.</summary>
    public BlockLocalOrder(IReadOnlyList<CompatPair> pairs, int rowCount, int rowsPerBlock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerBlock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowCount);
        RowsPerBlock = rowsPerBlock;
        Blocks = (int)(((long)rowCount + rowsPerBlock - 1) / rowsPerBlock);
        // Sort the pairs by (cell, index): the cell key is at most Blocks², so use longs.
        var keys = new long[pairs.Count];
        var indices = new int[pairs.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            var (lo, hi) = CellOf(pairs[i]);
            keys[i] = (long)lo * Blocks + hi;
            indices[i] = i;
        }
        Array.Sort(keys, indices); // not stable: the order inside a cell is fixed below
        var starts = new List<int>();
        var cells = new List<(int, int)>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1]) continue;
            starts.Add(i);
            cells.Add(((int)(keys[i] / Blocks), (int)(keys[i] % Blocks)));
        }
        starts.Add(keys.Length);
        _cellStart = [.. starts];
        _cells = [.. cells];
        _pairsByCell = indices;
        for (int c = 0; c < _cells.Length; c++) Array.Sort(_pairsByCell, _cellStart[c], _cellStart[c + 1] - _cellStart[c]);
    }

    /// <summary>Rows per block.</summary>
    public int RowsPerBlock { get; }

    /// <summary>Number of blocks.</summary>
    public int Blocks { get; }

    /// <summary>Number of non-empty cells.</summary>
    public int Cells => _cells.Length;

    /// <summary>
    /// The deterministic order for scoring (no randomness: scores do not depend on the order, only reading does): the
    /// cells by lower block, and within the turn of a lower block by higher block, ascending in even turns and
    /// descending in odd ones (a snake), so that the lower block stays resident through its turn and the last higher
    /// blocks of a turn, still cached, are the first ones the next turn needs. Each run lists a cell's pair indices
    /// (into the pairs this order was built from, ascending) as [Start, End) of <see cref="PairsByCell"/>.
    /// </summary>
    public IEnumerable<(int Start, int End, CellVisit Cell)> ScoringRuns()
    {
        for (int c = 0; c < _cells.Length;)
        {
            int lo = _cells[c].Lo, turnEnd = c;
            while (turnEnd < _cells.Length && _cells[turnEnd].Lo == lo) turnEnd++;
            bool descending = lo % 2 == 1;
            for (int k = 0; k < turnEnd - c; k++)
            {
                int cell = descending ? turnEnd - 1 - k : c + k;
                yield return (_cellStart[cell], _cellStart[cell + 1], new CellVisit(_cellStart[cell], _cells[cell].Lo, _cells[cell].Hi));
            }
            c = turnEnd;
        }
    }

    /// <summary>Pair indices (into the pairs this order was built from) cell after cell, cells ascending by (lower
    /// block, higher block), ascending within a cell.</summary>
    public ReadOnlySpan<int> PairsByCell => _pairsByCell;

    /// <summary>The rows per block for a memory budget: the two blocks of a cell, <paramref name="rowBytes"/> each row,
    /// fit in <paramref name="budgetBytes"/> (at least one row per block).</summary>
    public static int RowsPerBlockFor(long budgetBytes, long rowBytes, int rowCount) =>
        (int)Math.Clamp(budgetBytes / Math.Max(1, 2 * rowBytes), 1, Math.Max(1, rowCount));

    /// <summary>The cell of a pair: its two items' blocks, smaller first.</summary>
    public (int Lo, int Hi) CellOf(CompatPair pair)
    {
        int a = pair.Item1 / RowsPerBlock, b = pair.Item2 / RowsPerBlock;
        return a <= b ? (a, b) : (b, a);
    }

    /// <summary>
    /// Fills <paramref name="order"/> with one epoch of <paramref name="pairs"/> (the list this order was built from),
    /// all randomness drawn from <paramref name="random"/>; without <paramref name="shuffle"/>, cells in ascending
    /// order and pairs in their given order.
    /// </summary>
    /// <param name="pairs">The pairs this order was built from.</param>
    /// <param name="order">Receives the epoch's pairs.</param>
    /// <param name="random">The trainer's generator, advanced in place.</param>
    /// <param name="shuffle">False: no randomness (cells ascending, pairs as given).</param>
    /// <param name="visits">When given, cleared and filled with each cell's first position in <paramref name="order"/> and
    /// its two blocks, in the order visited.</param>
    public void Fill(IReadOnlyList<CompatPair> pairs, CompatPair[] order, ref SeededRandom random, bool shuffle, List<CellVisit>? visits = null)
    {
        visits?.Clear();
        if (order.Length != _pairsByCell.Length || pairs.Count != _pairsByCell.Length)
            throw new ArgumentException("The pairs are not those this order was built from.", nameof(pairs));
        int[] cellOrder;
        if (shuffle)
            cellOrder = BlockTrail.Order(_cells, Blocks, ref random);
        else
        {
            cellOrder = new int[_cells.Length];
            for (int c = 0; c < cellOrder.Length; c++) cellOrder[c] = c; // ascending (lower block, higher block)
        }
        int at = 0;
        foreach (int c in cellOrder)
        {
            int from = at;
            visits?.Add(new CellVisit(from, _cells[c].Lo, _cells[c].Hi));
            for (int i = _cellStart[c]; i < _cellStart[c + 1]; i++) order[at++] = pairs[_pairsByCell[i]];
            if (shuffle) random.Shuffle(order.AsSpan(from, at - from));
        }
    }
}
