using Real = float;

using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.CompilerServices;

namespace CompatNotebooks.Embedding;

/// <summary>
/// FFT-accelerated interpolation of the repulsive forces (the idea of FIt-SNE, Linderman et al. 2019): the
/// charges {1, x, y} of all points are spread onto an equispaced grid by Lagrange interpolation,
/// convolved with the kernel K² on the grid by 2-D FFT (the kernel is a Toeplitz matrix), and interpolated
/// back. One kernel, K² = 1/(1+d²)², gives both Σ_j K²(y_i − y_j) and Z, because K = K²·(1 + d²) and
/// d² = |y_i|² − 2 y_i·y_j + |y_j|². FIt-SNE's fourth charge |y|² is not needed: the interpolated operator
/// Wᵀ K W is symmetric, so Σ_i φ_{|y|²}(i) = Σ_i |y_i|² φ₁(i) exactly, and Z only needs that sum.
/// Cost O(N + G log G) per iteration for G grid nodes.
/// </summary>
/// <remarks>
/// The grid spacing is at most 1/<c>nodesPerUnit</c> in embedding units (the kernel's length scale is 1), and
/// grid sides are rounded up to 2^a·3^b·5^c nodes. Spreading is parallel over grid rows (points counting-sorted
/// by row) so no two threads write the same cell and the summation order is fixed: results are deterministic.
/// Coordinates are centred on the grid before forming charges to limit cancellation in y_i·φ₁ − φ_y.
/// Grid A holds 1 + i·x, grid B the real y charge: B's spectrum is Hermitian, so its x-transforms run only for
/// the non-negative y-frequencies and the others are filled in by conjugation (3/4 of the x-pass work).
/// </remarks>
internal sealed class InterpolatedRepulsion(int threads, double nodesPerUnit = 2.0, int points = 6, int minNodes = 48) : IRepulsion
{
    // Lagrange interpolation on `points` nodes per dimension: offsets -(half-1) .. half around the point's cell.
    private readonly int _half = points / 2;
    private const int ColumnChunk = 32;
    /// <summary>Largest grid side (2²·3⁵): about 330 MB of grids at most.</summary>
    public const int MaxNodes = 972;
    private int _n;
    private int[] _baseY = [], _sorted = [], _rowStart = [], _blockRowCounts = [];
    private const int SortBlock = 4096;
    private readonly double[] _inverseDenominator = InverseDenominators(points);
    // Per point in row-sorted order: y-weights, x-weights (SIMD-padded floats or doubles), base cell, charges.
    private double[] _wxScalar = [], _charges = [];
    private Real[] _w = [];  // y-weights in single precision: the grids are, and it halves this array's traffic
    private int[] _sortedBaseX = [], _sortedBaseY = [];
    private Real[] _wx = [];  // x-weights again, zero-padded to one SIMD vector per point (when points ≤ vector width)
    private static readonly int Lanes = Vector<Real>.Count;
    private bool Simd => points <= Lanes;
    // Grids in single precision: half the memory traffic and twice the SIMD width; the charges are centred,
    // so the cancellations in y_i·φ₁ − φ_y and in Z stay well inside float accuracy (checked against exact sums in tests).
    private Real[] _aRe = [], _aIm = [], _bRe = [], _aTRe = [], _aTIm = [], _bTRe = [], _bTIm = [], _sRe = [], _sIm = [];
    private Real[] _kernelHat = [];
    private (int Nx, int Ny, double H) _kernelKey;
    // True when grids A/B may hold data outside the columns the charge transforms use (new layout or kernel scratch).
    private bool _gridDirty = true;

    /// <summary>Grid nodes along x and y used by the last call (for diagnostics and tests).</summary>
    public (int X, int Y) LastGrid { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Compute(double[] y, double[] repulsive)
    {
        int n = y.Length / 2;
        EnsurePoints(n);
        var (minX, maxX, minY, maxY) = Bounds(y);
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        double spanMax = Math.Max(spanX, spanY);
        // Nodes base-1 .. base+2 around each point must exist: side ≥ ⌊span/h⌋ + 4.
        // Small embeddings get minNodes across their extent (finer than needed); large ones the fixed spacing
        // 1/nodesPerUnit, so the kernel's transform only changes when the grid grows and can be cached.
        // Outliers far away would make the grid explode: beyond MaxNodes per side the spacing grows instead
        // (accuracy degrades gracefully, memory stays bounded — as openTSNE's max_grid_size).
        int margin = points;
        double h = Math.Max(Math.Min(spanMax / (minNodes - margin), 1 / nodesPerUnit), spanMax / (MaxNodes - margin));
        int nx = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanX / h * (1 - 1e-12)) + margin));
        int ny = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanY / h * (1 - 1e-12)) + margin));
        int lx = 2 * nx, ly = 2 * ny;
        LastGrid = (nx, ny);
        EnsureGrid(lx * ly, ny + 1);
        EnsureKernel(nx, ny, h);
        int lo = _half - 1, hiMargin = _half;
        double x0 = minX - lo * h, y0 = minY - lo * h;
        double cx = x0 + 0.5 * (nx - 1) * h, cy = y0 + 0.5 * (ny - 1) * h;

        // 1. grid row of every point, counting sort by row (stable), and each point's base cell, weights and charges
        //    written at its sorted position, so spreading (row by row) and gathering stream through memory instead of
        //    jumping between points.
        SortAndWeigh(y, n, ny, new GridFrame(x0, y0, h, lo, nx - 1 - hiMargin, ny - 1 - hiMargin, cx, cy));

        // 2. spread charges {1, x, y} into grids A = (1, x) as real/imag parts and B = (y, 0)
        int cells = lx * ly;
        int nx4 = Math.Min(lx, (nx + 3) & ~3);
        // Same layout as the last call: only the columns the transforms wrote (< nx4, rows < ny) hold anything,
        // the rest of the grid is still zero. Those are cleared row by row in the spreading pass
        // itself (a row is only ever written by its own iteration), which saves a parallel region and a pass.
        // Rows ≥ ny are never written: the y-transforms work on compact copies of rows < ny.
        bool clearRows = !_gridDirty;
        if (_gridDirty)
        {
            FixedPartition.For(cells, 1 << 16, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
            {
                Array.Clear(_aRe, s, e - s); Array.Clear(_aIm, s, e - s); Array.Clear(_bRe, s, e - s);
            });
            _gridDirty = false;
        }
        // Each block of rows takes every point whose rows reach into it once and adds it to those of its rows that
        // lie in the block (2–3 visits per point instead of one per row). Every cell still receives its points in
        // sorted order, so the sums do not depend on the blocks or on the thread count.
        FixedPartition.For(ny, 4, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rs, re, _) =>
        {
            if (clearRows)
                for (int row = rs; row < re; row++)
                {
                    int at = row * lx;
                    Array.Clear(_aRe, at, nx4); Array.Clear(_aIm, at, nx4); Array.Clear(_bRe, at, nx4);
                }
            int last = re - 1;
            int baseFrom = Math.Max(lo, rs - hiMargin), baseTo = Math.Min(ny - 1 - hiMargin, last + lo);
            int tFrom = baseFrom <= baseTo ? _rowStart[baseFrom] : 0, tTo = baseFrom <= baseTo ? _rowStart[baseTo + 1] : 0;
            if (Simd)
            {
                SpreadVectors(rs, last, tFrom, tTo, lx, lo, hiMargin);
                return;
            }
            for (int t = tFrom; t < tTo; t++)
            {
                int by = _sortedBaseY[t];
                int r0 = Math.Max(rs, by - lo), r1 = Math.Min(last, by + hiMargin);
                double px = _charges[3 * t], py = _charges[3 * t + 1];
                int colOffset = _sortedBaseX[t] - lo;
                for (int row = r0; row <= r1; row++)
                {
                    double wy = _w[points * t + row - by + lo];
                    int col = row * lx + colOffset;
                    for (int a = 0; a < points; a++)
                    {
                        double w = wy * _wxScalar[points * t + a];
                        _aRe[col + a] += (Real)w; _aIm[col + a] += (Real)(w * px); _bRe[col + a] += (Real)(w * py);
                    }
                }
            }
        });

        // 3. convolve with K² by 2-D FFT: columns (y), transpose, columns (x), multiply, and back
        ConvolveBoth(lx, ly, nx4);
        double scale = 1.0 / cells;

        // 4. interpolate potentials back and form forces and Z
        double zSum = FixedPartition.Sum(n, 2048, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            double z = 0;
            for (int t = start; t < end; t++)
            {
                double p1 = 0, pxs = 0, pys = 0;
                int baseCell = (_sortedBaseY[t] - lo) * lx + _sortedBaseX[t] - lo;
                if (Simd)
                {
                    Vector<Real> s1 = default, sx = default, sy = default;
                    for (int b = 0; b < points; b++)
                    {
                        var wy = new Vector<Real>(_w[points * t + b]);
                        int c0 = baseCell + b * lx;
                        s1 += wy * new Vector<Real>(_aRe, c0); sx += wy * new Vector<Real>(_aIm, c0);
                        sy += wy * new Vector<Real>(_bRe, c0);
                    }
                    var wx = new Vector<Real>(_wx, Lanes * t);
                    p1 = Vector.Dot(s1, wx); pxs = Vector.Dot(sx, wx); pys = Vector.Dot(sy, wx);
                }
                else
                {
                    for (int b = 0; b < points; b++)
                    {
                        double wy = _w[points * t + b];
                        int c0 = baseCell + b * lx;
                        for (int a = 0; a < points; a++)
                        {
                            double w = wy * _wxScalar[points * t + a];
                            int c = c0 + a;
                            p1 += w * _aRe[c]; pxs += w * _aIm[c]; pys += w * _bRe[c];
                        }
                    }
                }
                p1 *= scale; pxs *= scale; pys *= scale;
                double px = _charges[3 * t], py = _charges[3 * t + 1];
                int i = _sorted[t];
                repulsive[2 * i] = px * p1 - pxs;
                repulsive[2 * i + 1] = py * p1 - pys;
                // Σ_j K²_ij (1 + d²_ij) with Σ_i Σ_j K²_ij |y_j|² = Σ_i |y_i|² φ₁(i) (symmetric operator)
                z += (1 + 2 * _charges[3 * t + 2]) * p1 - 2 * (px * pxs + py * pys);
            }
            return z;
        });
        // Remove the self terms K_ii = 1. Every pair is at most the diagonal apart, which bounds Z from below;
        // the bound only binds for tiny N with extreme spreads, where cancellation could otherwise make Z ≤ 0.
        double lowerBound = (double)n * (n - 1) / (1 + spanX * spanX + spanY * spanY);
        return Math.Max(zSum - n, lowerBound);
    }

    /// <summary>Smallest and largest x and y of the interleaved coordinates (four doubles = two points a step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double MinX, double MaxX, double MinY, double MaxY) Bounds(double[] y)
    {
        var lo = Vector256.Create(double.PositiveInfinity);
        var hi = Vector256.Create(double.NegativeInfinity);
        int c = 0;
        for (; c <= y.Length - 4; c += 4)
        {
            var v = Vector256.Create(y.AsSpan(c, 4));
            lo = Vector256.Min(lo, v);
            hi = Vector256.Max(hi, v);
        }
        double minX = Math.Min(lo[0], lo[2]), minY = Math.Min(lo[1], lo[3]);
        double maxX = Math.Max(hi[0], hi[2]), maxY = Math.Max(hi[1], hi[3]);
        for (; c < y.Length; c += 2)
        {
            minX = Math.Min(minX, y[c]); maxX = Math.Max(maxX, y[c]);
            minY = Math.Min(minY, y[c + 1]); maxY = Math.Max(maxY, y[c + 1]);
        }
        return (minX, maxX, minY, maxY);
    }

    /// <summary>Where the grid lies: its origin (x0, y0), spacing, the range of base cells and the charges' centre.</summary>
    private readonly record struct GridFrame(double X0, double Y0, double H, int Lo, int MaxBaseX, int MaxBaseY, double Cx, double Cy);

    /// <summary>
    /// _baseY[i] = the clamped grid row of point i; _sorted = the points ordered by row, stably; _rowStart = CSR offsets;
    /// and every point's base cell, weights and charges at its sorted position. A parallel counting sort over fixed
    /// blocks of points: per-block row counts, offsets laid out row by row and, within a row, block by block, so the
    /// order is the serial stable order whatever the thread count. The scatter pass weighs each point as it places it
    /// (reading the coordinates in order rather than through the permutation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SortAndWeigh(double[] y, int n, int ny, GridFrame frame)
    {
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

    /// <summary>
    /// Spreading of the sorted points tFrom … tTo − 1 into grid rows rs … last with one vector of x-weights per
    /// point and row and grid. The padding lanes add zeros to cells of the same row: a row is 2·nx long and a
    /// point's first column is at most nx − points, so the vector stays inside its row (and the arrays).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void SpreadVectors(int rs, int last, int tFrom, int tTo, int lx, int lo, int hiMargin)
    {
        fixed (Real* aRe = _aRe, aIm = _aIm, bRe = _bRe, wxAll = _wx, wAll = _w)
        fixed (int* baseY = _sortedBaseY, baseX = _sortedBaseX)
        fixed (double* charges = _charges)
        {
            for (int t = tFrom; t < tTo; t++)
            {
                int by = baseY[t];
                int r0 = Math.Max(rs, by - lo), r1 = Math.Min(last, by + hiMargin);
                double px = charges[3 * t], py = charges[3 * t + 1];
                var wx = *(Vector<Real>*)(wxAll + (long)Lanes * t);
                Real* wyRow = wAll + (long)points * t - by + lo;
                long colOffset = baseX[t] - lo;
                for (int row = r0; row <= r1; row++)
                {
                    double wy = wyRow[row];
                    long col = (long)row * lx + colOffset;
                    *(Vector<Real>*)(aRe + col) += wx * (Real)wy;
                    *(Vector<Real>*)(aIm + col) += wx * (Real)(wy * px);
                    *(Vector<Real>*)(bRe + col) += wx * (Real)(wy * py);
                }
            }
        }
    }

    /// <summary>
    /// Forward 2-D FFT of one grid G (ly rows × lx columns, non-zero only in columns &lt; nx4) into the transposed
    /// spectrum T (lx rows × ly columns): column transforms along y, transpose, column transforms along x.
    /// Used for the kernel; the charges go through <see cref="ConvolveBoth"/>.
    /// </summary>
    private void Forward(Real[] gRe, Real[] gIm, Real[] tRe, Real[] tIm, int lx, int ly, int nx4)
    {
        var colY = Fft<Real>.Get(ly);
        var colX = Fft<Real>.Get(lx);
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cs, ce, _) => colY.TransformBatched(gRe, gIm, _sRe, _sIm, cs, lx, ce - cs));
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (xs, xe, _) => Transpose(gRe, gIm, tRe, tIm, ly, lx, xs, xe));
        FixedPartition.For(lx - nx4, 64, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            Array.Clear(tRe, (nx4 + s) * ly, (e - s) * ly); Array.Clear(tIm, (nx4 + s) * ly, (e - s) * ly);
        });
        FixedPartition.For(ly, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cs, ce, _) => colX.TransformBatched(tRe, tIm, _sRe, _sIm, cs, ly, ce - cs));
    }

    /// <summary>
    /// Both charge grids: forward FFT, product with the kernel's transform, inverse FFT, in three parallel passes
    /// over column chunks — a chunk's transforms, transposes and products run back to back while it is in cache,
    /// and three parallel regions per iteration instead of a dozen keep thread hand-offs few.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvolveBoth(int lx, int ly, int nx4)
    {
        var colY = Fft<Real>.Get(ly);
        var colX = Fft<Real>.Get(lx);
        int ny = ly / 2, h = nx4 / 2;
        // 1. along y for the columns holding charges, then transpose them into rows of T (rows ≥ nx4 of T are never
        //    read: step 2 knows they are zero). Each chunk of columns is first copied compactly (rows < ny; the
        //    transform takes the rest as zero): strided transforms over the whole grid touch a page per row.
        //    B is real: column c + h rides in the imaginary part of column c (two real transforms for one complex).
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (xs, xe, _) =>
        {
            var chunk = ChunkBuffer.For(Math.Max(lx, ly) * ColumnChunk);
            Real[] re = chunk.Re, im = chunk.Im;
            int w = xe - xs;
            LoadColumns(_aRe, _aIm, lx, xs, 0, re, im, w, ny);
            colY.TransformBatched(re, im, chunk.ScratchRe, chunk.ScratchIm, 0, w, w, nonZero: ny);
            TransposeBlock(re, w, _aTRe, ly, 0, w, 0, ly, dstOffset: xs * ly);
            TransposeBlock(im, w, _aTIm, ly, 0, w, 0, ly, dstOffset: xs * ly);
            int wb = Math.Min(xe, h) - xs;
            if (wb > 0)
            {
                LoadColumns(_bRe, _bRe, lx, xs, h, re, im, wb, ny);
                colY.TransformBatched(re, im, chunk.ScratchRe, chunk.ScratchIm, 0, wb, wb, nonZero: ny);
                TransposeUnpack(re, im, wb, xs, _bTRe, _bTIm, ly, xs, xs + wb, h);
            }
        });
        // 2. along x, times the kernel's (real) transform, inverse along x (real/imag swapped = inverse), on a compact
        //    per-thread copy of the chunk: only T's rows < nx4 hold charges and only they are read back in step 3, so
        //    the other half of T is neither read, written nor cleared (the grids' passes are bound by memory traffic).
        // B is real: only chunks holding y-frequencies 0 … ny are needed (the rest are their conjugates).
        FixedPartition.For(ly, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cs, ce, _) =>
        {
            int w = ce - cs;
            var chunk = ChunkBuffer.For(lx * ColumnChunk);
            ConvolveChunk(colX, _aTRe, _aTIm, chunk, lx, ly, nx4, cs, w);
            if (cs <= ny) ConvolveChunk(colX, _bTRe, _bTIm, chunk, lx, ly, nx4, cs, w);
        });
        // 3. transpose back the columns we read, inverse along y, on compact chunks again; only rows < ny are stored
        //    (the only ones gathering reads), so rows ≥ ny of the grids are never touched by the charges at all.
        //    (B: columns c and c + h packed as X + iY again; the real results come back as (re, im) of column c)
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (xs, xe, _) =>
        {
            var chunk = ChunkBuffer.For(Math.Max(lx, ly) * ColumnChunk);
            Real[] re = chunk.Re, im = chunk.Im;
            int w = xe - xs;
            TransposeBlock(_aTRe, ly, re, w, 0, ly, 0, w, srcOffset: xs * ly);
            TransposeBlock(_aTIm, ly, im, w, 0, ly, 0, w, srcOffset: xs * ly);
            colY.TransformBatched(im, re, chunk.ScratchIm, chunk.ScratchRe, 0, w, w);
            StoreColumns(re, im, w, ny, _aRe, _aIm, lx, xs, 0);
            int wb = Math.Min(xe, h) - xs;
            if (wb > 0)
            {
                TransposeBackPacked(_bTRe, _bTIm, re, im, wb, xs, ly, xs, xs + wb, h);
                colY.TransformBatched(im, re, chunk.ScratchIm, chunk.ScratchRe, 0, wb, wb);
                StoreColumns(re, im, wb, ny, _bRe, _bRe, lx, xs, h);
            }
        });
    }

    /// <summary>
    /// Compact rows y &lt; ny, columns [0, w) ← grid columns [xs, xs + w): the real part from <paramref name="gRe"/>, the
    /// imaginary part from <paramref name="gIm"/> starting <paramref name="imShift"/> columns further right.
    /// </summary>
    private static void LoadColumns(Real[] gRe, Real[] gIm, int lx, int xs, int imShift, Real[] re, Real[] im, int w, int ny)
    {
        CopyRows(gRe, xs, lx, re, 0, w, ny, w);
        CopyRows(gIm, xs + imShift, lx, im, 0, w, ny, w);
    }

    /// <summary>The inverse of <see cref="LoadColumns"/>: compact rows &lt; ny back into the grid.</summary>
    private static void StoreColumns(Real[] re, Real[] im, int w, int ny, Real[] gRe, Real[] gIm, int lx, int xs, int imShift)
    {
        CopyRows(re, 0, w, gRe, xs, lx, ny, w);
        CopyRows(im, 0, w, gIm, xs + imShift, lx, ny, w);
    }

    /// <summary>
    /// Columns [cs, cs + w) of T (lx rows × ly columns): rows &lt; lx/2 copied compactly (the others are zero), transformed along x,
    /// multiplied by the kernel's transform, transformed back, and rows &lt; nx4 copied back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvolveChunk(Fft<Real> colX, Real[] tRe, Real[] tIm, ChunkBuffer chunk, int lx, int ly, int nx4, int cs, int w)
    {
        Real[] re = chunk.Re, im = chunk.Im;
        // Rows ≥ nx = lx/2 hold no charges (nx4 only rounds up for the vector width): neither copied nor cleared,
        // the transform takes them as zero.
        CopyRows(tRe, cs, ly, re, 0, w, lx / 2, w);
        CopyRows(tIm, cs, ly, im, 0, w, lx / 2, w);
        colX.TransformBatched(re, im, chunk.ScratchRe, chunk.ScratchIm, 0, w, w, nonZero: lx / 2);
        // times the kernel's real transform (a plain vector loop: the chunk is short and this runs ~10⁶ times)
        for (int row = 0; row < lx; row++)
        {
            var k = _kernelHat.AsSpan(row * ly + cs, w);
            var r = re.AsSpan(row * w, w);
            var i = im.AsSpan(row * w, w);
            int c = 0;
            for (; c <= w - Lanes; c += Lanes)
            {
                var kv = new Vector<Real>(k.Slice(c));
                (new Vector<Real>(r.Slice(c)) * kv).CopyTo(r.Slice(c));
                (new Vector<Real>(i.Slice(c)) * kv).CopyTo(i.Slice(c));
            }
            for (; c < w; c++) { r[c] *= k[c]; i[c] *= k[c]; }
        }
        colX.TransformBatched(im, re, chunk.ScratchIm, chunk.ScratchRe, 0, w, w);
        CopyRows(re, 0, w, tRe, cs, ly, nx4, w);
        CopyRows(im, 0, w, tIm, cs, ly, nx4, w);
    }

    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="width"/> values from one strided layout to another, with vector
    /// loads and stores: the rows are short (a column chunk), so per-call overhead of Array.Copy would dominate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CopyRows(Real[] src, int srcOffset, int srcStride, Real[] dst, int dstOffset, int dstStride, int rows, int width)
    {
        if (rows <= 0 || width <= 0) return;
        if (srcOffset < 0 || dstOffset < 0 || (long)srcOffset + (long)(rows - 1) * srcStride + width > src.Length
            || (long)dstOffset + (long)(rows - 1) * dstStride + width > dst.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), "Row block outside the arrays.");
        int lanes = Vector256<Real>.Count, vectorWidth = width / lanes * lanes;
        fixed (Real* s0 = src, d0 = dst)
        {
            Real* s = s0 + srcOffset, d = d0 + dstOffset;
            for (int r = 0; r < rows; r++, s += srcStride, d += dstStride)
            {
                int c = 0;
                for (; c < vectorWidth; c += lanes) Vector256.Store(Vector256.Load(s + c), d + c);
                for (; c < width; c++) d[c] = s[c];
            }
        }
    }

    /// <summary>A thread's compact copy of one column chunk of T and the FFT's scratch for it (kept in L2).</summary>
    private sealed class ChunkBuffer
    {
        [ThreadStatic] private static ChunkBuffer? _current;
        public Real[] Re = [], Im = [], ScratchRe = [], ScratchIm = [];

        public static ChunkBuffer For(int cells)
        {
            var b = _current ??= new ChunkBuffer();
            if (b.Re.Length < cells)
            {
                b.Re = new Real[cells]; b.Im = new Real[cells]; b.ScratchRe = new Real[cells]; b.ScratchIm = new Real[cells];
            }
            return b;
        }
    }

    /// <summary>T[x][y] = G[y][x] for x in [xs, xe), all y.</summary>
    private static void Transpose(Real[] gRe, Real[] gIm, Real[] tRe, Real[] tIm, int ly, int lx, int xs, int xe)
    {
        TransposeBlock(gRe, lx, tRe, ly, xs, xe, 0, ly);
        TransposeBlock(gIm, lx, tIm, ly, xs, xe, 0, ly);
    }

    /// <summary>
    /// dst[dstOffset + r·dstStride + c] = src[srcOffset + c·srcStride + r] for r in [r0, r1), c in [c0, c1): 8×8 tiles transposed in AVX
    /// registers (eight row loads, eight row stores), the ragged edges element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TransposeBlock(Real[] src, int srcStride, Real[] dst, int dstStride, int r0, int r1, int c0, int c1,
        int srcOffset = 0, int dstOffset = 0)
    {
        int rv = Avx.IsSupported ? r0 + (r1 - r0) / 8 * 8 : r0, cv = Avx.IsSupported ? c0 + (c1 - c0) / 8 * 8 : c0;
        fixed (Real* s0 = src, d0 = dst)
        {
            Real* s = s0 + srcOffset, d = d0 + dstOffset;
            for (int c = c0; c < cv; c += 8)
                for (int r = r0; r < rv; r += 8)
                {
                    Real* from = s + (long)c * srcStride + r;
                    var v0 = Avx.LoadVector256(from); var v1 = Avx.LoadVector256(from + srcStride);
                    var v2 = Avx.LoadVector256(from + 2 * srcStride); var v3 = Avx.LoadVector256(from + 3 * srcStride);
                    var v4 = Avx.LoadVector256(from + 4 * srcStride); var v5 = Avx.LoadVector256(from + 5 * srcStride);
                    var v6 = Avx.LoadVector256(from + 6 * srcStride); var v7 = Avx.LoadVector256(from + 7 * srcStride);
                    var t0 = Avx.UnpackLow(v0, v1); var t1 = Avx.UnpackHigh(v0, v1);
                    var t2 = Avx.UnpackLow(v2, v3); var t3 = Avx.UnpackHigh(v2, v3);
                    var t4 = Avx.UnpackLow(v4, v5); var t5 = Avx.UnpackHigh(v4, v5);
                    var t6 = Avx.UnpackLow(v6, v7); var t7 = Avx.UnpackHigh(v6, v7);
                    var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    Real* to = d + (long)r * dstStride + c;
                    Avx.Store(to, Avx.Permute2x128(u0, u4, 0x20)); Avx.Store(to + dstStride, Avx.Permute2x128(u1, u5, 0x20));
                    Avx.Store(to + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20)); Avx.Store(to + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
                    Avx.Store(to + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31)); Avx.Store(to + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
                    Avx.Store(to + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31)); Avx.Store(to + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
                }
            // ragged edges: rows [rv, r1) for every column, columns [cv, c1) for the vectorised rows
            for (int c = c0; c < c1; c++)
                for (int r = rv; r < r1; r++) d[(long)r * dstStride + c] = s[(long)c * srcStride + r];
            for (int c = cv; c < c1; c++)
                for (int r = r0; r < rv; r++) d[(long)r * dstStride + c] = s[(long)c * srcStride + r];
        }
    }

    /// <summary>
    /// Splits the transforms Z = X + iY of two real columns packed as one (X = column x, Y = column x + h) into
    /// rows x and x + h of T: X(k) = (Z(k) + conj Z(−k)) / 2, Y(k) = (Z(k) − conj Z(−k)) / 2i.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeUnpack(Real[] gRe, Real[] gIm, int gStride, int gShift, Real[] tRe, Real[] tIm, int ly, int xs, int xe, int h)
    {
        const int tile = 16;
        for (int y0 = 0; y0 < ly; y0 += tile)
        {
            int y1 = Math.Min(ly, y0 + tile);
            for (int x = xs; x < xe; x++)
                for (int y = y0; y < y1; y++)
                {
                    int m = y == 0 ? 0 : ly - y;
                    int at = y * gStride + x - gShift, mat = m * gStride + x - gShift;
                    Real zr = gRe[at], zi = gIm[at], mr = gRe[mat], mi = gIm[mat];
                    tRe[x * ly + y] = (Real)0.5 * (zr + mr); tIm[x * ly + y] = (Real)0.5 * (zi - mi);
                    tRe[(x + h) * ly + y] = (Real)0.5 * (zi + mi); tIm[(x + h) * ly + y] = (Real)0.5 * (mr - zr);
                }
        }
    }

    /// <summary>
    /// Column x of G = X + iY for the Hermitian spectra X (row x of T) and Y (row x + h), of which T holds only
    /// the y-frequencies 0 … ly/2 (the others are conjugates): the inverse transform then gives both real
    /// columns at once, X's in the real part and Y's in the imaginary part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBackPacked(Real[] tRe, Real[] tIm, Real[] gRe, Real[] gIm, int gStride, int gShift, int ly, int xs, int xe, int h)
    {
        const int tile = 16;
        int half = ly / 2;
        for (int y0 = 0; y0 < ly; y0 += tile)
        {
            int y1 = Math.Min(ly, y0 + tile);
            for (int x = xs; x < xe; x++)
                for (int y = y0; y < y1; y++)
                {
                    int k = y <= half ? y : ly - y;
                    Real sign = y <= half ? 1 : -1;
                    Real xr = tRe[x * ly + k], xi = sign * tIm[x * ly + k];
                    Real yr = tRe[(x + h) * ly + k], yi = sign * tIm[(x + h) * ly + k];
                    int at = y * gStride + x - gShift;
                    gRe[at] = xr - yi; gIm[at] = xi + yr;
                }
        }
    }

    /// <summary>
    /// The (real, even) transform of the circulant K² grid, transposed like the charge spectra; recomputed only
    /// when the grid shape or spacing changes. Uses grid A and A's spectrum as scratch, so it runs before the charges are spread.
    /// </summary>
    private void EnsureKernel(int nx, int ny, double h)
    {
        if (_kernelKey == (nx, ny, h)) return;
        int lx = 2 * nx, ly = 2 * ny;
        Real[] gRe = _aRe, gIm = _aIm;
        Array.Clear(gIm, 0, lx * ly);
        FixedPartition.For(ly, 8, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rs, re, _) =>
        {
            for (int row = rs; row < re; row++)
            {
                double dy = (row < ny ? row : row - ly) * h;
                for (int col = 0; col < lx; col++)
                {
                    double dx = (col < nx ? col : col - lx) * h;
                    double k = 1 / (1 + dx * dx + dy * dy);
                    gRe[row * lx + col] = row == ny || col == nx ? 0 : (Real)(k * k);
                }
            }
        });
        Forward(gRe, gIm, _aTRe, _aTIm, lx, ly, lx);
        Array.Copy(_aTRe, _kernelHat, lx * ly);
        _kernelKey = (nx, ny, h);
        _gridDirty = true;
    }

    /// <summary>Base cell, x- and y-weights and charges of point <paramref name="i"/>, written at sorted position <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WeighOne(double[] y, int i, int t, GridFrame f, Span<double> wx, Span<double> wy)
    {
        double u = (y[2 * i] - f.X0) / f.H, v = (y[2 * i + 1] - f.Y0) / f.H;
        int bx = Math.Clamp((int)Math.Floor(u), f.Lo, f.MaxBaseX), by = _baseY[i];
        _sortedBaseX[t] = bx; _sortedBaseY[t] = by;
        LagrangeWeights(u - bx, wx);
        LagrangeWeights(v - by, wy);
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
        LagrangeWeights(u - baseX, wx);
        LagrangeWeights(v - baseY, wy);
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

    /// <summary><see cref="LagrangeWeights(double, Span{double})"/> for four offsets in the lanes of <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LagrangeWeights(Vector256<double> t, Span<Vector256<double>> w)
    {
        int lo = _half - 1;
        var prefix = Vector256<double>.One;
        for (int m = 0; m < points; m++)
        {
            w[m] = prefix;
            prefix *= t - Vector256.Create((double)(m - lo));
        }
        var suffix = Vector256<double>.One;
        for (int m = points - 1; m >= 0; m--)
        {
            w[m] *= suffix * Vector256.Create(_inverseDenominator[m]);
            suffix *= t - Vector256.Create((double)(m - lo));
        }
    }

    /// <summary>Lagrange weights of the nodes at offsets −lo … points−1−lo for a point at offset t ∈ [0, 1).</summary>
    /// <remarks>w_m = Π_{l≠m} (t − offset_l) / Π_{l≠m} (offset_m − offset_l), from prefix and suffix products
    /// (3·points multiplications instead of points²).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LagrangeWeights(double t, Span<double> w)
    {
        int lo = _half - 1;
        double prefix = 1;
        for (int m = 0; m < points; m++)
        {
            w[m] = prefix;
            prefix *= t - (m - lo);
        }
        double suffix = 1;
        for (int m = points - 1; m >= 0; m--)
        {
            w[m] *= suffix * _inverseDenominator[m];
            suffix *= t - (m - lo);
        }
    }

    private static double[] InverseDenominators(int points)
    {
        int lo = points / 2 - 1;
        var inv = new double[points];
        for (int m = 0; m < points; m++)
        {
            double den = 1;
            for (int l = 0; l < points; l++) if (l != m) den *= (m - lo) - (l - lo);
            inv[m] = 1 / den;
        }
        return inv;
    }

    private void EnsurePoints(int n)
    {
        if (_n == n) return;
        _n = n;
        _baseY = new int[n]; _sorted = new int[n]; _sortedBaseX = new int[n]; _sortedBaseY = new int[n];
        _w = new Real[points * n]; _charges = new double[3 * n];
        _wx = Simd ? new Real[Lanes * n] : [];
        _wxScalar = Simd ? [] : new double[points * n];
    }

    private void EnsureGrid(int cells, int rows)
    {
        if (_rowStart.Length < rows) _rowStart = new int[rows];
        if (_aRe.Length < cells)
        {
            // Grow geometrically: the grid grows with the embedding, and re-allocating large arrays often costs
            // page faults and full GCs.
            int size = (int)Math.Min(int.MaxValue / 2, Math.Max(cells, 2L * _aRe.Length));
            _aRe = new Real[size]; _aIm = new Real[size]; _bRe = new Real[size];
            _aTRe = new Real[size]; _aTIm = new Real[size]; _bTRe = new Real[size]; _bTIm = new Real[size];
            _sRe = new Real[size]; _sIm = new Real[size]; _kernelHat = new Real[size];
            _kernelKey = default;
        }
    }
}
