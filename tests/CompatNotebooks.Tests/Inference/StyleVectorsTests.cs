using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Tests.Training;
using CompatNotebooks.Training;
using TorchSharp;

namespace CompatNotebooks.Tests.Inference;

public class StyleVectorsTests
{
    [Theory]
    [InlineData(StyleSide.First, 5)]
    [InlineData(StyleSide.Second, 7)]
    public void MatchTheModulesStyleProjection(StyleSide side, int k)
    {
        var (features, _) = PlantedPairs.Random(23, 45, 1, seed: 4);
        using var model = CompatibilityModel.Create(CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 45, k, seed: 2, stddev: 0.1));
        var fused = StyleVectors.Project(model, features, side, threads: 2);
        Assert.Equal((23, k), (fused.Count, fused.Dimension));
        Assert.Equal(features.AsinAt(7), fused.AsinAt(7));
        using var x = torch.tensor(features.Values, [23, 45]);
        using var expected = side == StyleSide.First ? model.Style1(x) : model.Style2(x);
        var values = expected.data<float>().ToArray();
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(values[i], fused.Values[i], 1e-4 * Math.Max(1, Math.Abs(values[i])));
    }
}
