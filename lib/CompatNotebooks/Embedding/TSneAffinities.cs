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

    internal TSneAffinities(int count, int neighbours, double perplexity, int[] rowStart, int[] columns, float[] values, int[]? localityOrder = null)
    {
        LocalityOrder = localityOrder;
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

    /// <summary>A permutation (new position → row) that puts points close in input space next to each other
    /// (the k-d tree's leaf order), or null.</summary>
    internal int[]? LocalityOrder { get; }

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

    /// <summary>Computes P for <paramref name="count"/> rows of <paramref name="dim"/> floats (row-major, already validated).</summary>
    internal static TSneAffinities Compute(float[] rows, int count, int dim, double perplexity, int neighbours, int threads,
        CancellationToken cancellation)
    {
        int k = neighbours;
        var nbr = new int[(long)count * k];
        var cond = new double[(long)count * k];
        INeighbourIndex tree = new KdTree(rows, count, dim);
        FixedPartition.For(count, 256, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, _) =>
        {
            var dist = new double[k];
            for (int i = start; i < end; i++)
            {
                if ((i & 63) == 0) cancellation.ThrowIfCancellationRequested();
                tree.Query(rows.AsSpan(i * dim, dim), i, k, nbr.AsSpan(i * k, k), dist);
                PerplexityCalibration.Calibrate(dist, perplexity, cond.AsSpan(i * k, k));
            }
        });
        return Symmetrize(count, k, nbr, cond, perplexity, threads, tree.Order);
    }

    /// <summary>P = (P_cond + P_condᵀ) / Σ, merged into sorted CSR rows.</summary>
    /// <remarks>
    /// No comparison sort: two counting-sort transposes give both halves with ascending columns (Pᵀ by scanning the
    /// rows in order; P_cond itself as the transpose of that), and each row is a merge of the two, adding the at most
    /// two entries of a pair (a + b is exact in either order). Neighbour lists must not repeat a point.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TSneAffinities Symmetrize(int count, int k, int[] nbr, double[] cond, double perplexity, int threads, int[]? localityOrder = null)
    {
        int entries = count * k;
        // T = P_condᵀ: row j lists the points i that chose j, ascending in i
        var tStart = new int[count + 1];
        for (int e = 0; e < entries; e++) tStart[nbr[e] + 1]++;
        for (int j = 0; j < count; j++) tStart[j + 1] += tStart[j];
        var tCols = new int[entries];
        var tVals = new double[entries];
        var cursor = tStart.AsSpan(0, count).ToArray();
        for (int i = 0; i < count; i++)
            for (int t = i * k, end = t + k; t < end; t++)
            {
                int at = cursor[nbr[t]]++;
                tCols[at] = i; tVals[at] = cond[t];
            }
        // S = Tᵀ = P_cond with each row's k columns ascending
        var sCols = new int[entries];
        var sVals = new double[entries];
        var filled = new int[count];
        for (int j = 0; j < count; j++)
            for (int at = tStart[j]; at < tStart[j + 1]; at++)
            {
                int i = tCols[at], to = i * k + filled[i]++;
                sCols[to] = j; sVals[to] = tVals[at];
            }
        // row i of P = merge of S row i and T row i: sizes first, then the merged rows
        var merged = new int[count];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++) merged[i] = Merge(sCols, sVals, i * k, (i + 1) * k, tCols, tVals, tStart[i], tStart[i + 1], null, null, 0);
        });
        var rowStart = new int[count + 1];
        for (int i = 0; i < count; i++) rowStart[i + 1] = rowStart[i] + merged[i];
        var outCols = new int[rowStart[count]];
        var outVals = new double[rowStart[count]];
        FixedPartition.For(count, 1024, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            for (int i = s; i < e; i++) Merge(sCols, sVals, i * k, (i + 1) * k, tCols, tVals, tStart[i], tStart[i + 1], outCols, outVals, rowStart[i]);
        });
        double total = 0;
        foreach (double v in outVals) total += v;
        double scale = 1 / Math.Max(total, double.Epsilon);
        var values = new float[outVals.Length];
        for (int t = 0; t < outVals.Length; t++) values[t] = (float)(outVals[t] * scale);
        return new TSneAffinities(count, k, perplexity, rowStart, outCols, values, localityOrder);
    }

    /// <summary>
    /// Merges two column-ascending runs, adding values of equal columns; writes at <paramref name="to"/> when
    /// <paramref name="outCols"/> is given; returns the merged length.
    /// </summary>
    private static int Merge(int[] aCols, double[] aVals, int a, int aEnd, int[] bCols, double[] bVals, int b, int bEnd,
        int[]? outCols, double[]? outVals, int to)
    {
        int start = to;
        while (a < aEnd || b < bEnd)
        {
            int col;
            double v;
            if (b >= bEnd || (a < aEnd && aCols[a] < bCols[b])) { col = aCols[a]; v = aVals[a++]; }
            else if (a >= aEnd || bCols[b] < aCols[a]) { col = bCols[b]; v = bVals[b++]; }
            else { col = aCols[a]; v = aVals[a++] + bVals[b++]; }
            if (outCols is not null) { outCols[to] = col; outVals![to] = v; }
            to++;
        }
        return to - start;
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
