using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

public class BlockLocalOrderTests
{
    // 1,000 rows in blocks of 100 (10 blocks, 55 cells), pairs between random rows.
    private static CompatPair[] RandomPairs(int count, int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new CompatPair(random.Next(rows), random.Next(rows), i % 2 == 0))];
    }

    private static CompatPair[] Epoch(BlockLocalOrder blocks, CompatPair[] pairs, ref SeededRandom random, bool shuffle = true)
    {
        var order = new CompatPair[pairs.Length];
        blocks.Fill(pairs, order, ref random, shuffle);
        return order;
    }

    [Fact]
    public void EveryPairIsVisitedExactlyOncePerEpoch()
    {
        var pairs = RandomPairs(5000, 1000, seed: 1);
        var blocks = new BlockLocalOrder(pairs, 1000, 100);
        var random = new SeededRandom(3);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var order = Epoch(blocks, pairs, ref random);
            // The same multiset (pairs may repeat in the input).
            static IEnumerable<CompatPair> Sorted(IEnumerable<CompatPair> p) => p.OrderBy(x => x.Item1).ThenBy(x => x.Item2).ThenBy(x => x.Compatible);
            Assert.Equal(Sorted(pairs), Sorted(order));
        }
    }

    [Theory]
    [InlineData(1000, 10)] // 10 blocks: every block has odd degree (9 others + its loop), 5 jumps at most
    [InlineData(1100, 11)] // 11 blocks: every degree even, one closed trail without jumps
    public void EachCellIsOneContiguousRunAndConsecutiveCellsShareABlockButNoBlockStaysLong(int rows, int blockCount)
    {
        var pairs = RandomPairs(30_000, rows, seed: 2);
        var blocks = new BlockLocalOrder(pairs, rows, 100);
        Assert.Equal(blockCount, blocks.Blocks);
        Assert.Equal(blockCount * (blockCount + 1) / 2, blocks.Cells); // every unordered pair of blocks, diagonal included
        var random = new SeededRandom(4);
        var order = Epoch(blocks, pairs, ref random);
        var cells = order.Select(blocks.CellOf).ToArray();
        var runs = new List<(int Lo, int Hi)> { cells[0] };
        for (int i = 1; i < cells.Length; i++)
            if (cells[i] != cells[i - 1]) runs.Add(cells[i]);
        Assert.Equal(blocks.Cells, runs.Count); // no cell is visited twice
        Assert.Equal(blocks.Cells, runs.Distinct().Count());
        // From one cell to the next one block stays (one block read per cell), except at the trail's jumps: half the
        // blocks of odd degree at most.
        static bool Share((int Lo, int Hi) a, (int Lo, int Hi) b) => a.Lo == b.Lo || a.Lo == b.Hi || a.Hi == b.Lo || a.Hi == b.Hi;
        int jumps = Enumerable.Range(1, runs.Count - 1).Count(i => !Share(runs[i], runs[i - 1]));
        Assert.InRange(jumps, 0, blockCount % 2 == 0 ? blockCount / 2 : 0);
        // No block stays for long: it is in at most three consecutive cells (two, or three around its diagonal cell),
        // where a block-by-block order keeps it for all of its cells.
        for (int b = 0; b < blocks.Blocks; b++)
        {
            int run = 0, longest = 0;
            foreach (var cell in runs)
            {
                run = cell.Lo == b || cell.Hi == b ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            Assert.InRange(longest, 1, 3);
        }
    }

    [Fact]
    public void SameSeedGivesTheSameEpochsAndEpochsDiffer()
    {
        var pairs = RandomPairs(3000, 1000, seed: 5);
        var blocks = new BlockLocalOrder(pairs, 1000, 100);
        var a = new SeededRandom(9);
        var b = new SeededRandom(9);
        var first = Epoch(blocks, pairs, ref a);
        var second = Epoch(blocks, pairs, ref a);
        Assert.Equal(first, Epoch(new BlockLocalOrder(pairs, 1000, 100), pairs, ref b));
        Assert.Equal(second, Epoch(blocks, pairs, ref b));
        Assert.NotEqual(first, second);
        // Block order and the order within a cell are random: the cells are not visited in ascending order, and the
        // pairs of the first cell are not in their given order.
        var unshuffled = new SeededRandom(9);
        var given = Epoch(blocks, pairs, ref unshuffled, shuffle: false);
        Assert.Equal(given.Select(blocks.CellOf), given.Select(blocks.CellOf).Order());
        Assert.NotEqual(given, first);
        Assert.NotEqual(given.Select(blocks.CellOf).Distinct(), first.Select(blocks.CellOf).Distinct());
    }

    [Fact]
    public void RowsPerBlockFollowsTheBudgetForTwoBlocks()
    {
        Assert.Equal(8, BlockLocalOrder.RowsPerBlockFor(budgetBytes: 64 * 1024, rowBytes: 4096, rowCount: 1000));
        Assert.Equal(1, BlockLocalOrder.RowsPerBlockFor(budgetBytes: 10, rowBytes: 4096, rowCount: 1000));
        Assert.Equal(1000, BlockLocalOrder.RowsPerBlockFor(budgetBytes: 1L << 40, rowBytes: 4096, rowCount: 1000));
    }

    [Fact]
    public void BlockLocalCannotBeCombinedWithGroupingByFirstItem()
    {
        var options = new FusedTrainerOptions { Order = PairOrder.BlockLocal, GroupByFirstItem = true };
        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentOutOfRangeException>(new FusedTrainerOptions { Order = PairOrder.BlockLocal, BlockBudgetBytes = 0 }.Validate);
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void HeldOutAucMatchesTheShuffledOrderOnPlantedData(CompatibilityKind kind)
    {
        var (features, pairs) = PlantedPairs.Create(items: 800, dimension: 128, styles: 4, categories: 3, positivesPerItem: 6, seed: 21);
        int testCount = pairs.Length / 5;
        var test = pairs[..testCount];
        var train = pairs[testCount..];
        double Auc(PairOrder order, long budget)
        {
            using var model = CompatibilityModel.Create(kind, 128, 5, seed: 1);
            var options = new FusedTrainerOptions
            {
                Threads = 2,
                Seed = 3,
                BatchSize = 128,
                LearningRate = 0.01,
                Order = order,
                BlockBudgetBytes = budget,
            };
            using var trainer = new FusedTrainer(model, features, options);
            if (order == PairOrder.BlockLocal) Assert.Equal(100, trainer.RowsPerBlock); // 8 blocks, 36 cells
            trainer.Train(train, epochs: 15);
            return Metrics.Evaluate(trainer, test).Auc;
        }
        double shuffled = Auc(PairOrder.Shuffled, new FusedTrainerOptions().BlockBudgetBytes);
        double blockLocal = Auc(PairOrder.BlockLocal, 2 * 100 * 4 * 128);
        Assert.True(shuffled > 0.85, $"shuffled AUC {shuffled:F4}");
        // Small data: the two orders' AUCs differ by about 0.02 here (seed noise of 800 items, either sign); the 0.003
        // tolerance is checked on the 84,901-item set by the LargeCategories benchmark.
        Assert.True(blockLocal > 0.85 && Math.Abs(blockLocal - shuffled) < 0.03, $"block-local AUC {blockLocal:F4}, shuffled {shuffled:F4}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainerVisitsTheBlockOrderReproducibly(int threads)
    {
        var (features, pairs) = PlantedPairs.Random(60, 96, 700, seed: 5);
        var options = new FusedTrainerOptions { Threads = threads, Seed = 11, BatchSize = 64, Order = PairOrder.BlockLocal, BlockBudgetBytes = 2 * 10 * 4 * 96 };
        float[] Run()
        {
            using var model = new EuclideanCompatibility(96, 5, seed: 4);
            using var trainer = new FusedTrainer(model, features, options);
            Assert.Equal(10, trainer.RowsPerBlock);
            trainer.Train(pairs, epochs: 2);
            var p = model.GetParameters();
            return [.. p.E1, .. p.E2, p.C];
        }
        float[] shuffled;
        using (var model = new EuclideanCompatibility(96, 5, seed: 4))
        {
            FusedTrainer.Train(model, features, pairs, epochs: 2, options with { Order = PairOrder.Shuffled });
            var p = model.GetParameters();
            shuffled = [.. p.E1, .. p.E2, p.C];
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.NotEqual(shuffled, first); // the order is really different
    }
}
