using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

[Collection(TorchOptimizerCollection.Name)]
public class BookLoopTests
{
    [Fact]
    public void ReportsLikeTheBookAndIsSeeded()
    {
        var (features, pairs) = PlantedPairs.Random(20, 16, 100, seed: 1);
        BookLoopResult Run()
        {
            using var model = new EuclideanCompatibility(16, 5, seed: 2);
            var reports = new List<BookLoopProgress>();
            var result = BookLoop.Run(model, features, pairs, new BookLoopOptions { Iterations = 250, ReportEvery = 100, Seed = 3 },
                new FusedTrainerTests.SyncProgress<BookLoopProgress>(reports.Add));
            Assert.Equal(result.Reports, reports);
            return result;
        }
        var a = Run();
        var b = Run();
        Assert.Equal([100, 200, 250], a.Reports.Select(r => r.Iteration));
        Assert.Equal(a.Reports.Select(r => r.Objective), b.Reports.Select(r => r.Objective));
        Assert.All(a.Reports, r => Assert.True(double.IsFinite(r.Objective) && r.Objective > 0));
        Assert.StartsWith("iteration 100, objective = ", a.Reports[0].ToString());
    }

    [Fact]
    public void LowersTheLossOnPlantedData()
    {
        var (features, pairs) = PlantedPairs.Create(items: 300, dimension: 32, styles: 3, categories: 2, positivesPerItem: 4, seed: 5);
        using var model = new InnerProductCompatibility(32, 5, seed: 1);
        var before = Metrics.Evaluate(model, features, pairs);
        BookLoop.Run(model, features, pairs, new BookLoopOptions { Iterations = 3000, LearningRate = 1e-3, Seed = 1 });
        var after = Metrics.Evaluate(model, features, pairs);
        Assert.True(after.LogLoss < before.LogLoss, $"{after.LogLoss} vs {before.LogLoss}");
        Assert.True(after.Auc > 0.7, $"AUC {after.Auc}");
    }
}
