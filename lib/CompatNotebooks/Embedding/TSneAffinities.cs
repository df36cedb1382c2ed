using System.Runtime.CompilerServices;

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
        var nbr = new int[count * k];
        var cond = new double[count * k];
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
                for (int r = chunk + start; r < chunk + end; r++)
                {
                    if ((r & 63) == 0) cancellation.ThrowIfCancellationRequested();
                    int row = order[r];
                    var found = nbr.AsSpan(r * k, k);
                    var p = cond.AsSpan(r * k, k);
                    tree.Query(rows.AsSpan(row * dim, dim), row, k, found, dist);
                    PerplexityCalibration.Calibrate(dist, perplexity, p);
                    for (int t = 0; t < k; t++) found[t] = position[found[t]];
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
    internal static TSneAffinities Symmetrize(int count, int k, int[] nbr, double[] cond, double perplexity, int threads)
    {
        FixedPartition.For(count, 1024, threads, (s, e, _) =>
        {
            for (int i = s; i < e; i++) Array.Sort(nbr, cond, i * k, k);
        });
        return SymmetrizeSorted(count, k, nbr, cond, perplexity, threads);
    }

    /// <summary>P = (P_cond + P_condᵀ) / Σ from neighbour lists already ascending by column, merged into sorted CSR rows.</summary>
    /// <remarks>
    /// P_cond's rows are the sorted neighbour lists themselves; Pᵀ comes from one counting-sort transpose that scans the
    /// rows in order (so its rows are ascending too) and stores only each entry's index in P_cond (its row is the index
    /// / k, its value cond[index]): a third of the memory of copying columns and values. Each row of P is a merge of
    /// the two, adding the at most two entries of a pair (a + b is exact in either order); a first pass sizes the rows
    /// and sums them, a second writes the scaled values in single precision directly. Neighbour lists must not repeat
    /// a point.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TSneAffinities SymmetrizeSorted(int count, int k, int[] nbr, double[] cond, double perplexity, int threads)
    {
        int entries = count * k;
        // T = P_condᵀ: row j lists the entries e = i·k + slot of the points i that chose j, ascending in i
        var tStart = new int[count + 1];
        for (int e = 0; e < entries; e++) tStart[nbr[e] + 1]++;
        for (int j = 0; j < count; j++) tStart[j + 1] += tStart[j];
        var tEntries = new int[entries];
        var cursor = tStart.AsSpan(0, count).ToArray();
        for (int e = 0; e < entries; e++) tEntries[cursor[nbr[e]]++] = e;
        cursor = [];
        // row i of P = merge of P_cond row i and T row i: sizes and sums first, then the merged rows
        var merged = new int[count];
        var rowSums = new double[count];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++)
                merged[i] = Merge(nbr, cond, i * k, (i + 1) * k, tEntries, k, tStart[i], tStart[i + 1], null, null, 0, 1, out rowSums[i]);
        });
        var rowStart = new int[count + 1];
        double total = 0;
        for (int i = 0; i < count; i++) { rowStart[i + 1] = rowStart[i] + merged[i]; total += rowSums[i]; }
        merged = []; rowSums = [];
        double scale = 1 / Math.Max(total, double.Epsilon);
        var outCols = new int[rowStart[count]];
        var values = new float[rowStart[count]];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++)
                Merge(nbr, cond, i * k, (i + 1) * k, tEntries, k, tStart[i], tStart[i + 1], outCols, values, rowStart[i], scale, out double _);
        });
        return new TSneAffinities(count, k, perplexity, rowStart, outCols, values);
    }

    /// <summary>
    /// Merges row a … aEnd of P_cond (columns <paramref name="cols"/>, values <paramref name="cond"/>) with the transposed
    /// entries tEntries[b … bEnd) (column = entry / k, value = cond[entry]), adding values of equal columns; writes the
    /// columns and the values × <paramref name="scale"/> at <paramref name="to"/> when <paramref name="outCols"/> is
    /// given; returns the merged length and the sum of the merged values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Merge(int[] cols, double[] cond, int a, int aEnd, int[] tEntries, int k, int b, int bEnd,
        int[]? outCols, float[]? outVals, int to, double scale, out double sum)
    {
        int start = to;
        sum = 0;
        while (a < aEnd || b < bEnd)
        {
            int col;
            double v;
            int bCol = b < bEnd ? tEntries[b] / k : int.MaxValue;
            if (b >= bEnd || (a < aEnd && cols[a] < bCol)) { col = cols[a]; v = cond[a++]; }
            else if (a >= aEnd || bCol < cols[a]) { col = bCol; v = cond[tEntries[b++]]; }
            else { col = cols[a]; v = cond[a++] + cond[tEntries[b++]]; }
            if (outCols is not null) { outCols[to] = col; outVals![to] = (float)(v * scale); }
            sum += v;
            to++;
        }
        return to - start;
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
