using System.Runtime.CompilerServices;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Exact k-nearest-neighbour search (squared Euclidean) with a k-d tree stored in flat arrays: median splits on
/// the widest dimension, leaves of up to <see cref="LeafSize"/> points whose coordinates are copied contiguously.
/// Ties are broken by row index, so the neighbour lists are unique and deterministic.
/// </summary>
/// <remarks>The query path is compiled fully optimised from its first call (<c>AggressiveOptimization</c>): it runs
/// once per t-SNE, so tiered compilation would spend most of it in unoptimised code.
/// Built for the low-dimensional inputs t-SNE sees here (style vectors, K = 5); it stays exact in any
/// dimension but degrades towards a linear scan per query in high dimensions.</remarks>
internal sealed class KdTree : INeighbourIndex
{
    private const int LeafSize = 16;

    private readonly int _dim;
    private readonly float[] _points;   // tree order, N×D
    private readonly int[] _order;      // tree position → input row
    // Built in lists, then frozen into arrays for the queries.
    private List<int> _splitDimList = [], _leftList = [], _rightList = [], _startList = [], _endList = [];
    private List<float> _splitValueList = [];
    private readonly int[] _splitDim, _left, _right, _start, _end;
    private readonly float[] _splitValue;

    /// <summary>Tree position → input row: neighbours in space are mostly neighbours in this order.</summary>
    public int[] Order => _order;

    public KdTree(float[] rows, int count, int dim)
    {
        _dim = dim;
        _order = new int[count];
        for (int i = 0; i < count; i++) _order[i] = i;
        Build(rows, 0, count);
        _splitDim = [.. _splitDimList]; _left = [.. _leftList]; _right = [.. _rightList];
        _start = [.. _startList]; _end = [.. _endList]; _splitValue = [.. _splitValueList];
        _splitDimList = _leftList = _rightList = _startList = _endList = []; _splitValueList = [];
        _points = new float[(long)count * dim];
        for (int p = 0; p < count; p++)
            Array.Copy(rows, (long)_order[p] * dim, _points, (long)p * dim, dim);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Build(float[] rows, int start, int end)
    {
        int node = _splitDimList.Count;
        _splitDimList.Add(-1); _splitValueList.Add(0); _leftList.Add(-1); _rightList.Add(-1); _startList.Add(start); _endList.Add(end);
        if (end - start <= LeafSize) return node;
        int bestDim = 0; float bestSpread = 0;
        for (int d = 0; d < _dim; d++)
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int p = start; p < end; p++)
            {
                float v = rows[(long)_order[p] * _dim + d];
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            if (hi - lo > bestSpread) { bestSpread = hi - lo; bestDim = d; }
        }
        if (bestSpread <= 0) return node; // all points identical: one (possibly large) leaf
        int mid = (start + end) / 2;
        Select(rows, start, end - 1, mid, bestDim);
        _splitDimList[node] = bestDim;
        _splitValueList[node] = rows[(long)_order[mid] * _dim + bestDim];
        int left = Build(rows, start, mid);
        int right = Build(rows, mid, end);
        _leftList[node] = left; _rightList[node] = right;
        return node;
    }

    /// <summary>Quickselect on _order[lo..hi] so that position k holds the k-th smallest value of dimension d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Select(float[] rows, int lo, int hi, int k, int d)
    {
        while (lo < hi)
        {
            float pivot = rows[(long)_order[(lo + hi) >>> 1] * _dim + d];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (rows[(long)_order[i] * _dim + d] < pivot) i++;
                while (rows[(long)_order[j] * _dim + d] > pivot) j--;
                if (i <= j) { (_order[i], _order[j]) = (_order[j], _order[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /// <summary>
    /// The <paramref name="k"/> nearest rows to row <paramref name="self"/> (itself excluded by index, so duplicates
    /// are found at distance 0), ascending by (squared distance, row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Query(ReadOnlySpan<float> query, int self, int k, Span<int> neighbours, Span<double> distances)
    {
        var heap = new Heap(neighbours, distances);
        Span<double> offsets = _dim <= 64 ? stackalloc double[_dim] : new double[_dim];
        offsets.Clear();
        Search(0, query, self, k, 0, offsets, ref heap);
        heap.SortAscending();
    }

    /// <summary>
    /// Depth-first search with incremental distance bounds (Arya &amp; Mount): <paramref name="boxDistance"/> is the
    /// squared distance from the query to the node's cell, <paramref name="offsets"/> its per-dimension parts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Search(int node, ReadOnlySpan<float> q, int self, int k, double boxDistance, scoped Span<double> offsets, ref Heap heap)
    {
        int dim = _splitDim[node];
        if (dim < 0)
        {
            for (int p = _start[node], end = _end[node]; p < end; p++)
            {
                int row = _order[p];
                if (row == self) continue;
                var x = _points.AsSpan(p * _dim, _dim);
                double d2 = 0;
                for (int d = 0; d < x.Length; d++) { double diff = (double)q[d] - x[d]; d2 += diff * diff; }
                if (heap.Count < k) heap.Push(d2, row);
                else if (Heap.Before(d2, row, heap.TopDistance, heap.TopRow)) heap.ReplaceTop(d2, row);
            }
            return;
        }
        double offset = (double)q[dim] - _splitValue[node];
        int near = offset <= 0 ? _left[node] : _right[node];
        int far = offset <= 0 ? _right[node] : _left[node];
        Search(near, q, self, k, boxDistance, offsets, ref heap);
        double old = offsets[dim];
        double farDistance = boxDistance - old * old + offset * offset;
        if (heap.Count < k || farDistance <= heap.TopDistance)
        {
            offsets[dim] = offset;
            Search(far, q, self, k, farDistance, offsets, ref heap);
            offsets[dim] = old;
        }
    }

    /// <summary>A max-heap on (distance, row) over caller-provided storage.</summary>
    private ref struct Heap(Span<int> rows, Span<double> distances)
    {
        private readonly Span<int> _rows = rows;
        private readonly Span<double> _d = distances;
        public int Count;

        public readonly double TopDistance => _d[0];
        public readonly int TopRow => _rows[0];

        public static bool Before(double d1, int r1, double d2, int r2) => d1 < d2 || (d1 == d2 && r1 < r2);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Push(double d, int row)
        {
            int i = Count++;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Before(_d[parent], _rows[parent], d, row)) break;
                _d[i] = _d[parent]; _rows[i] = _rows[parent]; i = parent;
            }
            _d[i] = d; _rows[i] = row;
        }

        public void ReplaceTop(double d, int row) => SiftDown(0, Count, d, row);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void SiftDown(int i, int count, double d, int row)
        {
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= count) break;
                if (child + 1 < count && Before(_d[child], _rows[child], _d[child + 1], _rows[child + 1])) child++;
                if (!Before(d, row, _d[child], _rows[child])) break;
                _d[i] = _d[child]; _rows[i] = _rows[child]; i = child;
            }
            _d[i] = d; _rows[i] = row;
        }

        /// <summary>Heap sort in place: afterwards the storage is ascending.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void SortAscending()
        {
            for (int end = Count - 1; end > 0; end--)
            {
                double d = _d[end]; int row = _rows[end];
                _d[end] = _d[0]; _rows[end] = _rows[0];
                SiftDown(0, end, d, row);
            }
        }
    }
}
