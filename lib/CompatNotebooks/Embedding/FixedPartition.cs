using CompatNotebooks.Threading;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Parallel loops over fixed-size blocks: the block boundaries depend only on the item count, never on the
/// thread count or on scheduling, and per-block partial sums are combined in block order. That is what makes
/// every t-SNE result bit-identical for a given input and seed, whatever the number of threads.
/// </summary>
internal static class FixedPartition
{
    /// <summary>Number of blocks of <paramref name="blockSize"/> covering <paramref name="count"/> items.</summary>
    public static int BlockCount(int count, int blockSize) => (count + blockSize - 1) / blockSize;

    /// <summary>Runs <paramref name="body"/>(start, end, block) for every block, on up to <paramref name="threads"/> threads.</summary>
    public static void For(int count, int blockSize, int threads, Action<int, int, int> body)
    {
        int blocks = BlockCount(count, blockSize);
        if (blocks == 0) return;
        if (threads <= 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++) body(b * blockSize, Math.Min(count, (b + 1) * blockSize), b);
            return;
        }
        // The shared team hands blocks out in microseconds; thread-pool wake-ups for each of a t-SNE iteration's
        // ten or so loops cost more than the loops' work on two cores.
        // More members than cores would only spin against each other.
        if (SharedTeam.TryBorrow(Math.Min(threads, Environment.ProcessorCount)) is { } team)
        {
            try
            {
                team.ForEachBlock(blocks, team.Size, b => body(b * blockSize, Math.Min(count, (b + 1) * blockSize), b));
            }
            finally
            {
                SharedTeam.Return();
            }
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            b => body(b * blockSize, Math.Min(count, (b + 1) * blockSize), b));
    }

    /// <summary>Sum of <paramref name="body"/>(start, end) over blocks, added in block order (deterministic).</summary>
    public static double Sum(int count, int blockSize, int threads, Func<int, int, double> body)
    {
        var partial = new double[BlockCount(count, blockSize)];
        For(count, blockSize, threads, (start, end, b) => partial[b] = body(start, end));
        double total = 0;
        foreach (double v in partial) total += v;
        return total;
    }

    /// <summary>The thread count to use: <paramref name="requested"/> if positive, else all processors.</summary>
    public static int Threads(int requested) => requested > 0 ? requested : Environment.ProcessorCount;
}
