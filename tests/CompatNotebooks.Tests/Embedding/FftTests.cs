using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class FftTests
{
    private static (double[] Re, double[] Im) NaiveDft(double[] re, double[] im)
    {
        int n = re.Length;
        var outRe = new double[n]; var outIm = new double[n];
        for (int k = 0; k < n; k++)
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * ((long)k * t % n) / n;
                outRe[k] += re[t] * Math.Cos(a) - im[t] * Math.Sin(a);
                outIm[k] += re[t] * Math.Sin(a) + im[t] * Math.Cos(a);
            }
        return (outRe, outIm);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(48)]
    [InlineData(54)]
    [InlineData(96)]
    [InlineData(108)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(150)]
    [InlineData(250)]
    public void MatchesNaiveDftOnOneVectorAndOnBatches(int n)
    {
        var rng = new Random(n);
        foreach (int batch in new[] { 1, 3, 4, 8 })
        {
            var re = new double[n * batch]; var im = new double[n * batch];
            for (int i = 0; i < re.Length; i++) { re[i] = rng.NextDouble() - 0.5; im[i] = rng.NextDouble() - 0.5; }
            var (origRe, origIm) = ((double[])re.Clone(), (double[])im.Clone());
            Fft.Get(n).TransformBatched(re, im, new double[re.Length], new double[re.Length], 0, batch, batch);
            for (int b = 0; b < batch; b++)
            {
                var (er, ei) = NaiveDft(Enumerable.Range(0, n).Select(e => origRe[e * batch + b]).ToArray(),
                    Enumerable.Range(0, n).Select(e => origIm[e * batch + b]).ToArray());
                for (int e = 0; e < n; e++)
                {
                    Assert.Equal(er[e], re[e * batch + b], 1e-9);
                    Assert.Equal(ei[e], im[e * batch + b], 1e-9);
                }
            }
        }
    }

    [Fact]
    public void SupportedLengthsAreEvenProductsOfTwoThreeAndFive()
    {
        Assert.Equal(48, Fft.NextEvenSupported(47));
        Assert.Equal(50, Fft.NextEvenSupported(49));
        Assert.Equal(2, Fft.NextEvenSupported(1));
        Assert.Equal(90, Fft.NextEvenSupported(82));   // 84 = 2²·3·7 is not
        Assert.True(Fft.IsSupported(10));
        Assert.False(Fft.IsSupported(14));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Get(14));
    }

    /// <summary>
    /// The single-precision plan on a t-SNE-sized length with every radix (720 = 4²·3²·5) and on columns of a wider
    /// grid (the vectorised path), against the double-precision plan.
    /// </summary>
    [Fact]
    public void SinglePrecisionColumnsOfAWideGridMatchDoublePrecision()
    {
        const int n = 720, width = 48, offset = 8, batch = 32;
        var rng = new Random(3);
        var re = new float[n * width]; var im = new float[n * width];
        for (int i = 0; i < re.Length; i++) { re[i] = (float)(rng.NextDouble() - 0.5); im[i] = (float)(rng.NextDouble() - 0.5); }
        var (origRe, origIm) = ((float[])re.Clone(), (float[])im.Clone());
        Fft<float>.Get(n).TransformBatched(re, im, new float[re.Length], new float[re.Length], offset, width, batch);
        for (int col = 0; col < width; col++)
        {
            var dr = Enumerable.Range(0, n).Select(e => (double)origRe[e * width + col]).ToArray();
            var di = Enumerable.Range(0, n).Select(e => (double)origIm[e * width + col]).ToArray();
            Fft.Get(n).Transform(dr, di, new double[n], new double[n]);
            bool transformed = col >= offset && col < offset + batch;
            for (int e = 0; e < n; e++)
            {
                // untouched columns keep their values; transformed ones agree to float accuracy (|X| ~ √n)
                Assert.Equal(transformed ? dr[e] : origRe[e * width + col], re[e * width + col], transformed ? 1e-3 : 0);
                Assert.Equal(transformed ? di[e] : origIm[e * width + col], im[e * width + col], transformed ? 1e-3 : 0);
            }
        }
    }

    /// <summary>
    /// Zero-padded columns (elements ≥ nonZero taken as zero, garbage stored there) give the transform of the padded
    /// vector: the half-zero first stage (vector batches, nonZero ≤ n/2) and the clearing fallback (ragged batch,
    /// nonZero > n/2) alike, and the stored garbage above n/2 is never read.
    /// </summary>
    [Theory]
    [InlineData(720, 32, 360)]
    [InlineData(640, 32, 300)]
    [InlineData(640, 20, 320)]
    [InlineData(720, 32, 500)]
    public void ZeroPaddedColumnsMatchTheTransformOfThePaddedVector(int n, int batch, int nonZero)
    {
        int width = batch + 8, offset = 4;
        var rng = new Random(5);
        var re = new float[n * width]; var im = new float[n * width];
        for (int i = 0; i < re.Length; i++) { re[i] = (float)(rng.NextDouble() - 0.5); im[i] = (float)(rng.NextDouble() - 0.5); }
        var (origRe, origIm) = ((float[])re.Clone(), (float[])im.Clone());
        Fft<float>.Get(n).TransformBatched(re, im, new float[re.Length], new float[re.Length], offset, width, batch, nonZero);
        for (int col = offset; col < offset + batch; col++)
        {
            var dr = Enumerable.Range(0, n).Select(e => e < nonZero ? (double)origRe[e * width + col] : 0).ToArray();
            var di = Enumerable.Range(0, n).Select(e => e < nonZero ? (double)origIm[e * width + col] : 0).ToArray();
            Fft.Get(n).Transform(dr, di, new double[n], new double[n]);
            for (int e = 0; e < n; e++)
            {
                Assert.Equal(dr[e], re[e * width + col], 1e-3);
                Assert.Equal(di[e], im[e * width + col], 1e-3);
            }
        }
    }
}
