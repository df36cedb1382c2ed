using System.Runtime.InteropServices;
using System.Text;
using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

public class BlockOrderedScoringTests
{
    [Fact]
    public void ScoringRunsVisitEveryPairOnceCellByCellInASnakeOfTurns()
    {
        var (_, pairs) = PlantedPairs.Random(1000, 4, 6000, seed: 3);
        var blocks = new BlockLocalOrder(pairs, 1000, 100);
        var byCell = blocks.PairsByCell.ToArray();
        var runs = blocks.ScoringRuns().ToArray();
        Assert.Equal(blocks.Cells, runs.Length);
        var visited = runs.SelectMany(r => byCell[r.Start..r.End]).ToArray();
        Assert.Equal(Enumerable.Range(0, pairs.Length), visited.Order()); // every pair once
        Assert.NotEqual(Enumerable.Range(0, pairs.Length), visited); // really reordered
        for (int r = 0; r < runs.Length; r++)
        {
            var (start, end, cell) = runs[r];
            Assert.Equal(start, cell.Start);
            for (int i = start; i < end; i++)
            {
                Assert.Equal((cell.Lo, cell.Hi), blocks.CellOf(pairs[byCell[i]]));
                if (i > start) Assert.True(byCell[i] > byCell[i - 1], "indices ascend within a cell");
            }
            if (r == 0) continue;
            var previous = runs[r - 1].Cell;
            if (previous.Lo == cell.Lo) // within a turn: higher blocks ascend in even turns, descend in odd ones
                Assert.True(cell.Lo % 2 == 0 ? cell.Hi > previous.Hi : cell.Hi < previous.Hi, $"run {r}: ({previous.Lo}, {previous.Hi}) → ({cell.Lo}, {cell.Hi})");
            else
                Assert.Equal(previous.Lo + 1, cell.Lo); // turns ascend
        }
        // An odd turn starts with the highest block, where the even turn before it ended.
        Assert.Equal((1, 9), (runs[10].Cell.Lo, runs[10].Cell.Hi));
        Assert.Equal((0, 9), (runs[9].Cell.Lo, runs[9].Cell.Hi));
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean, 1)]
    [InlineData(CompatibilityKind.Euclidean, 2)]
    [InlineData(CompatibilityKind.InnerProduct, 2)]
    public void BlockOrderedLogitsAndMetricsEqualTheGivenOrderBitForBit(CompatibilityKind kind, int threads)
    {
        // A mapped file and dense kernels: the case block-ordered scoring is for (the blocks are advised ahead).
        var (dense, pairs) = PlantedPairs.Random(300, 48, 4000, seed: 8);
        var path = WriteFeatureFile(dense);
        try
        {
            using var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 48 });
            var options = new FusedTrainerOptions
            {
                Threads = threads,
                Seed = 5,
                BatchSize = 100,
                Kernels = FeatureKernels.Dense,
                Order = PairOrder.BlockLocal,
                BlockBudgetBytes = 2 * 30 * 4 * 48, // 30 rows per block, 10 blocks
            };
            var train = pairs[..3000];
            var test = pairs[3000..];
            using var trainer = new FusedTrainer(CompatibilityParameters.Initial(kind, 48, 5, seed: 2), matrix, options);
            Assert.Equal(30, trainer.RowsPerBlock);
            Assert.True(trainer.ScoresInBlockOrder);
            trainer.Train(train, epochs: 2);

            var given = trainer.Logits(test, PairScoringOrder.AsGiven);
            var byBlock = trainer.Logits(test, PairScoringOrder.BlockLocal);
            var automatic = trainer.Logits(test);
            Assert.Equal(given, byBlock); // exact float equality, element by element, in the pairs' order
            Assert.Equal(given, automatic);
            Assert.True(given.Distinct().Count() > test.Length / 2, "the logits differ from pair to pair");

            var inOrder = Metrics.Evaluate(trainer, test, PairScoringOrder.AsGiven);
            var blockOrdered = Metrics.Evaluate(trainer, test);
            Assert.Equal(inOrder, blockOrdered); // record equality: AUC, accuracy and log loss bit for bit
            Assert.InRange(inOrder.Auc, 0, 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OnAMappedStoreTheSparseKernelsScoreByBlocksOfTheStoresRowSize()
    {
        // The sparse kernels read a store's rows in place from its mapping: block-local training cuts blocks by the
        // store's bytes per row, and scoring follows the blocks, with the same logits as in the given order.
        var (dense, pairs) = PlantedPairs.Random(300, 48, 4000, seed: 8);
        var path = WriteFeatureFile(dense);
        var storePath = Path.ChangeExtension(path, ".compact");
        try
        {
            var fileOptions = new FeatureFileOptions { Dimension = 48 };
            FeatureStoreConverter.Convert(path, storePath, fileOptions);
            using var store = FeatureStore.Open(storePath, path, fileOptions, FeatureStoreResidency.Map);
            long bytesPerRow = ((IRowPrefetch)store).BytesPerRow;
            Assert.InRange(bytesPerRow, 1, 4 * 48 - 1);
            var options = new FusedTrainerOptions
            {
                Threads = 2,
                Seed = 5,
                BatchSize = 100,
                Kernels = FeatureKernels.Sparse,
                Order = PairOrder.BlockLocal,
                BlockBudgetBytes = 2 * 30 * bytesPerRow,
            };
            using var trainer = new FusedTrainer(CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 48, 5, seed: 2), store, options);
            Assert.Equal(30, trainer.RowsPerBlock);
            Assert.True(trainer.ScoresInBlockOrder);
            trainer.Train(pairs[..3000], epochs: 1);
            var test = pairs[3000..];
            Assert.Equal(trainer.Logits(test, PairScoringOrder.AsGiven), trainer.Logits(test));
        }
        finally
        {
            File.Delete(path);
            File.Delete(storePath);
        }
    }

    [Fact]
    public void AutomaticScoringIsBlockOrderedOnlyForBlockLocalTrainingWithDenseKernels()
    {
        var (features, pairs) = PlantedPairs.Random(100, 32, 500, seed: 4);
        var initial = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 32, 5, seed: 1);
        var blockLocal = new FusedTrainerOptions { Threads = 1, Order = PairOrder.BlockLocal, BlockBudgetBytes = 2 * 10 * 4 * 32 };
        using (var trainer = new FusedTrainer(initial.Clone(), features, blockLocal with { Kernels = FeatureKernels.Dense }))
            Assert.True(trainer.ScoresInBlockOrder);
        using (var trainer = new FusedTrainer(initial.Clone(), features, blockLocal with { Kernels = FeatureKernels.Sparse }))
            Assert.False(trainer.ScoresInBlockOrder);
        using (var trainer = new FusedTrainer(initial.Clone(), features, blockLocal with { Order = PairOrder.Shuffled, Kernels = FeatureKernels.Dense }))
        {
            Assert.False(trainer.ScoresInBlockOrder);
            // Asked for explicitly, a shuffled trainer scores by blocks of its budget (10 rows), with the same logits.
            Assert.Equal(trainer.Logits(pairs, PairScoringOrder.AsGiven), trainer.Logits(pairs, PairScoringOrder.BlockLocal));
            Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Logits(pairs, (PairScoringOrder)7));
        }
    }

    private static string WriteFeatureFile(DenseFeatureRows rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"features-{Guid.NewGuid():N}.b");
        using var file = File.Create(path);
        for (int r = 0; r < rows.Count; r++)
        {
            file.Write(Encoding.ASCII.GetBytes($"B{r:D9}"));
            file.Write(MemoryMarshal.AsBytes(rows.Row(r)));
        }
        return path;
    }
}
