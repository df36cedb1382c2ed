using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The points of one repulsion step as the grid sees them: counting-sorted by grid row (stable, the same order
/// whatever the thread count), and at each sorted position the point's base cell, its Lagrange weights along x and
/// y and its centred charges (x, y, |y|²). Spreading and gathering stream through these arrays in row order.
/// </summary>
internal sealed class SortedGridPoints(int points, int threads)
{
    private const int SortBlock = 4096;
    private static readonly int Lanes = Vector<Real>.Count;
    private readonly LagrangeWeights _lagrange = new(points);
    private int _n;
    private int[] _baseY = [], _sorted = [], _rowStart = [], _blockRowCounts = [];
    // Per point in row-sorted order: y-weights, x-weights (SIMD-padded floats or doubles), base cell, charges.
    private double[] _wxScalar = [], _charges = [];
    private Real[] _w = [];  // y-weights in single precision: the grids are, and it halves this array's traffic
    private int[] _sortedBaseX = [], _sortedBaseY = [];
    private Real[] _wx = [];  // x-weights again, zero-padded to one SIMD vector per point (when points ≤ vector width)

    /// <summary>True when a point's x-weights fit one <see cref="Vector{T}"/> (the vector spreading and gathering paths).</summary>
    public bool Simd => points <= Lanes;

    /// <summary>Sorted position → point index.</summary>
    public int[] Sorted => _sorted;

    /// <summary>CSR offsets of the grid rows into the sorted positions (length rows + 1).</summary>
    public int[] RowStart => _rowStart;

    /// <summary>Base cell column and row at each sorted position.</summary>
    public int[] BaseX => _sortedBaseX;

    /// <inheritdoc cref="BaseX"/>
    public int[] BaseY => _sortedBaseY;

    /// <summary>y-weights, <c>points</c> per sorted position.</summary>
    public Real[] WeightsY => _w;

    /// <summary>x-weights, one zero-padded vector per sorted position (<see cref="Simd"/> only).</summary>
    public Real[] WeightsXVector => _wx;

    /// <summary>x-weights, <c>points</c> doubles per sorted position (when not <see cref="Simd"/>).</summary>
    public double[] WeightsX => _wxScalar;

    /// <summary>Centred charges x, y and x² + y² per sorted position.</summary>
    public double[] Charges => _charges;

    /// <summary>Makes room for the row offsets of a grid with <paramref name="rows"/> − 1 rows.</summary>
    public void EnsureRows(int rows)
    {
        if (_rowStart.Length < rows) _rowStart = new int[rows];
    }

    /// <summary>
    /// _baseY[i] = the clamped grid row of point i; _sorted = the points ordered by row, stably; _rowStart = CSR offsets;
    /// and every point's base cell, weights and charges at its sorted position. A parallel counting sort over fixed
    /// blocks of points: per-block row counts, offsets laid out row by row and, within a row, block by block, so the
    /// order is the serial stable order whatever the thread count. The scatter pass weighs each point as it places it
    /// (reading the coordinates in order rather than through the permutation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SortAndWeigh(double[] y, int ny, GridFrame frame)
    {
        int n = _n;
        double y0 = frame.Y0, invH = 1 / frame.H;
        int minRow = frame.Lo, maxRow = frame.MaxBaseY;
        int blocks = FixedPartition.BlockCount(n, SortBlock);
        if (_blockRowCounts.Length < blocks * ny) _blockRowCounts = new int[blocks * ny];
        int[] counts = _blockRowCounts;
        FixedPartition.For(n, SortBlock, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, b) =>
        {
            var mine = counts.AsSpan(b * ny, ny);
            mine.Clear();
            for (int i = start; i < end; i++)
            {
                int row = Math.Clamp((int)Math.Floor((y[2 * i + 1] - y0) * invH), minRow, maxRow);
                _baseY[i] = row;
                mine[row]++;
            }
        });
        // counts[b, r] becomes block b's first position in row r
        int at = 0;
        for (int r = 0; r < ny; r++)
        {
            _rowStart[r] = at;
            for (int b = 0; b < blocks; b++)
            {
                int c = counts[b * ny + r];
                counts[b * ny + r] = at;
                at += c;
            }
        }
        _rowStart[ny] = at;
        bool four = Simd && Vector256.IsHardwareAccelerated;
        FixedPartition.For(n, SortBlock, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end, b) =>
        {
            var cursor = counts.AsSpan(b * ny, ny);
            int i = start;
            // Four points at a time in vector lanes (the same operations as one by one, so the same bits).
            if (four)
                for (; i <= end - 4; i += 4)
                {
                    int t0 = cursor[_baseY[i]]++, t1 = cursor[_baseY[i + 1]]++, t2 = cursor[_baseY[i + 2]]++, t3 = cursor[_baseY[i + 3]]++;
                    _sorted[t0] = i; _sorted[t1] = i + 1; _sorted[t2] = i + 2; _sorted[t3] = i + 3;
                    WeighFour(y, i, t0, t1, t2, t3, frame);
                }
            Span<double> wx = stackalloc double[points], wy = stackalloc double[points];
            for (; i < end; i++)
            {
                int t = cursor[_baseY[i]]++;
                _sorted[t] = i;
                WeighOne(y, i, t, frame, wx, wy);
            }
        });
    }

    /// <summary>Base cell, x- and y-weights and charges of point <paramref name="i"/>, written at sorted position <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeighOne(double[] y, int i, int t, GridFrame f, Span<double> wx, Span<double> wy)
    {
        double u = (y[2 * i] - f.X0) / f.H, v = (y[2 * i + 1] - f.Y0) / f.H;
        int bx = Math.Clamp((int)Math.Floor(u), f.Lo, f.MaxBaseX), by = _baseY[i];
        _sortedBaseX[t] = bx; _sortedBaseY[t] = by;
        _lagrange.Compute(u - bx, wx);
        _lagrange.Compute(v - by, wy);
        for (int a = 0; a < points; a++) _w[points * t + a] = (Real)wy[a];
        if (Simd) for (int a = 0; a < points; a++) _wx[Lanes * t + a] = (Real)wx[a];
        else wx.CopyTo(_wxScalar.AsSpan(points * t, points));
        double px = y[2 * i] - f.Cx, py = y[2 * i + 1] - f.Cy;
        _charges[3 * t] = px; _charges[3 * t + 1] = py; _charges[3 * t + 2] = px * px + py * py;
    }

    /// <summary>
    /// <see cref="WeighOne"/> for the points i … i + 3 at once (vector path only; sorted positions t0 … t3), computed
    /// lane-wise with exactly its operations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeighFour(double[] y, int i, int t0, int t1, int t2, int t3, GridFrame f)
    {
        var px = Vector256.Create(y[2 * i], y[2 * i + 2], y[2 * i + 4], y[2 * i + 6]);
        var py = Vector256.Create(y[2 * i + 1], y[2 * i + 3], y[2 * i + 5], y[2 * i + 7]);
        var vh = Vector256.Create(f.H);
        var u = (px - Vector256.Create(f.X0)) / vh;
        var v = (py - Vector256.Create(f.Y0)) / vh;
        var fu = Vector256.Floor(u);
        Span<int> bx = stackalloc int[4];
        for (int j = 0; j < 4; j++) bx[j] = Math.Clamp((int)fu[j], f.Lo, f.MaxBaseX);
        int by0 = _baseY[i], by1 = _baseY[i + 1], by2 = _baseY[i + 2], by3 = _baseY[i + 3];
        var baseX = Vector256.Create((double)bx[0], bx[1], bx[2], bx[3]);
        var baseY = Vector256.Create((double)by0, by1, by2, by3);
        Span<Vector256<double>> wx = stackalloc Vector256<double>[points], wy = stackalloc Vector256<double>[points];
        _lagrange.Compute(u - baseX, wx);
        _lagrange.Compute(v - baseY, wy);
        var ccx = px - Vector256.Create(f.Cx);
        var ccy = py - Vector256.Create(f.Cy);
        var r2 = ccx * ccx + ccy * ccy;
        Span<int> targets = [t0, t1, t2, t3];
        for (int j = 0; j < 4; j++)
        {
            int at = targets[j];
            _sortedBaseX[at] = bx[j]; _sortedBaseY[at] = _baseY[i + j];
            for (int a = 0; a < points; a++)
            {
                _w[points * at + a] = (Real)wy[a][j];
                _wx[Lanes * at + a] = (Real)wx[a][j];
            }
            _charges[3 * at] = ccx[j]; _charges[3 * at + 1] = ccy[j]; _charges[3 * at + 2] = r2[j];
        }
    }

    /// <summary>Sizes the per-point arrays for <paramref name="n"/> points (kept while N stays the same).</summary>
    public void Ensure(int n)
    {
        if (_n == n) return;
        _n = n;
        _baseY = new int[n]; _sorted = new int[n]; _sortedBaseX = new int[n]; _sortedBaseY = new int[n];
        _w = new Real[points * n]; _charges = new double[3 * n];
        _wx = Simd ? new Real[Lanes * n] : [];
        _wxScalar = Simd ? [] : new double[points * n];
    }
}
