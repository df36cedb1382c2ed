using System.Numerics;
using System.Runtime.CompilerServices;
using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The grids of the interpolation and their convolution with the kernel K² by 2-D FFT: grid A holds the charges
/// 1 + i·x, grid B the real y charge; both are zero-padded to twice the grid's sides (lx = 2·nx, ly = 2·ny), so the
/// circular convolution equals the Toeplitz one. The kernel's transform is cached per grid shape and spacing.
/// </summary>
internal sealed class GridConvolution(int threads)
{
    private const int ColumnChunk = 32;
    private static readonly int Lanes = Vector<Real>.Count;
    // Grids in single precision: half the memory traffic and twice the SIMD width; the charges are centred,
    // so the cancellations in y_i·φ₁ − φ_y and in Z stay well inside float accuracy (checked against exact sums in tests).
    private Real[] _aRe = [], _aIm = [], _bRe = [], _aTRe = [], _aTIm = [], _bTRe = [], _bTIm = [], _sRe = [], _sIm = [];
    private Real[] _kernelHat = [];
    private (int Nx, int Ny, double H) _kernelKey;
    // True when grids A/B may hold data outside the columns the charge transforms use (new layout or kernel scratch).
    private bool _gridDirty = true;

    /// <summary>Grid A, real part: the charge 1 (potential φ₁ after <see cref="Convolve"/>).</summary>
    public Real[] ARe => _aRe;

    /// <summary>Grid A, imaginary part: the charge x (potential φ_x).</summary>
    public Real[] AIm => _aIm;

    /// <summary>Grid B: the charge y (potential φ_y).</summary>
    public Real[] BRe => _bRe;

    /// <summary>
    /// Readies grids A and B for spreading: when they may hold stale data anywhere (new layout, kernel scratch) they
    /// are cleared whole and false is returned; otherwise true — only the columns the transforms wrote (&lt; nx4,
    /// rows &lt; ny) hold anything, and the spreading pass clears those row by row itself.
    /// </summary>
    public bool PrepareForSpreading(int cells)
    {
        if (!_gridDirty) return true;
        FixedPartition.For(cells, 1 << 16, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e, _) =>
        {
            Array.Clear(_aRe, s, e - s); Array.Clear(_aIm, s, e - s); Array.Clear(_bRe, s, e - s);
        });
        _gridDirty = false;
        return false;
    }

    /// <summary>
    /// Forward 2-D FFT of one grid G (ly rows × lx columns, non-zero only in columns &lt; nx4) into the transposed
    /// spectrum T (lx rows × ly columns): column transforms along y, transpose, column transforms along x.
    /// Used for the kernel; the charges go through <see cref="Convolve"/>.
    /// </summary>
    private void Forward(Real[] gRe, Real[] gIm, Real[] tRe, Real[] tIm, int lx, int ly, int nx4)
    {
        IBatchedFft<Real> colY = Fft<Real>.Get(ly);
        IBatchedFft<Real> colX = Fft<Real>.Get(lx);
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cs, ce, _) => colY.TransformBatched(gRe, gIm, _sRe, _sIm, cs, lx, ce - cs));
        FixedPartition.For(nx4, ColumnChunk, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (xs, xe, _) => GridTranspose.Transpose(gRe, gIm, tRe, tIm, ly, lx, xs, xe));
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
    public void Convolve(int lx, int ly, int nx4)
    {
        IBatchedFft<Real> colY = Fft<Real>.Get(ly);
        IBatchedFft<Real> colX = Fft<Real>.Get(lx);
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
            GridTranspose.TransposeBlock(re, w, _aTRe, ly, 0, w, 0, ly, dstOffset: xs * ly);
            GridTranspose.TransposeBlock(im, w, _aTIm, ly, 0, w, 0, ly, dstOffset: xs * ly);
            int wb = Math.Min(xe, h) - xs;
            if (wb > 0)
            {
                LoadColumns(_bRe, _bRe, lx, xs, h, re, im, wb, ny);
                colY.TransformBatched(re, im, chunk.ScratchRe, chunk.ScratchIm, 0, wb, wb, nonZero: ny);
                GridTranspose.TransposeUnpack(re, im, wb, xs, _bTRe, _bTIm, ly, xs, xs + wb, h);
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
            GridTranspose.TransposeBlock(_aTRe, ly, re, w, 0, ly, 0, w, srcOffset: xs * ly);
            GridTranspose.TransposeBlock(_aTIm, ly, im, w, 0, ly, 0, w, srcOffset: xs * ly);
            colY.TransformBatched(im, re, chunk.ScratchIm, chunk.ScratchRe, 0, w, w);
            StoreColumns(re, im, w, ny, _aRe, _aIm, lx, xs, 0);
            int wb = Math.Min(xe, h) - xs;
            if (wb > 0)
            {
                GridTranspose.TransposeBackPacked(_bTRe, _bTIm, re, im, wb, xs, ly, xs, xs + wb, h);
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
        GridTranspose.CopyRows(gRe, xs, lx, re, 0, w, ny, w);
        GridTranspose.CopyRows(gIm, xs + imShift, lx, im, 0, w, ny, w);
    }

    /// <summary>The inverse of <see cref="LoadColumns"/>: compact rows &lt; ny back into the grid.</summary>
    private static void StoreColumns(Real[] re, Real[] im, int w, int ny, Real[] gRe, Real[] gIm, int lx, int xs, int imShift)
    {
        GridTranspose.CopyRows(re, 0, w, gRe, xs, lx, ny, w);
        GridTranspose.CopyRows(im, 0, w, gIm, xs + imShift, lx, ny, w);
    }

    /// <summary>
    /// Columns [cs, cs + w) of T (lx rows × ly columns): rows &lt; lx/2 copied compactly (the others are zero), transformed along x,
    /// multiplied by the kernel's transform, transformed back, and rows &lt; nx4 copied back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvolveChunk(IBatchedFft<Real> colX, Real[] tRe, Real[] tIm, ChunkBuffer chunk, int lx, int ly, int nx4, int cs, int w)
    {
        Real[] re = chunk.Re, im = chunk.Im;
        // Rows ≥ nx = lx/2 hold no charges (nx4 only rounds up for the vector width): neither copied nor cleared,
        // the transform takes them as zero.
        GridTranspose.CopyRows(tRe, cs, ly, re, 0, w, lx / 2, w);
        GridTranspose.CopyRows(tIm, cs, ly, im, 0, w, lx / 2, w);
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
        GridTranspose.CopyRows(re, 0, w, tRe, cs, ly, nx4, w);
        GridTranspose.CopyRows(im, 0, w, tIm, cs, ly, nx4, w);
    }

    /// <summary>
    /// The (real, even) transform of the circulant K² grid, transposed like the charge spectra; recomputed only
    /// when the grid shape or spacing changes. Uses grid A and A's spectrum as scratch, so it runs before the charges are spread.
    /// </summary>
    public void EnsureKernel(int nx, int ny, double h)
    {
        if (_kernelKey == (nx, ny, h)) return;
        int lx = 2 * nx, ly = 2 * ny;
        Real[] gRe = _aRe, gIm = _aIm;
        Array.Clear(gIm, 0, lx * ly);
        SquaredKernelGrid.Fill(gRe, nx, ny, h, threads);
        Forward(gRe, gIm, _aTRe, _aTIm, lx, ly, lx);
        Array.Copy(_aTRe, _kernelHat, lx * ly);
        _kernelKey = (nx, ny, h);
        _gridDirty = true;
    }

    /// <summary>Makes the grids hold at least <paramref name="cells"/> values each.</summary>
    public void EnsureGrid(int cells)
    {
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
