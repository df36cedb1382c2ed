using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Recommendation;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;
using TorchSharp;

namespace CompatNotebooks.Tests.Models;

/// <summary>
/// The compatibility function is written twice: in tensor operations (the TorchSharp modules, for autograd) and once
/// in scalar code (<see cref="PairMath"/>, used by the dense and sparse training kernels and the ranker). All must agree.
/// </summary>
public sealed class CompatibilityFunctionAgreementTests
{
    private const int Items = 30, Dimension = 40, Style = 5;

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void ModuleKernelsAndRankerGiveTheSameLogits(CompatibilityKind kind)
    {
        var random = new Random(kind == CompatibilityKind.Euclidean ? 1 : 2);
        var values = new float[Items * Dimension];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 2 - 0.5); // zeros for the sparse path
        var features = new DenseFeatureRows(values, Dimension, Enumerable.Range(0, Items).Select(i => $"I{i}").ToArray());
        var parameters = CompatibilityParameters.Initial(kind, Dimension, Style, seed: 3, stddev: 0.2);
        parameters.C = 0.75f;
        var pairs = Enumerable.Range(0, 200).Select(_ => new CompatPair(random.Next(Items), random.Next(Items), random.Next(2) == 0)).ToArray();

        using var model = CompatibilityModel.Create(parameters);
        float[] module;
        float[] s1, s2;
        using (var scope = torch.NewDisposeScope())
        {
            var x1 = torch.stack(pairs.Select(p => torch.tensor(features.Row(p.Item1).ToArray())).ToArray());
            var x2 = torch.stack(pairs.Select(p => torch.tensor(features.Row(p.Item2).ToArray())).ToArray());
            module = model.forward(x1, x2).data<float>().ToArray();
            s1 = model.Style1(x1).data<float>().ToArray();
            s2 = model.Style2(x2).data<float>().ToArray();
        }
        var scalar = pairs.Select((_, i) => PairMath.Logit(kind, s1.AsSpan(i * Style, Style), s2.AsSpan(i * Style, Style), parameters.C)).ToArray();
        var ranker = new CompatibilityRanker(model, features);
        var ranked = pairs.Select(p => ranker.Logit(p.Item1, p.Item2)).ToArray();
        float[] Kernel(FeatureKernels kernels)
        {
            using var trainer = new FusedTrainer(parameters.Clone(), features, new FusedTrainerOptions { Kernels = kernels, Threads = 2 });
            return trainer.Logits(pairs);
        }
        var dense = Kernel(FeatureKernels.Dense);
        var sparse = Kernel(FeatureKernels.Sparse);

        Assert.True(module.Select(Math.Abs).Average() > 0.5, "logits large enough for the comparison to mean something");
        for (int i = 0; i < pairs.Length; i++)
        {
            double tolerance = 1e-4 * (1 + Math.Abs(module[i]));
            Assert.Equal(module[i], scalar[i], tolerance);
            Assert.Equal(module[i], ranked[i], tolerance);
            Assert.Equal(module[i], dense[i], tolerance);
            Assert.Equal(module[i], sparse[i], tolerance);
        }
    }
}
