using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CompatNotebooks.Embedding;

/// <summary>
/// A forward complex FFT of one length whose only prime factors are 2, 3 and 5 (Stockham auto-sort, radix 4/2/3/5,
/// twiddles precomputed). Real and imaginary parts live in separate arrays. The inverse is obtained by swapping
/// the two arrays (IFFT(x) = swap(FFT(swap(x))) / n), so only the forward transform exists.
/// </summary>
/// <remarks>
/// Two layouts: <c>Transform</c> on one contiguous vector, and <c>TransformBatched</c> on many
/// vectors side by side (element e of vector b at <c>offset + e·stride + b</c>), which is how the columns of a
/// row-major grid are transformed without a transpose — the innermost loop runs over contiguous memory.
/// </remarks>
internal static class Fft
{
    /// <summary>The double-precision plan (tests and callers that need full precision).</summary>
    public static Fft<double> Get(int length) => Fft<double>.Get(length);

    /// <summary>True when <paramref name="n"/> ≥ 1 has no prime factor other than 2, 3 and 5.</summary>
    public static bool IsSupported(int n)
    {
        if (n < 1) return false;
        while (n % 2 == 0) n /= 2;
        while (n % 3 == 0) n /= 3;
        while (n % 5 == 0) n /= 5;
        return n == 1;
    }

    /// <summary>The smallest even length ≥ <paramref name="n"/> of the form 2^a·3^b·5^c.</summary>
    public static int NextEvenSupported(int n)
    {
        int m = Math.Max(2, n);
        while (m % 2 != 0 || !IsSupported(m)) m++;
        return m;
    }
}

/// <summary>Forward complex FFT plan in precision <typeparamref name="T"/> (see <see cref="Fft"/>).</summary>
internal sealed class Fft<T> : IBatchedFft<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly ConcurrentDictionary<int, Fft<T>> Plans = new();

    private readonly int[] _radices;
    private readonly T[][] _twiddleRe;
    private readonly T[][] _twiddleIm;

    private static readonly T Half = T.CreateChecked(-0.5);
    private static readonly T Sin60 = T.CreateChecked(0.86602540378443864676);
    // ω = exp(−2πi/5): cos and sin of 2π/5 and 4π/5
    private static readonly T C1 = T.CreateChecked(0.30901699437494742410), C2 = T.CreateChecked(-0.80901699437494742410);
    private static readonly T S1 = T.CreateChecked(0.95105651629515357212), S2 = T.CreateChecked(0.58778525229247312917);

    /// <summary>Transform length.</summary>
    public int Length { get; }

    private Fft(int length)
    {
        Length = length;
        var radices = new List<int>();
        int rest = length;
        while (rest % 4 == 0) { radices.Add(4); rest /= 4; }
        while (rest % 2 == 0) { radices.Add(2); rest /= 2; }
        while (rest % 3 == 0) { radices.Add(3); rest /= 3; }
        while (rest % 5 == 0) { radices.Add(5); rest /= 5; }
        if (rest != 1) throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must be 2^a·3^b·5^c.");
        _radices = radices.ToArray();
        _twiddleRe = new T[_radices.Length][];
        _twiddleIm = new T[_radices.Length][];
        int n = length;
        for (int stage = 0; stage < _radices.Length; stage++)
        {
            int r = _radices[stage], m = n / r;
            var re = new T[m * (r - 1)];
            var im = new T[m * (r - 1)];
            for (int p = 0; p < m; p++)
                for (int j = 1; j < r; j++)
                {
                    // Reduce j·p modulo n before the angle so large lengths keep full twiddle accuracy.
                    double angle = -2.0 * Math.PI * ((long)j * p % n) / n;
                    re[p * (r - 1) + j - 1] = T.CreateChecked(Math.Cos(angle));
                    im[p * (r - 1) + j - 1] = T.CreateChecked(Math.Sin(angle));
                }
            _twiddleRe[stage] = re;
            _twiddleIm[stage] = im;
            n = m;
        }
    }

    /// <summary>The (cached, thread-safe) plan for <paramref name="length"/>.</summary>
    public static Fft<T> Get(int length) => Plans.GetOrAdd(length, static n => new Fft<T>(n));

    /// <summary>In-place forward DFT of one contiguous vector of <see cref="Length"/> values.</summary>
    public void Transform(Span<T> re, Span<T> im, Span<T> scratchRe, Span<T> scratchIm) =>
        TransformBatched(re, im, scratchRe, scratchIm, offset: 0, stride: 1, batch: 1);

    /// <summary>
    /// In-place forward DFT of <paramref name="batch"/> vectors stored side by side: element e of vector b is at
    /// <c>offset + e·stride + b</c>. Scratch arrays must cover the same positions.
    /// </summary>
    /// <remarks>Elements e ≥ <paramref name="nonZero"/> of every vector are taken as zero whatever the arrays hold
    /// there (zero-padded input): with at most half non-zero the first radix-4 stage reads only the first two of its
    /// four inputs, and nothing needs clearing.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TransformBatched(Span<T> re, Span<T> im, Span<T> scratchRe, Span<T> scratchIm,
        int offset, int stride, int batch, int nonZero = int.MaxValue)
    {
        int n = Length, s = 1, first = 0;
        bool inScratch = false;
        if (nonZero < Length)
        {
            bool half = _radices.Length > 1 && _radices[0] == 4 && nonZero <= Length / 2 && batch % Vector<T>.Count == 0;
            // Elements the stages below will read must really be zero.
            for (int e = Math.Max(nonZero, 0), end = half ? Length / 2 : Length; e < end; e++)
            {
                re.Slice(offset + e * stride, batch).Clear();
                im.Slice(offset + e * stride, batch).Clear();
            }
            if (half)
            {
                VectorStage(4, re, im, scratchRe, scratchIm, Length / 4, 1, _twiddleRe[0], _twiddleIm[0], offset, stride, batch, upperHalfZero: true);
                n = Length / 4; s = 4; first = 1; inScratch = true;
            }
        }
        for (int stage = first; stage < _radices.Length; stage++)
        {
            var srcRe = inScratch ? scratchRe : re; var srcIm = inScratch ? scratchIm : im;
            var dstRe = inScratch ? re : scratchRe; var dstIm = inScratch ? im : scratchIm;
            int r = _radices[stage], m = n / r;
            // The last stage (m = 1) reads and writes the same positions (q + j·s), so with an odd number of stages
            // it runs in place on the input instead of ending in scratch: no copy-back pass over the data.
            bool inPlace = m == 1 && !inScratch;
            if (inPlace) { dstRe = re; dstIm = im; }
            if (batch % Vector<T>.Count == 0)
            {
                VectorStage(r, srcRe, srcIm, dstRe, dstIm, m, s, _twiddleRe[stage], _twiddleIm[stage], offset, stride, batch);
                n = m; s *= r; inScratch = !inScratch && !inPlace;
                continue;
            }
            switch (r)
            {
                case 4: Radix4(srcRe, srcIm, dstRe, dstIm, m, s, _twiddleRe[stage], _twiddleIm[stage], offset, stride, batch); break;
                case 2: Radix2(srcRe, srcIm, dstRe, dstIm, m, s, _twiddleRe[stage], _twiddleIm[stage], offset, stride, batch); break;
                case 3: Radix3(srcRe, srcIm, dstRe, dstIm, m, s, _twiddleRe[stage], _twiddleIm[stage], offset, stride, batch); break;
                default: Radix5(srcRe, srcIm, dstRe, dstIm, m, s, _twiddleRe[stage], _twiddleIm[stage], offset, stride, batch); break;
            }
            n = m; s *= r; inScratch = !inScratch && !inPlace;
        }
    }

    /// <summary>
    /// One stage over whole vectors of the batch (batch is a multiple of the vector width), via pointers. With
    /// <paramref name="upperHalfZero"/> (the first radix-4 stage of a zero-padded input) inputs x2 and x3 are taken
    /// as zero and never read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void VectorStage(int r, Span<T> xrSpan, Span<T> xiSpan, Span<T> yrSpan, Span<T> yiSpan,
        int m, int s, T[] twr, T[] twi, int offset, int stride, int batch, bool upperHalfZero = false)
    {
        int vec = Vector<T>.Count;
        fixed (T* xr0 = xrSpan, xi0 = xiSpan, yr0 = yrSpan, yi0 = yiSpan)
        {
            T* xr = xr0 + offset, xi = xi0 + offset, yr = yr0 + offset, yi = yi0 + offset;
            long step = (long)s * m * stride, outStep = (long)s * stride;
            for (int p = 0; p < m; p++)
            {
                for (int q = 0; q < s; q++)
                {
                    long i0 = (long)(q + s * p) * stride, o0 = (long)(q + s * r * p) * stride;
                    if (r == 4)
                    {
                        var w1r = new Vector<T>(twr[3 * p]); var w1i = new Vector<T>(twi[3 * p]);
                        var w2r = new Vector<T>(twr[3 * p + 1]); var w2i = new Vector<T>(twi[3 * p + 1]);
                        var w3r = new Vector<T>(twr[3 * p + 2]); var w3i = new Vector<T>(twi[3 * p + 2]);
                        for (int k = 0; k < batch; k += vec)
                        {
                            long a = i0 + k, o = o0 + k;
                            var x0r = *(Vector<T>*)(xr + a); var x0i = *(Vector<T>*)(xi + a);
                            var x1r = *(Vector<T>*)(xr + a + step); var x1i = *(Vector<T>*)(xi + a + step);
                            Vector<T> x2r = default, x2i = default, x3r = default, x3i = default;
                            if (!upperHalfZero)
                            {
                                x2r = *(Vector<T>*)(xr + a + 2 * step); x2i = *(Vector<T>*)(xi + a + 2 * step);
                                x3r = *(Vector<T>*)(xr + a + 3 * step); x3i = *(Vector<T>*)(xi + a + 3 * step);
                            }
                            var a0r = x0r + x2r; var a0i = x0i + x2i; var a1r = x0r - x2r; var a1i = x0i - x2i;
                            var a2r = x1r + x3r; var a2i = x1i + x3i; var a3r = x1i - x3i; var a3i = x3r - x1r;
                            *(Vector<T>*)(yr + o) = a0r + a2r; *(Vector<T>*)(yi + o) = a0i + a2i;
                            var z1r = a1r + a3r; var z1i = a1i + a3i; var z2r = a0r - a2r; var z2i = a0i - a2i;
                            var z3r = a1r - a3r; var z3i = a1i - a3i;
                            *(Vector<T>*)(yr + o + outStep) = z1r * w1r - z1i * w1i; *(Vector<T>*)(yi + o + outStep) = z1r * w1i + z1i * w1r;
                            *(Vector<T>*)(yr + o + 2 * outStep) = z2r * w2r - z2i * w2i; *(Vector<T>*)(yi + o + 2 * outStep) = z2r * w2i + z2i * w2r;
                            *(Vector<T>*)(yr + o + 3 * outStep) = z3r * w3r - z3i * w3i; *(Vector<T>*)(yi + o + 3 * outStep) = z3r * w3i + z3i * w3r;
                        }
                    }
                    else if (r == 2)
                    {
                        var wr = new Vector<T>(twr[p]); var wi = new Vector<T>(twi[p]);
                        for (int k = 0; k < batch; k += vec)
                        {
                            long a = i0 + k, o = o0 + k;
                            var ar = *(Vector<T>*)(xr + a); var ai = *(Vector<T>*)(xi + a);
                            var br = *(Vector<T>*)(xr + a + step); var bi = *(Vector<T>*)(xi + a + step);
                            *(Vector<T>*)(yr + o) = ar + br; *(Vector<T>*)(yi + o) = ai + bi;
                            var dr = ar - br; var di = ai - bi;
                            *(Vector<T>*)(yr + o + outStep) = dr * wr - di * wi; *(Vector<T>*)(yi + o + outStep) = dr * wi + di * wr;
                        }
                    }
                    else if (r == 5)
                    {
                        var c1 = new Vector<T>(C1); var c2 = new Vector<T>(C2); var s1 = new Vector<T>(S1); var s2 = new Vector<T>(S2);
                        var w1r = new Vector<T>(twr[4 * p]); var w1i = new Vector<T>(twi[4 * p]);
                        var w2r = new Vector<T>(twr[4 * p + 1]); var w2i = new Vector<T>(twi[4 * p + 1]);
                        var w3r = new Vector<T>(twr[4 * p + 2]); var w3i = new Vector<T>(twi[4 * p + 2]);
                        var w4r = new Vector<T>(twr[4 * p + 3]); var w4i = new Vector<T>(twi[4 * p + 3]);
                        for (int k = 0; k < batch; k += vec)
                        {
                            long a = i0 + k, o = o0 + k;
                            var x0r = *(Vector<T>*)(xr + a); var x0i = *(Vector<T>*)(xi + a);
                            var x1r = *(Vector<T>*)(xr + a + step); var x1i = *(Vector<T>*)(xi + a + step);
                            var x2r = *(Vector<T>*)(xr + a + 2 * step); var x2i = *(Vector<T>*)(xi + a + 2 * step);
                            var x3r = *(Vector<T>*)(xr + a + 3 * step); var x3i = *(Vector<T>*)(xi + a + 3 * step);
                            var x4r = *(Vector<T>*)(xr + a + 4 * step); var x4i = *(Vector<T>*)(xi + a + 4 * step);
                            var t1r = x1r + x4r; var t1i = x1i + x4i; var t2r = x2r + x3r; var t2i = x2i + x3i;
                            var t3r = x1r - x4r; var t3i = x1i - x4i; var t4r = x2r - x3r; var t4i = x2i - x3i;
                            *(Vector<T>*)(yr + o) = x0r + t1r + t2r; *(Vector<T>*)(yi + o) = x0i + t1i + t2i;
                            var a1r = x0r + c1 * t1r + c2 * t2r; var a1i = x0i + c1 * t1i + c2 * t2i;
                            var a2r = x0r + c2 * t1r + c1 * t2r; var a2i = x0i + c2 * t1i + c1 * t2i;
                            var b1r = s1 * t3r + s2 * t4r; var b1i = s1 * t3i + s2 * t4i;
                            var b2r = s2 * t3r - s1 * t4r; var b2i = s2 * t3i - s1 * t4i;
                            // y1 = a1 − i·b1, y4 = a1 + i·b1, y2 = a2 − i·b2, y3 = a2 + i·b2
                            var z1r = a1r + b1i; var z1i = a1i - b1r; var z4r = a1r - b1i; var z4i = a1i + b1r;
                            var z2r = a2r + b2i; var z2i = a2i - b2r; var z3r = a2r - b2i; var z3i = a2i + b2r;
                            *(Vector<T>*)(yr + o + outStep) = z1r * w1r - z1i * w1i; *(Vector<T>*)(yi + o + outStep) = z1r * w1i + z1i * w1r;
                            *(Vector<T>*)(yr + o + 2 * outStep) = z2r * w2r - z2i * w2i; *(Vector<T>*)(yi + o + 2 * outStep) = z2r * w2i + z2i * w2r;
                            *(Vector<T>*)(yr + o + 3 * outStep) = z3r * w3r - z3i * w3i; *(Vector<T>*)(yi + o + 3 * outStep) = z3r * w3i + z3i * w3r;
                            *(Vector<T>*)(yr + o + 4 * outStep) = z4r * w4r - z4i * w4i; *(Vector<T>*)(yi + o + 4 * outStep) = z4r * w4i + z4i * w4r;
                        }
                    }
                    else
                    {
                        var c = new Vector<T>(Half); var sn = new Vector<T>(Sin60);
                        var w1r = new Vector<T>(twr[2 * p]); var w1i = new Vector<T>(twi[2 * p]);
                        var w2r = new Vector<T>(twr[2 * p + 1]); var w2i = new Vector<T>(twi[2 * p + 1]);
                        for (int k = 0; k < batch; k += vec)
                        {
                            long a = i0 + k, o = o0 + k;
                            var x0r = *(Vector<T>*)(xr + a); var x0i = *(Vector<T>*)(xi + a);
                            var x1r = *(Vector<T>*)(xr + a + step); var x1i = *(Vector<T>*)(xi + a + step);
                            var x2r = *(Vector<T>*)(xr + a + 2 * step); var x2i = *(Vector<T>*)(xi + a + 2 * step);
                            var tr = x1r + x2r; var ti = x1i + x2i;
                            var mr = x0r + c * tr; var mi = x0i + c * ti;
                            var dr = sn * (x1i - x2i); var di = sn * (x2r - x1r);
                            *(Vector<T>*)(yr + o) = x0r + tr; *(Vector<T>*)(yi + o) = x0i + ti;
                            var z1r = mr + dr; var z1i = mi + di; var z2r = mr - dr; var z2i = mi - di;
                            *(Vector<T>*)(yr + o + outStep) = z1r * w1r - z1i * w1i; *(Vector<T>*)(yi + o + outStep) = z1r * w1i + z1i * w1r;
                            *(Vector<T>*)(yr + o + 2 * outStep) = z2r * w2r - z2i * w2i; *(Vector<T>*)(yi + o + 2 * outStep) = z2r * w2i + z2i * w2r;
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix2(Span<T> xr, Span<T> xi, Span<T> yr, Span<T> yi, int m, int s,
        T[] twr, T[] twi, int offset, int stride, int batch)
    {
        for (int p = 0; p < m; p++)
        {
            T wr = twr[p], wi = twi[p];
            for (int q = 0; q < s; q++)
            {
                int a = offset + (q + s * p) * stride, b = offset + (q + s * (p + m)) * stride;
                int o0 = offset + (q + s * 2 * p) * stride, o1 = o0 + s * stride;
                for (int k = 0; k < batch; k++)
                {
                    T ar = xr[a + k], ai = xi[a + k], br = xr[b + k], bi = xi[b + k];
                    yr[o0 + k] = ar + br; yi[o0 + k] = ai + bi;
                    T dr = ar - br, di = ai - bi;
                    yr[o1 + k] = dr * wr - di * wi; yi[o1 + k] = dr * wi + di * wr;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix3(Span<T> xr, Span<T> xi, Span<T> yr, Span<T> yi, int m, int s,
        T[] twr, T[] twi, int offset, int stride, int batch)
    {
        T c = Half, sn = Sin60; // ω = exp(-2πi/3) = c - i·sn
        for (int p = 0; p < m; p++)
        {
            T w1r = twr[2 * p], w1i = twi[2 * p], w2r = twr[2 * p + 1], w2i = twi[2 * p + 1];
            for (int q = 0; q < s; q++)
            {
                int i0 = offset + (q + s * p) * stride, i1 = i0 + s * m * stride, i2 = i1 + s * m * stride;
                int o0 = offset + (q + s * 3 * p) * stride, o1 = o0 + s * stride, o2 = o1 + s * stride;
                for (int k = 0; k < batch; k++)
                {
                    T x0r = xr[i0 + k], x0i = xi[i0 + k], x1r = xr[i1 + k], x1i = xi[i1 + k], x2r = xr[i2 + k], x2i = xi[i2 + k];
                    T tr = x1r + x2r, ti = x1i + x2i;
                    T mr = x0r + c * tr, mi = x0i + c * ti;
                    // -i·sn·(x1 - x2)
                    T dr = sn * (x1i - x2i), di = -sn * (x1r - x2r);
                    yr[o0 + k] = x0r + tr; yi[o0 + k] = x0i + ti;
                    T z1r = mr + dr, z1i = mi + di, z2r = mr - dr, z2i = mi - di;
                    yr[o1 + k] = z1r * w1r - z1i * w1i; yi[o1 + k] = z1r * w1i + z1i * w1r;
                    yr[o2 + k] = z2r * w2r - z2i * w2i; yi[o2 + k] = z2r * w2i + z2i * w2r;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix5(Span<T> xr, Span<T> xi, Span<T> yr, Span<T> yi, int m, int s,
        T[] twr, T[] twi, int offset, int stride, int batch)
    {
        T c1 = C1, c2 = C2, s1 = S1, s2 = S2;
        for (int p = 0; p < m; p++)
        {
            int step = s * m * stride;
            for (int q = 0; q < s; q++)
            {
                int i0 = offset + (q + s * p) * stride;
                int o0 = offset + (q + s * 5 * p) * stride, os = s * stride;
                for (int k = 0; k < batch; k++)
                {
                    int a = i0 + k, o = o0 + k;
                    T x0r = xr[a], x0i = xi[a], x1r = xr[a + step], x1i = xi[a + step], x2r = xr[a + 2 * step], x2i = xi[a + 2 * step];
                    T x3r = xr[a + 3 * step], x3i = xi[a + 3 * step], x4r = xr[a + 4 * step], x4i = xi[a + 4 * step];
                    T t1r = x1r + x4r, t1i = x1i + x4i, t2r = x2r + x3r, t2i = x2i + x3i;
                    T t3r = x1r - x4r, t3i = x1i - x4i, t4r = x2r - x3r, t4i = x2i - x3i;
                    yr[o] = x0r + t1r + t2r; yi[o] = x0i + t1i + t2i;
                    T a1r = x0r + c1 * t1r + c2 * t2r, a1i = x0i + c1 * t1i + c2 * t2i;
                    T a2r = x0r + c2 * t1r + c1 * t2r, a2i = x0i + c2 * t1i + c1 * t2i;
                    T b1r = s1 * t3r + s2 * t4r, b1i = s1 * t3i + s2 * t4i;
                    T b2r = s2 * t3r - s1 * t4r, b2i = s2 * t3i - s1 * t4i;
                    Span<T> zr = [x0r, a1r + b1i, a2r + b2i, a2r - b2i, a1r - b1i];
                    Span<T> zi = [x0i, a1i - b1r, a2i - b2r, a2i + b2r, a1i + b1r];
                    for (int j = 1; j < 5; j++)
                    {
                        T wr = twr[4 * p + j - 1], wi = twi[4 * p + j - 1];
                        yr[o + j * os] = zr[j] * wr - zi[j] * wi; yi[o + j * os] = zr[j] * wi + zi[j] * wr;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix4(Span<T> xr, Span<T> xi, Span<T> yr, Span<T> yi, int m, int s,
        T[] twr, T[] twi, int offset, int stride, int batch)
    {
        int vec = Vector<T>.Count;
        for (int p = 0; p < m; p++)
        {
            T w1r = twr[3 * p], w1i = twi[3 * p], w2r = twr[3 * p + 1], w2i = twi[3 * p + 1], w3r = twr[3 * p + 2], w3i = twi[3 * p + 2];
            int step = s * m * stride;
            for (int q = 0; q < s; q++)
            {
                int i0 = offset + (q + s * p) * stride, i1 = i0 + step, i2 = i1 + step, i3 = i2 + step;
                int o0 = offset + (q + s * 4 * p) * stride, o1 = o0 + s * stride, o2 = o1 + s * stride, o3 = o2 + s * stride;
                int k = 0;
                if (batch >= vec)
                {
                    var vw1r = new Vector<T>(w1r); var vw1i = new Vector<T>(w1i);
                    var vw2r = new Vector<T>(w2r); var vw2i = new Vector<T>(w2i);
                    var vw3r = new Vector<T>(w3r); var vw3i = new Vector<T>(w3i);
                    for (; k <= batch - vec; k += vec)
                    {
                        var x0r = new Vector<T>(xr.Slice(i0 + k)); var x0i = new Vector<T>(xi.Slice(i0 + k));
                        var x1r = new Vector<T>(xr.Slice(i1 + k)); var x1i = new Vector<T>(xi.Slice(i1 + k));
                        var x2r = new Vector<T>(xr.Slice(i2 + k)); var x2i = new Vector<T>(xi.Slice(i2 + k));
                        var x3r = new Vector<T>(xr.Slice(i3 + k)); var x3i = new Vector<T>(xi.Slice(i3 + k));
                        var a0r = x0r + x2r; var a0i = x0i + x2i; var a1r = x0r - x2r; var a1i = x0i - x2i;
                        var a2r = x1r + x3r; var a2i = x1i + x3i;
                        var a3r = x1i - x3i; var a3i = x3r - x1r; // (x1 - x3)·(-i)
                        (a0r + a2r).CopyTo(yr.Slice(o0 + k)); (a0i + a2i).CopyTo(yi.Slice(o0 + k));
                        var z1r = a1r + a3r; var z1i = a1i + a3i;
                        var z2r = a0r - a2r; var z2i = a0i - a2i;
                        var z3r = a1r - a3r; var z3i = a1i - a3i;
                        (z1r * vw1r - z1i * vw1i).CopyTo(yr.Slice(o1 + k)); (z1r * vw1i + z1i * vw1r).CopyTo(yi.Slice(o1 + k));
                        (z2r * vw2r - z2i * vw2i).CopyTo(yr.Slice(o2 + k)); (z2r * vw2i + z2i * vw2r).CopyTo(yi.Slice(o2 + k));
                        (z3r * vw3r - z3i * vw3i).CopyTo(yr.Slice(o3 + k)); (z3r * vw3i + z3i * vw3r).CopyTo(yi.Slice(o3 + k));
                    }
                }
                for (; k < batch; k++)
                {
                    T x0r = xr[i0 + k], x0i = xi[i0 + k], x1r = xr[i1 + k], x1i = xi[i1 + k];
                    T x2r = xr[i2 + k], x2i = xi[i2 + k], x3r = xr[i3 + k], x3i = xi[i3 + k];
                    T a0r = x0r + x2r, a0i = x0i + x2i, a1r = x0r - x2r, a1i = x0i - x2i;
                    T a2r = x1r + x3r, a2i = x1i + x3i, a3r = x1i - x3i, a3i = x3r - x1r;
                    yr[o0 + k] = a0r + a2r; yi[o0 + k] = a0i + a2i;
                    T z1r = a1r + a3r, z1i = a1i + a3i, z2r = a0r - a2r, z2i = a0i - a2i, z3r = a1r - a3r, z3i = a1i - a3i;
                    yr[o1 + k] = z1r * w1r - z1i * w1i; yi[o1 + k] = z1r * w1i + z1i * w1r;
                    yr[o2 + k] = z2r * w2r - z2i * w2i; yi[o2 + k] = z2r * w2i + z2i * w2r;
                    yr[o3 + k] = z3r * w3r - z3i * w3i; yi[o3 + k] = z3r * w3i + z3i * w3r;
                }
            }
        }
    }
}
