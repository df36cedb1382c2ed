using System.Runtime.CompilerServices;
using CompatNotebooks.Data;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The symmetric joint probabilities P of t-SNE's input space as a sparse CSR matrix: row i holds the p_ij of
/// its nearest neighbours and of the points that chose i as a neighbour; all values sum to 1.
/// </summary>
/// <remarks>
/// Built as scikit-learn does: exact k nearest neighbours (k = min(N − 1, ⌊3·perplexity + 1⌋)), a per-point
/// binary search on the Gaussian precision to match the perplexity, then P = (P_cond + P_condᵀ) / sum.
/// </remarks>
public sealed class TSneAffinities
{
    private readonly int[] _rowStart;
    private readonly int[] _columns;
    private readonly float[] _values; // single precision as scikit-learn's: halves the memory streamed per iteration

    internal TSneAffinities(int count, int neighbours, double perplexity, int[] rowStart, int[] columns, float[] values)
    {
        double total = 0;
        foreach (float v in values) total += v;
        Total = total;
        Count = count;
        Neighbours = neighbours;
        Perplexity = perplexity;
        _rowStart = rowStart;
        _columns = columns;
        _values = values;
    }

    /// <summary>Number of points N.</summary>
    public int Count { get; }

    /// <summary>Neighbours per point used for the conditional probabilities.</summary>
    public int Neighbours { get; }

    /// <summary>The perplexity the conditional probabilities were calibrated to.</summary>
    public double Perplexity { get; }

    /// <summary>Number of stored (non-zero) entries.</summary>
    public int NonZeros => _columns.Length;

    /// <summary>CSR row offsets (length N + 1).</summary>
    public ReadOnlySpan<int> RowStart => _rowStart;

    /// <summary>Column (point) index of each stored entry, ascending within a row.</summary>
    public ReadOnlySpan<int> Columns => _columns;

    /// <summary>p_ij of each stored entry.</summary>
    public ReadOnlySpan<float> Values => _values;

    internal int[] RowStartArray => _rowStart;
    internal int[] ColumnArray => _columns;
    internal float[] ValueArray => _values;

    /// <summary>Σ p_ij of the stored (rounded) values: 1 up to float rounding; KL uses it so it stays exact.</summary>
    internal double Total { get; }

    /// <summary>p_ij, or 0 when j is not stored in row i (binary search in the row).</summary>
    public double this[int i, int j]
    {
        get
        {
            int at = Array.BinarySearch(_columns, _rowStart[i], _rowStart[i + 1] - _rowStart[i], j);
            return at >= 0 ? _values[at] : 0;
        }
    }

    /// <summary>Σ p_ij log p_ij over the stored entries (the constant part of KL(P‖Q)).</summary>
    internal double NegativeEntropy()
    {
        double sum = 0;
        foreach (float p in _values) if (p > 0) sum += p * Math.Log(p);
        return sum;
    }

    /// <summary>From this many neighbour entries on (8 bytes each, and P about as much again), the memory that earlier
    /// work freed is given back to the system first (<see cref="FreedMemory"/>).</summary>
    private const long ReleaseFreedMemoryFromEntries = 1L << 25;

    /// <summary>Points per neighbour-search chunk between two progress reports (a fixed size: the results do not depend on it).</summary>
    private const int ReportChunk = 1 << 16;

    /// <summary>Computes P for <paramref name="count"/> rows of <paramref name="dim"/> floats (row-major, already validated).</summary>
    internal static TSneAffinities Compute(float[] rows, int count, int dim, double perplexity, int neighbours, int threads,
        CancellationToken cancellation)
    {
        var (local, order) = ComputeLocal(rows, count, dim, perplexity, neighbours, threads, cancellation);
        return local.Unpermute(order, threads);
    }

    /// <summary>
    /// P with the points renumbered in the k-d tree's leaf order (local point r is input row <c>Order[r]</c>): the order
    /// the optimisation runs in, built directly in it. <paramref name="progress"/> is told the points done after every
    /// <see cref="ReportChunk"/> points (on the calling thread), then the start of the symmetrisation (its end is the
    /// caller's to report).
    /// </summary>
    /// <remarks>
    /// Points are queried in tree order so that consecutive queries walk the same nodes and leaves (in cache), and the
    /// neighbours of a point are mostly nearby in the numbering, which keeps the symmetrisation's scatter and the
    /// attractive pass local in memory. The neighbour sets are those of the input order (ties by input row).
    /// </remarks>
    internal static (TSneAffinities Local, int[] Order) ComputeLocal(float[] rows, int count, int dim, double perplexity, int neighbours,
        int threads, CancellationToken cancellation, Action<TSnePhase, long, long>? progress = null)
    {
        int k = neighbours;
        if ((long)count * k > Array.MaxLength / 2)
            throw new ArgumentException($"t-SNE with {count:N0} points × {k} neighbours exceeds the {Array.MaxLength / 2:N0} affinities one run can hold; lower the perplexity or the number of points.");
        if ((long)count * k >= ReleaseFreedMemoryFromEntries) FreedMemory.Release();
        var nbr = new int[count * k];
        var cond = new float[count * k];   // single precision, as P itself: k floats per point are the largest array of the run
        progress?.Invoke(TSnePhase.Neighbours, 0, count);
        var tree = new KdTree(rows, count, dim);
        int[] order = tree.Order;
        var position = new int[count];
        for (int r = 0; r < count; r++) position[order[r]] = r;
        for (int chunk = 0; chunk < count; chunk += ReportChunk)
        {
            int chunkEnd = Math.Min(count, chunk + ReportChunk);
            FixedPartition.For(chunkEnd - chunk, 256, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, _) =>
            {
                var dist = new double[k];
                var calibrated = new double[k];
                for (int r = chunk + start; r < chunk + end; r++)
                {
                    if ((r & 63) == 0) cancellation.ThrowIfCancellationRequested();
                    int row = order[r];
                    var found = nbr.AsSpan(r * k, k);
                    var p = cond.AsSpan(r * k, k);
                    tree.Query(rows.AsSpan(row * dim, dim), row, k, found, dist);
                    PerplexityCalibration.Calibrate(dist, perplexity, calibrated);
                    for (int t = 0; t < k; t++) { found[t] = position[found[t]]; p[t] = (float)calibrated[t]; }
                    // columns ascending, as the symmetrisation wants them (neighbours are distinct)
                    found.Sort(p);
                }
            });
            progress?.Invoke(TSnePhase.Neighbours, chunkEnd, count);
        }
        progress?.Invoke(TSnePhase.Affinities, 0, 1);
        return (SymmetrizeSorted(count, k, nbr, cond, perplexity, threads), order);
    }

    /// <summary>P = (P_cond + P_condᵀ) / Σ, merged into sorted CSR rows (sorts each neighbour list of <paramref name="nbr"/>,
    /// with <paramref name="cond"/>, in place first).</summary>
    internal static TSneAffinities Symmetrize(int count, int k, int[] nbr, float[] cond, double perplexity, int threads)
    {
        FixedPartition.For(count, 1024, threads, (s, e, _) =>
        {
            for (int i = s; i < e; i++) Array.Sort(nbr, cond, i * k, k);
        });
        return SymmetrizeSorted(count, k, nbr, cond, perplexity, threads);
    }

    /// <summary>P = (P_cond + P_condᵀ) / Σ from neighbour lists already ascending by column, as sorted CSR rows.</summary>
    /// <remarks>
    /// Row i of P holds i's own k neighbours j, with p_j|i + p_i|j when i is also among j's neighbours (a binary search
    /// in j's sorted list), and, after them, every point that chose i without i choosing it back. A first pass counts
    /// those extra entries per row; a second writes the own entries in place and scatters the extra ones into their
    /// rows (in any order: each row is then sorted by column, and its columns are distinct, so the result does not
    /// depend on the threads); no transposed copy of P_cond is built, which keeps the largest moment of a run to
    /// P_cond and P. Σ = 2 Σ p_j|i, added in a fixed order. Neighbour lists must not repeat a point.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TSneAffinities SymmetrizeSorted(int count, int k, int[] nbr, float[] cond, double perplexity, int threads)
    {
        // extra[j]: points that chose j and that j did not choose
        var extra = new int[count];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++)
                for (int at = i * k; at < (i + 1) * k; at++)
                {
                    int j = nbr[at];
                    if (Array.BinarySearch(nbr, j * k, k, i) < 0) Interlocked.Increment(ref extra[j]);
                }
        });
        var rowStart = new int[count + 1];
        for (int i = 0; i < count; i++) rowStart[i + 1] = rowStart[i] + k + extra[i];
        double total = 2 * FixedPartition.Sum(count, 1024, threads, (s, e) =>
        {
            double sum = 0;
            for (int at = s * k; at < e * k; at++) sum += cond[at];
            return sum;
        });
        double scale = 1 / Math.Max(total, double.Epsilon);
        var outCols = new int[rowStart[count]];
        var values = new float[rowStart[count]];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++)
                for (int t = 0; t < k; t++)
                {
                    int at = i * k + t, j = nbr[at], back = Array.BinarySearch(nbr, j * k, k, i);
                    outCols[rowStart[i] + t] = j;
                    // a + b is the same in either order, so p_ij and p_ji come out equal
                    values[rowStart[i] + t] = (float)(((double)cond[at] + (back >= 0 ? cond[back] : 0)) * scale);
                    if (back >= 0) continue;
                    int slot = rowStart[j] + k + Interlocked.Decrement(ref extra[j]);
                    outCols[slot] = i;
                    values[slot] = (float)(cond[at] * scale);
                }
        });
        FixedPartition.For(count, 1024, threads, (s, e, _) =>
        {
            for (int i = s; i < e; i++)
                if (rowStart[i + 1] - rowStart[i] > k) Array.Sort(outCols, values, rowStart[i], rowStart[i + 1] - rowStart[i]);
        });
        return new TSneAffinities(count, k, perplexity, rowStart, outCols, values);
    }

    /// <summary>The inverse of <see cref="Permute"/>: this P is in an order whose point r is input row <paramref name="order"/>[r];
    /// returns it in the input's numbering.</summary>
    internal TSneAffinities Unpermute(int[] order, int threads)
    {
        var position = new int[order.Length];
        for (int r = 0; r < order.Length; r++) position[order[r]] = r;
        return Permute(position, threads);
    }

    /// <summary>The same P with points renumbered: new point r is old point <paramref name="order"/>[r].</summary>
    internal TSneAffinities Permute(int[] order, int threads)
    {
        int n = Count;
        var inverse = new int[n];
        for (int r = 0; r < n; r++) inverse[order[r]] = r;
        var rowStart = new int[n + 1];
        for (int r = 0; r < n; r++) rowStart[r + 1] = rowStart[r] + (_rowStart[order[r] + 1] - _rowStart[order[r]]);
        var cols = new int[_columns.Length];
        var vals = new float[_values.Length];
        FixedPartition.For(n, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int r = s; r < e; r++)
            {
                int from = _rowStart[order[r]], len = _rowStart[order[r] + 1] - from, to = rowStart[r];
                for (int t = 0; t < len; t++) { cols[to + t] = inverse[_columns[from + t]]; vals[to + t] = _values[from + t]; }
                Array.Sort(cols, vals, to, len);
            }
        });
        return new TSneAffinities(n, Neighbours, Perplexity, rowStart, cols, vals);
    }
}
