using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompatNotebooks.Training;

/// <summary>
/// The SIMD inner loops of the fused trainer. Projections are stored transposed, one contiguous row of D floats per
/// style dimension (<c>w[k·D + d]</c>), and handled in blocks of <see cref="Width"/> dimensions so each feature row is
/// streamed once per block while all of the block's dot products accumulate in registers.
/// </summary>
/// <remarks>
/// Rows may be unaligned (the memory-mapped file's rows are 2-byte aligned); loads are unaligned. Vector512 runs as
/// AVX-512 where available and is emulated with two 256-bit halves elsewhere (same results, slower).
/// </remarks>
internal static unsafe class FusedKernels
{
    /// <summary>Style dimensions handled per pass over a row (the chapter's K = 5 is one pass).</summary>
    public const int Width = 5;

    private const int Lanes = 16; // floats per Vector512

    /// <summary>
    /// s[r·stride + k] = Σ_d x_r[d]·w[k·D + d] for four rows r and the <see cref="Width"/> rows of <paramref name="w"/>;
    /// meanwhile prefetches rows <paramref name="p0"/>…<paramref name="p3"/> (the next tile's) one cache line per
    /// step, so they arrive from memory while this tile computes.
    /// </summary>
    public static void Project4(float* x0, float* x1, float* x2, float* x3, float* w, int dimension, float* s, int stride,
        float* p0, float* p1, float* p2, float* p3)
    {
        var a00 = Vector512<float>.Zero; var a01 = a00; var a02 = a00; var a03 = a00; var a04 = a00;
        var a10 = a00; var a11 = a00; var a12 = a00; var a13 = a00; var a14 = a00;
        var a20 = a00; var a21 = a00; var a22 = a00; var a23 = a00; var a24 = a00;
        var a30 = a00; var a31 = a00; var a32 = a00; var a33 = a00; var a34 = a00;
        float* w0 = w, w1 = w + dimension, w2 = w + 2 * dimension, w3 = w + 3 * dimension, w4 = w + 4 * dimension;
        int vectorEnd = dimension - dimension % Lanes;
        for (int d = 0; d < vectorEnd; d += Lanes)
        {
            var e0 = Vector512.Load(w0 + d); var e1 = Vector512.Load(w1 + d); var e2 = Vector512.Load(w2 + d);
            var e3 = Vector512.Load(w3 + d); var e4 = Vector512.Load(w4 + d);
            Prefetch(p0 + d); Prefetch(p1 + d); Prefetch(p2 + d); Prefetch(p3 + d);
            var x = Vector512.Load(x0 + d);
            a00 = Fma(x, e0, a00); a01 = Fma(x, e1, a01); a02 = Fma(x, e2, a02); a03 = Fma(x, e3, a03); a04 = Fma(x, e4, a04);
            x = Vector512.Load(x1 + d);
            a10 = Fma(x, e0, a10); a11 = Fma(x, e1, a11); a12 = Fma(x, e2, a12); a13 = Fma(x, e3, a13); a14 = Fma(x, e4, a14);
            x = Vector512.Load(x2 + d);
            a20 = Fma(x, e0, a20); a21 = Fma(x, e1, a21); a22 = Fma(x, e2, a22); a23 = Fma(x, e3, a23); a24 = Fma(x, e4, a24);
            x = Vector512.Load(x3 + d);
            a30 = Fma(x, e0, a30); a31 = Fma(x, e1, a31); a32 = Fma(x, e2, a32); a33 = Fma(x, e3, a33); a34 = Fma(x, e4, a34);
        }
        Store(s, a00, a01, a02, a03, a04);
        Store(s + stride, a10, a11, a12, a13, a14);
        Store(s + 2 * stride, a20, a21, a22, a23, a24);
        Store(s + 3 * stride, a30, a31, a32, a33, a34);
        for (int d = vectorEnd; d < dimension; d++)
        {
            AddTail(s, x0[d], w, dimension, d);
            AddTail(s + stride, x1[d], w, dimension, d);
            AddTail(s + 2 * stride, x2[d], w, dimension, d);
            AddTail(s + 3 * stride, x3[d], w, dimension, d);
        }
    }

    /// <summary>s[k] = Σ_d x[d]·w[k·D + d] for one row, prefetching row <paramref name="p0"/>.</summary>
    public static void Project1(float* x0, float* w, int dimension, float* s, float* p0)
    {
        var a0 = Vector512<float>.Zero; var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0;
        float* w0 = w, w1 = w + dimension, w2 = w + 2 * dimension, w3 = w + 3 * dimension, w4 = w + 4 * dimension;
        int vectorEnd = dimension - dimension % Lanes;
        for (int d = 0; d < vectorEnd; d += Lanes)
        {
            Prefetch(p0 + d);
            var x = Vector512.Load(x0 + d);
            a0 = Fma(x, Vector512.Load(w0 + d), a0); a1 = Fma(x, Vector512.Load(w1 + d), a1);
            a2 = Fma(x, Vector512.Load(w2 + d), a2); a3 = Fma(x, Vector512.Load(w3 + d), a3);
            a4 = Fma(x, Vector512.Load(w4 + d), a4);
        }
        Store(s, a0, a1, a2, a3, a4);
        for (int d = vectorEnd; d < dimension; d++)
            AddTail(s, x0[d], w, dimension, d);
    }

    /// <summary>
    /// g[k·D + d] += Σ_r a[r·aStride + k]·x_r[d] for the <see cref="Width"/> rows of <paramref name="g"/>: the
    /// gradient of a block of rows, summed in registers per 16 features so <paramref name="g"/> is read and written
    /// once per call rather than once per row. Rows are summed in order r = 0, 1, …
    /// </summary>
    public static void Accumulate(float** x, float* a, int aStride, int rows, float* g, int dimension)
    {
        float* g0 = g, g1 = g + dimension, g2 = g + 2 * dimension, g3 = g + 3 * dimension, g4 = g + 4 * dimension;
        int vectorEnd = dimension - dimension % Lanes;
        for (int d = 0; d < vectorEnd; d += Lanes)
        {
            var c0 = Vector512<float>.Zero; var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0;
            float* ar = a;
            for (int r = 0; r < rows; r++, ar += aStride)
            {
                var xv = Vector512.Load(x[r] + d);
                c0 = Fma(xv, Vector512.Create(ar[0]), c0);
                c1 = Fma(xv, Vector512.Create(ar[1]), c1);
                c2 = Fma(xv, Vector512.Create(ar[2]), c2);
                c3 = Fma(xv, Vector512.Create(ar[3]), c3);
                c4 = Fma(xv, Vector512.Create(ar[4]), c4);
            }
            Vector512.Store(Vector512.Load(g0 + d) + c0, g0 + d);
            Vector512.Store(Vector512.Load(g1 + d) + c1, g1 + d);
            Vector512.Store(Vector512.Load(g2 + d) + c2, g2 + d);
            Vector512.Store(Vector512.Load(g3 + d) + c3, g3 + d);
            Vector512.Store(Vector512.Load(g4 + d) + c4, g4 + d);
        }
        for (int d = vectorEnd; d < dimension; d++)
        {
            float c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;
            float* ar = a;
            for (int r = 0; r < rows; r++, ar += aStride)
            {
                float xv = x[r][d];
                c0 += xv * ar[0]; c1 += xv * ar[1]; c2 += xv * ar[2]; c3 += xv * ar[3]; c4 += xv * ar[4];
            }
            g0[d] += c0; g1[d] += c1; g2[d] += c2; g3[d] += c3; g4[d] += c4;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* address)
    {
        if (Sse.IsSupported) Sse.Prefetch0(address);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> x, Vector512<float> y, Vector512<float> sum) =>
        Vector512.FusedMultiplyAdd(x, y, sum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* s, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4)
    {
        s[0] = Vector512.Sum(a0); s[1] = Vector512.Sum(a1); s[2] = Vector512.Sum(a2); s[3] = Vector512.Sum(a3); s[4] = Vector512.Sum(a4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTail(float* s, float x, float* w, int dimension, int d)
    {
        s[0] += x * w[d]; s[1] += x * w[dimension + d]; s[2] += x * w[2 * dimension + d];
        s[3] += x * w[3 * dimension + d]; s[4] += x * w[4 * dimension + d];
    }
}
