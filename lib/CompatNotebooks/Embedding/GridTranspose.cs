using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The data moves of the 2-D FFT convolution: strided row-block copies, 8×8-tile transposes between a grid and its
/// transposed spectrum, and the packing of two real columns into one complex transform and back.
/// </summary>
internal static class GridTranspose
{
    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="width"/> values from one strided layout to another, with vector
    /// loads and stores: the rows are short (a column chunk), so per-call overhead of Array.Copy would dominate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void CopyRows(Real[] src, int srcOffset, int srcStride, Real[] dst, int dstOffset, int dstStride, int rows, int width)
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

    /// <summary>T[x][y] = G[y][x] for x in [xs, xe), all y.</summary>
    public static void Transpose(Real[] gRe, Real[] gIm, Real[] tRe, Real[] tIm, int ly, int lx, int xs, int xe)
    {
        TransposeBlock(gRe, lx, tRe, ly, xs, xe, 0, ly);
        TransposeBlock(gIm, lx, tIm, ly, xs, xe, 0, ly);
    }

    /// <summary>
    /// dst[dstOffset + r·dstStride + c] = src[srcOffset + c·srcStride + r] for r in [r0, r1), c in [c0, c1): 8×8 tiles transposed in AVX
    /// registers (eight row loads, eight row stores), the ragged edges element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void TransposeBlock(Real[] src, int srcStride, Real[] dst, int dstStride, int r0, int r1, int c0, int c1,
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
    public static void TransposeUnpack(Real[] gRe, Real[] gIm, int gStride, int gShift, Real[] tRe, Real[] tIm, int ly, int xs, int xe, int h)
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
    public static void TransposeBackPacked(Real[] tRe, Real[] tIm, Real[] gRe, Real[] gIm, int gStride, int gShift, int ly, int xs, int xe, int h)
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
}
