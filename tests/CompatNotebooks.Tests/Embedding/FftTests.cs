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
}
