using CompatNotebooks.Models;
using TorchSharp;

namespace CompatNotebooks.Tests.Models;

public class CompatibilityModelTests
{
    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void LogitFollowsTheBooksFormula(CompatibilityKind kind)
    {
        // D = 3, K = 2 with hand-picked projections.
        var p = new CompatibilityParameters(kind, 3, 2, [1, 0, 0, 1, 1, 1], [2, 0, 0, 2, 0, 0], 0.5f);
        using var model = CompatibilityModel.Create(p);
        using var x1 = torch.tensor(new float[] { 1, 2, 3 });
        using var x2 = torch.tensor(new float[] { 1, 1, 0 });
        // s1 = x1·E1 = (1 + 3, 2 + 3) = (4, 5); s2 = x2·E2 = (2, 2).
        float expected = kind == CompatibilityKind.Euclidean ? 0.5f - (4 + 9) : 0.5f + (8 + 10);
        using var logit = model.Logit(x1, x2);
        Assert.Equal(expected, logit.item<float>(), 4);
        using var probability = model.Predict(x1, x2);
        Assert.Equal(1 / (1 + Math.Exp(-expected)), probability.item<float>(), 5);
        using var s1 = model.Style1(x1);
        Assert.Equal(new float[] { 4, 5 }, s1.data<float>().ToArray());
    }

    [Fact]
    public void BatchesGiveOneLogitPerPair()
    {
        using var model = new EuclideanCompatibility(8, 5, seed: 3);
        using var x = torch.rand(6, 8);
        using var logits = model.Logit(x, x.flip(0));
        Assert.Equal(new long[] { 6 }, logits.shape);
        using var one = model.Logit(x[2], x.flip(0)[2]);
        Assert.Equal(one.item<float>(), logits[2].item<float>(), 5);
    }

    [Theory]
    [InlineData(1e4, true, 0.0)]
    [InlineData(1e4, false, 1e4)]
    [InlineData(-1e4, true, 1e4)]
    [InlineData(-1e4, false, 0.0)]
    [InlineData(0.0, true, 0.6931471805599453)]
    public void LossIsFiniteWithTheRightAsymptotesAtExtremeLogits(double bias, bool compatible, double expected)
    {
        // Zero projections: the logit is exactly c.
        var p = new CompatibilityParameters(CompatibilityKind.Euclidean, 4, 5, new float[20], new float[20], (float)bias);
        using var model = CompatibilityModel.Create(p);
        using var x = torch.ones(2, 4);
        using var y = torch.full(2, compatible ? 1f : 0f);
        using var loss = model.Loss(x, x, y);
        var values = loss.data<float>().ToArray();
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.All(values, v => Assert.Equal(expected, v, Math.Max(1e-6, expected * 1e-6)));

        using var mean = loss.mean();
        mean.backward();
        Assert.True(float.IsFinite(model.Bias.grad!.item<float>()));
        // The book's −log(p(2y−1) − y + 1) would give +∞ for the misclassified cases: σ saturates to exactly 0 or 1.
        if (expected > 100)
        {
            using var logit = model.Logit(x, x);
            using var naive = -torch.log(torch.sigmoid(logit) * (2 * y - 1) - y + 1);
            Assert.True(float.IsPositiveInfinity(naive[0].item<float>()));
        }
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void SaveAndLoadRoundTripsKindShapeAndValues(CompatibilityKind kind)
    {
        using var model = CompatibilityModel.Create(kind, 16, 4, seed: 9);
        using (torch.no_grad()) model.Bias.fill_(-1.25f);
        var path = Path.Combine(Path.GetTempPath(), $"compat-{Guid.NewGuid():N}.model");
        try
        {
            model.Save(path);
            using var loaded = CompatibilityModel.Load(path);
            Assert.Equal(kind, loaded.Kind);
            Assert.IsType(model.GetType(), loaded);
            var a = model.GetParameters();
            var b = loaded.GetParameters();
            Assert.Equal(a.E1, b.E1);
            Assert.Equal(a.E2, b.E2);
            Assert.Equal(-1.25f, b.C);
            Assert.Equal((16, 4), (b.FeatureDimension, b.StyleDimension));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingABadFileNamesTheFileAndOffset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compat-{Guid.NewGuid():N}.model");
        try
        {
            using (var model = new InnerProductCompatibility(8, 2)) model.Save(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^4]);
            var e = Assert.Throws<InvalidDataException>(() => CompatibilityModel.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("byte", e.Message);
            File.WriteAllBytes(path, "not a model"u8.ToArray());
            Assert.Throws<InvalidDataException>(() => CompatibilityModel.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InitialisationIsTheBooksAndSeeded()
    {
        var a = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 4096, 5, seed: 1);
        var b = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 4096, 5, seed: 1);
        var c = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 4096, 5, seed: 2);
        Assert.Equal(a.E1, b.E1);
        Assert.NotEqual(a.E1, c.E1);
        Assert.Equal(0f, a.C);
        double mean = a.E1.Average(v => (double)v);
        double sd = Math.Sqrt(a.E1.Average(v => (v - mean) * (double)(v - mean)));
        Assert.InRange(sd, 0.00097, 0.00103); // N(0, 0.001²), 20,480 draws
        Assert.InRange(mean, -3e-5, 3e-5);
        using var model = new EuclideanCompatibility(a);
        Assert.Equal(a.E1, model.GetParameters().E1);
    }

    [Fact]
    public void SetParametersRejectsAnotherShape()
    {
        using var model = new EuclideanCompatibility(8, 5);
        var other = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 8, 4, seed: 0);
        Assert.Throws<ArgumentException>(() => model.SetParameters(other));
        Assert.Throws<ArgumentException>(() => new InnerProductCompatibility(CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 8, 4, 0)));
    }
}
