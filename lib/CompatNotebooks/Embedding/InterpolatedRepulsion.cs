namespace CompatNotebooks.Embedding;

/// <summary>
/// FFT-accelerated interpolation of the repulsive forces (the idea of FIt-SNE, Linderman et al. 2019): the
/// charges {1, x, y, x² + y²} of all points are spread onto an equispaced grid by cubic Lagrange interpolation,
/// convolved with the kernel K² on the grid by 2-D FFT (the kernel is a Toeplitz matrix), and interpolated
/// back. One kernel, K² = 1/(1+d²)², gives both Σ_j K²(y_i − y_j) and Z, because K = K²·(1 + d²) and
/// d² = |y_i|² − 2 y_i·y_j + |y_j|². Cost O(N + G log G) per iteration for G grid nodes.
/// </summary>
/// <remarks>
/// The grid spacing is at most 1/<c>nodesPerUnit</c> in embedding units (the kernel's length scale is 1), and
/// grid sides are rounded up to 2^a·3^b nodes. Spreading is parallel over grid rows (points counting-sorted
/// by row) so no two threads write the same cell and the summation order is fixed: results are deterministic.
/// Coordinates are centred on the grid before forming charges to limit cancellation in y_i·φ₁ − φ_y.
/// </remarks>
internal sealed class InterpolatedRepulsion(int threads, double nodesPerUnit = 2.0, int minNodes = 48) : IRepulsion
{
    private const int ColumnChunk = 32;
    private int _n;
    private int[] _baseX = [], _baseY = [], _sorted = [], _rowStart = [];
    private double[] _w = []; // 8 per point: 4 x-weights then 4 y-weights
    private double[] _aRe = [], _aIm = [], _bRe = [], _bIm = [], _aTRe = [], _aTIm = [], _bTRe = [], _bTIm = [], _sRe = [], _sIm = [];
    private double[] _kernelHat = [];
    private (int Nx, int Ny, double H) _kernelKey;

    /// <summary>Grid nodes along x and y used by the last call (for diagnostics and tests).</summary>
    public (int X, int Y) LastGrid { get; private set; }

    public double Compute(double[] y, double[] repulsive)
    {
        int n = y.Length / 2;
        EnsurePoints(n);
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double a = y[2 * i], b = y[2 * i + 1];
            if (a < minX) minX = a; if (a > maxX) maxX = a;
            if (b < minY) minY = b; if (b > maxY) maxY = b;
        }
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        double spanMax = Math.Max(spanX, spanY);
        // Nodes base-1 .. base+2 around each point must exist: side ≥ ⌊span/h⌋ + 4.
        // Small embeddings get minNodes across their extent (finer than needed); large ones the fixed spacing
        // 1/nodesPerUnit, so the kernel's transform only changes when the grid grows and can be cached.
        double h = Math.Min(spanMax / (minNodes - 4), 1 / nodesPerUnit);
        int nx = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanX / h) + 4));
        int ny = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanY / h) + 4));
        int lx = 2 * nx, ly = 2 * ny;
        LastGrid = (nx, ny);
        EnsureGrid(lx * ly, ny + 1);
        EnsureKernel(nx, ny, h);
        double x0 = minX - h, y0 = minY - h;
        double cx = x0 + 0.5 * (nx - 1) * h, cy = y0 + 0.5 * (ny - 1) * h;

        // 1. interpolation weights and grid rows of every point
        FixedPartition.For(n, 2048, threads, (start, end, _) =>
        {
            for (int i = start; i < end; i++)
            {
                double u = (y[2 * i] - x0) / h, v = (y[2 * i + 1] - y0) / h;
                int bx = Math.Clamp((int)Math.Floor(u), 1, nx - 3), by = Math.Clamp((int)Math.Floor(v), 1, ny - 3);
                _baseX[i] = bx; _baseY[i] = by;
                CubicWeights(u - bx, _w.AsSpan(8 * i, 4));
                CubicWeights(v - by, _w.AsSpan(8 * i + 4, 4));
            }
        });
        // counting sort of points by base row (stable: input order within a row)
        Array.Clear(_rowStart, 0, ny + 1);
        for (int i = 0; i < n; i++) _rowStart[_baseY[i] + 1]++;
        for (int r = 0; r < ny; r++) _rowStart[r + 1] += _rowStart[r];
        var cursor = System.Buffers.ArrayPool<int>.Shared.Rent(ny);
        Array.Copy(_rowStart, cursor, ny);
        for (int i = 0; i < n; i++) _sorted[cursor[_baseY[i]]++] = i;
        System.Buffers.ArrayPool<int>.Shared.Return(cursor);

        // 2. spread charges {1, x, y, r²} into grids A = (1, x) and B = (y, r²) as real/imag parts
        int cells = lx * ly;
        FixedPartition.For(cells, 1 << 16, threads, (s, e, _) =>
        {
            Array.Clear(_aRe, s, e - s); Array.Clear(_aIm, s, e - s); Array.Clear(_bRe, s, e - s); Array.Clear(_bIm, s, e - s);
        });
        FixedPartition.For(ny, 4, threads, (rs, re, _) =>
        {
            for (int row = rs; row < re; row++)
            {
                int baseFrom = Math.Max(1, row - 2), baseTo = Math.Min(ny - 3, row + 1);
                if (baseFrom > baseTo) continue;
                int offset = row * lx;
                for (int t = _rowStart[baseFrom]; t < _rowStart[baseTo + 1]; t++)
                {
                    int i = _sorted[t];
                    double wy = _w[8 * i + 4 + row - _baseY[i] + 1];
                    double px = y[2 * i] - cx, py = y[2 * i + 1] - cy, r2 = px * px + py * py;
                    int col = offset + _baseX[i] - 1;
                    for (int a = 0; a < 4; a++)
                    {
                        double w = wy * _w[8 * i + a];
                        _aRe[col + a] += w; _aIm[col + a] += w * px; _bRe[col + a] += w * py; _bIm[col + a] += w * r2;
                    }
                }
            }
        });

        // 3. convolve with K² by 2-D FFT: columns (y), transpose, columns (x), multiply, and back
        int nx4 = Math.Min(lx, (nx + 3) & ~3);
        Forward(_aRe, _aIm, _aTRe, _aTIm, lx, ly, nx4);
        Forward(_bRe, _bIm, _bTRe, _bTIm, lx, ly, nx4);
        FixedPartition.For(lx, 16, threads, (rs, re, _) =>
        {
            for (int c = rs * ly, end = re * ly; c < end; c++)
            {
                double k = _kernelHat[c];
                _aTRe[c] *= k; _aTIm[c] *= k; _bTRe[c] *= k; _bTIm[c] *= k;
            }
        });
        Inverse(_aRe, _aIm, _aTRe, _aTIm, lx, ly, nx4);
        Inverse(_bRe, _bIm, _bTRe, _bTIm, lx, ly, nx4);
        double scale = 1.0 / cells;

        // 4. interpolate potentials back and form forces and Z
        double zSum = FixedPartition.Sum(n, 2048, threads, (start, end) =>
        {
            double z = 0;
            for (int i = start; i < end; i++)
            {
                double p1 = 0, pxs = 0, pys = 0, pr2 = 0;
                int baseCell = (_baseY[i] - 1) * lx + _baseX[i] - 1;
                for (int b = 0; b < 4; b++)
                {
                    double wy = _w[8 * i + 4 + b];
                    int c0 = baseCell + b * lx;
                    for (int a = 0; a < 4; a++)
                    {
                        double w = wy * _w[8 * i + a];
                        int c = c0 + a;
                        p1 += w * _aRe[c]; pxs += w * _aIm[c]; pys += w * _bRe[c]; pr2 += w * _bIm[c];
                    }
                }
                p1 *= scale; pxs *= scale; pys *= scale; pr2 *= scale;
                double px = y[2 * i] - cx, py = y[2 * i + 1] - cy;
                repulsive[2 * i] = px * p1 - pxs;
                repulsive[2 * i + 1] = py * p1 - pys;
                z += (1 + px * px + py * py) * p1 - 2 * (px * pxs + py * pys) + pr2;
            }
            return z;
        });
        return zSum - n; // remove the self terms K_ii = 1
    }

    /// <summary>
    /// Forward 2-D FFT of grid G (ly rows × lx columns, non-zero only in columns &lt; nx4) into the transposed
    /// spectrum T (lx rows × ly columns): column transforms along y, transpose, column transforms along x.
    /// </summary>
    private void Forward(double[] gRe, double[] gIm, double[] tRe, double[] tIm, int lx, int ly, int nx4)
    {
        var colY = Fft.Get(ly);
        var colX = Fft.Get(lx);
        FixedPartition.For(nx4, ColumnChunk, threads, (cs, ce, _) => colY.TransformBatched(gRe, gIm, _sRe, _sIm, cs, lx, ce - cs));
        FixedPartition.For(nx4, ColumnChunk, threads, (xs, xe, _) => Transpose(gRe, gIm, tRe, tIm, ly, lx, xs, xe));
        FixedPartition.For(lx - nx4, 64, threads, (s, e, _) =>
        {
            Array.Clear(tRe, (nx4 + s) * ly, (e - s) * ly); Array.Clear(tIm, (nx4 + s) * ly, (e - s) * ly);
        });
        FixedPartition.For(ly, ColumnChunk, threads, (cs, ce, _) => colX.TransformBatched(tRe, tIm, _sRe, _sIm, cs, ly, ce - cs));
    }

    /// <summary>Inverse of <see cref="Forward"/> (unscaled) back into G's columns &lt; nx4; real/imag swapped = inverse.</summary>
    private void Inverse(double[] gRe, double[] gIm, double[] tRe, double[] tIm, int lx, int ly, int nx4)
    {
        var colY = Fft.Get(ly);
        var colX = Fft.Get(lx);
        FixedPartition.For(ly, ColumnChunk, threads, (cs, ce, _) => colX.TransformBatched(tIm, tRe, _sIm, _sRe, cs, ly, ce - cs));
        FixedPartition.For(nx4, ColumnChunk, threads, (xs, xe, _) => TransposeBack(tRe, tIm, gRe, gIm, ly, lx, xs, xe));
        FixedPartition.For(nx4, ColumnChunk, threads, (cs, ce, _) => colY.TransformBatched(gIm, gRe, _sIm, _sRe, cs, lx, ce - cs));
    }

    /// <summary>T[x][y] = G[y][x] for x in [xs, xe), all y.</summary>
    private static void Transpose(double[] gRe, double[] gIm, double[] tRe, double[] tIm, int ly, int lx, int xs, int xe)
    {
        const int tile = 16;
        for (int y0 = 0; y0 < ly; y0 += tile)
        {
            int y1 = Math.Min(ly, y0 + tile);
            for (int x = xs; x < xe; x++)
                for (int y = y0; y < y1; y++)
                {
                    tRe[x * ly + y] = gRe[y * lx + x]; tIm[x * ly + y] = gIm[y * lx + x];
                }
        }
    }

    /// <summary>G[y][x] = T[x][y] for x in [xs, xe), all y.</summary>
    private static void TransposeBack(double[] tRe, double[] tIm, double[] gRe, double[] gIm, int ly, int lx, int xs, int xe)
    {
        const int tile = 16;
        for (int y0 = 0; y0 < ly; y0 += tile)
        {
            int y1 = Math.Min(ly, y0 + tile);
            for (int x = xs; x < xe; x++)
                for (int y = y0; y < y1; y++)
                {
                    gRe[y * lx + x] = tRe[x * ly + y]; gIm[y * lx + x] = tIm[x * ly + y];
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
        double[] gRe = _aRe, gIm = _aIm;
        Array.Clear(gIm, 0, lx * ly);
        FixedPartition.For(ly, 8, threads, (rs, re, _) =>
        {
            for (int row = rs; row < re; row++)
            {
                double dy = (row < ny ? row : row - ly) * h;
                for (int col = 0; col < lx; col++)
                {
                    double dx = (col < nx ? col : col - lx) * h;
                    double k = 1 / (1 + dx * dx + dy * dy);
                    gRe[row * lx + col] = row == ny || col == nx ? 0 : k * k;
                }
            }
        });
        Forward(gRe, gIm, _aTRe, _aTIm, lx, ly, lx);
        Array.Copy(_aTRe, _kernelHat, lx * ly);
        _kernelKey = (nx, ny, h);
    }

    /// <summary>Cubic Lagrange weights of nodes −1, 0, 1, 2 at offset t ∈ [0, 1).</summary>
    private static void CubicWeights(double t, Span<double> w)
    {
        double tm1 = t - 1, tm2 = t - 2, tp1 = t + 1;
        w[0] = -t * tm1 * tm2 / 6;
        w[1] = tp1 * tm1 * tm2 / 2;
        w[2] = -tp1 * t * tm2 / 2;
        w[3] = tp1 * t * tm1 / 6;
    }

    private void EnsurePoints(int n)
    {
        if (_n == n) return;
        _n = n;
        _baseX = new int[n]; _baseY = new int[n]; _sorted = new int[n]; _w = new double[8 * n];
    }

    private void EnsureGrid(int cells, int rows)
    {
        if (_rowStart.Length < rows) _rowStart = new int[rows];
        if (_aRe.Length < cells)
        {
            int size = Math.Max(cells, _aRe.Length * 5 / 4);
            _aRe = new double[size]; _aIm = new double[size]; _bRe = new double[size]; _bIm = new double[size];
            _aTRe = new double[size]; _aTIm = new double[size]; _bTRe = new double[size]; _bTIm = new double[size];
            _sRe = new double[size]; _sIm = new double[size]; _kernelHat = new double[size];
            _kernelKey = default;
        }
    }
}
