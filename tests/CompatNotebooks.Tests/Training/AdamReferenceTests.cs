using CompatNotebooks.Models;
using CompatNotebooks.Training;
using TorchSharp;

namespace CompatNotebooks.Tests.Training;

/// <summary>The fused trainer's Adam against <c>torch.optim.Adam</c>: a few steps on the same batch, same start.</summary>
[Collection(TorchOptimizerCollection.Name)]
public sealed class AdamReferenceTests
{
    [Theory]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Dense)]
    [InlineData(CompatibilityKind.InnerProduct, FeatureKernels.Dense)]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Sparse)]
    [InlineData(CompatibilityKind.InnerProduct, FeatureKernels.Sparse)]
    public void FusedAdamStepsMatchTorchOptimAdam(CompatibilityKind kind, FeatureKernels kernels)
    {
        const int dimension = 24, steps = 4;
        const double learningRate = 0.01, biasLearningRate = 0.05;
        var (features, pairs) = PlantedPairs.Random(20, dimension, 40, seed: 12);
        var start = CompatibilityParameters.Initial(kind, dimension, 5, seed: 7, stddev: 0.1);
        start.C = 0.3f;

        var fused = start.Clone();
        var options = new FusedTrainerOptions
        {
            LearningRate = learningRate,
            BiasLearningRate = biasLearningRate,
            InitializeBias = false,
            BatchSize = pairs.Length,
            Shuffle = false,
            Threads = 1,
            Kernels = kernels,
        };
        using (var trainer = new FusedTrainer(fused, features, options))
            trainer.Train(pairs, epochs: steps); // one batch per epoch: `steps` Adam steps on the same batch

        using var model = CompatibilityModel.Create(start);
        using var adam = torch.optim.Adam([model.Projection1, model.Projection2], learningRate);
        using var adamC = torch.optim.Adam([model.Bias], biasLearningRate);
        using (var scope = torch.NewDisposeScope())
        {
            var x1 = torch.stack(pairs.Select(p => torch.tensor(features.Row(p.Item1).ToArray())).ToArray());
            var x2 = torch.stack(pairs.Select(p => torch.tensor(features.Row(p.Item2).ToArray())).ToArray());
            var y = torch.tensor(pairs.Select(p => p.Compatible ? 1f : 0f).ToArray());
            for (int s = 0; s < steps; s++)
            {
                adam.zero_grad();
                adamC.zero_grad();
                model.Loss(x1, x2, y).mean().backward();
                adam.step();
                adamC.step();
            }
        }
        var reference = model.GetParameters();

        double moved = start.E1.Zip(reference.E1, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(moved > 0.5 * steps * learningRate, $"the reference moved E1 by at most {moved}");
        for (int i = 0; i < start.E1.Length; i++)
        {
            Assert.Equal(reference.E1[i], fused.E1[i], 2e-5);
            Assert.Equal(reference.E2[i], fused.E2[i], 2e-5);
        }
        Assert.NotEqual(start.C, reference.C, 3);
        Assert.Equal(reference.C, fused.C, 2e-5);
    }
}
