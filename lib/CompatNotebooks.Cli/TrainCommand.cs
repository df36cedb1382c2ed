using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Location;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks train --data DIR --category CAT --model euclidean|inner --negatives random|same-category ...</c>:
/// samples the pairs, holds out a test split, trains with the fused trainer and reports held-out metrics; progress on
/// stderr, a summary and then one JSON line on stdout.
/// </summary>
public static class TrainCommand
{
    private static readonly Choices<CompatibilityKind> Models = new(("euclidean", CompatibilityKind.Euclidean), ("inner", CompatibilityKind.InnerProduct));
    private static readonly Choices<NegativeSampling> Negatives = new(("random", NegativeSampling.Random), ("same-category", NegativeSampling.SameSubcategory));
    private static readonly Choices<TrainingOptimizer> Optimizers = new(("adam", TrainingOptimizer.Adam), ("sgd", TrainingOptimizer.Sgd));
    private static readonly Choices<PairOrder> Orders = new(("shuffled", PairOrder.Shuffled), ("block-local", PairOrder.BlockLocal));
    private static readonly Choices<FeatureKernels> Kernels = new(("auto", FeatureKernels.Auto), ("dense", FeatureKernels.Dense), ("sparse", FeatureKernels.Sparse));

    // The held-out share of the pairs when --test-fraction is not given: the notebooks' value.
    private const double DefaultTestFraction = 0.2;

    /// <summary>The <c>train</c> command with its options.</summary>
    public static Command Create()
    {
        var defaults = new FusedTrainerOptions();
        var data = CommonOptions.Data();
        var category = CommonOptions.Category();
        var strict = CommonOptions.Strict();
        var noStore = CommonOptions.NoStore();
        var model = Models.Option("--model", CompatibilityKind.Euclidean, "euclidean (c − ‖s1 − s2‖²) or inner (c + ⟨s1, s2⟩)");
        var negatives = Negatives.Option("--negatives", NegativeSampling.Random,
            "random (section 1) or same-category (exercise 9.3: items with a subcategory, same-subcategory links, negatives from the first item's subcategory)");
        var styleDim = new Option<int>("--style-dim") { Description = "style-space dimension K", DefaultValueFactory = _ => 5, HelpName = "K" }.Within(1, 512);
        var epochs = new Option<int>("--epochs") { Description = "passes over the training pairs", DefaultValueFactory = _ => 5, HelpName = "E" }.Within(1, 100_000);
        var batch = new Option<int>("--batch") { Description = "pairs per optimiser step", DefaultValueFactory = _ => defaults.BatchSize, HelpName = "B" }.Within(1, 10_000_000);
        var learningRate = new Option<double>("--lr") { Description = "step size", DefaultValueFactory = _ => defaults.LearningRate, HelpName = "LR" }.Within(1e-12, 100);
        var optimizer = Optimizers.Option("--optimizer", defaults.Optimizer, "optimiser");
        var testFraction = new Option<double>("--test-fraction")
        {
            Description = "held-out share of the pairs, split by unordered pair (the notebooks' value)",
            DefaultValueFactory = _ => DefaultTestFraction,
            HelpName = "F",
        }.AboveAtMost(0, 0.9);
        var seed = new Option<int>("--seed")
        {
            Description = "seeds sampling, split, initialisation and shuffles (the notebooks' value)",
            DefaultValueFactory = _ => 1,
            HelpName = "S",
        }.Within(0, int.MaxValue);
        var threads = new Option<int>("--threads")
        {
            Description = "worker threads (all cores by default); results are reproducible for a given T",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "T",
        }.Within(1, 1024);
        var kernels = Kernels.Option("--kernels", FeatureKernels.Auto, "auto (sparse when features are mostly zeros), dense or sparse");
        var save = new Option<string?>("--save") { Description = "write the trained model (CompatibilityModel.Load reads it); checked before training", HelpName = "FILE" };
        var groupAnchors = new Option<bool>("--group-anchors")
        {
            Description = "visit each first item's pairs together in shuffled runs (its row is read once per run; faster, batches more correlated)",
        };
        var noGroupAnchors = new Option<bool>("--no-group-anchors") { Description = "shuffle single pairs (the default)" };
        var anchorRun = new Option<int>("--anchor-run")
        {
            Description = "with --group-anchors: at most N of an anchor's pairs together (0 = all of them)",
            DefaultValueFactory = _ => defaults.AnchorRunLength,
            HelpName = "N",
        }.Within(0, int.MaxValue);
        var order = Orders.Option("--order", defaults.Order,
            "shuffled (every pair independently) or block-local (for features larger than memory: row blocks of --block-budget, pairs trained cell by cell of two blocks)");
        var blockBudget = new Option<int>("--block-budget")
        {
            Description = "with --order block-local: MiB of feature rows resident at once (the two blocks of a cell)",
            DefaultValueFactory = _ => (int)(defaults.BlockBudgetBytes >> 20),
            HelpName = "MIB",
        }.Within(1, 1 << 20);
        var orderSeed = new Option<int>("--order-seed")
        {
            Description = "seeds only the epochs' pair order (default: --seed), to tell the order's effect on the result from the data's",
            HelpName = "S",
        }.Within(0, int.MaxValue);
        var evalEachEpoch = new Option<bool>("--eval-each-epoch") { Description = "evaluate the held-out pairs after every epoch (JSON \"history\"; not counted in \"seconds\")" };
        var command = new Command("train", "Trains the chapter's compatibility model on also_bought pairs with the fused CPU trainer; progress on stderr, " +
                                           "a summary and then one JSON line on stdout. Defaults are the notebooks' (K 5, 5 epochs, test fraction 0.2, seed 1).\n" + ExitCodes.HelpText)
        {
            data, category, strict, model, negatives, styleDim, epochs, batch, learningRate, optimizer, testFraction, seed, threads, kernels, save,
            groupAnchors, noGroupAnchors, anchorRun, order, blockBudget, orderSeed, evalEachEpoch, noStore,
        };
        command.Validators.Add(result =>
        {
            // The order's token, not its value: a misspelt order is reported by its own parser, not thrown here.
            bool blockLocal = result.GetResult(order) is { Tokens: [.., var last] } && string.Equals(last.Value, Orders.NameOf(PairOrder.BlockLocal), StringComparison.OrdinalIgnoreCase);
            if (blockLocal && result.GetValue(groupAnchors) && !result.GetValue(noGroupAnchors))
                result.AddError("--order block-local and --group-anchors are two different epoch orders: choose one.");
        });
        command.SetAction(result =>
        {
            int seedValue = result.GetValue(seed);
            var settings = new TrainSettings
            {
                Data = result.GetValue(data),
                Category = result.GetValue(category)!,
                Strict = result.GetValue(strict),
                UseStore = !result.GetValue(noStore),
                Kind = result.GetValue(model),
                Negatives = result.GetValue(negatives),
                StyleDimension = result.GetValue(styleDim),
                Epochs = result.GetValue(epochs),
                TestFraction = result.GetValue(testFraction),
                Seed = seedValue,
                SavePath = result.GetValue(save),
                EvaluateEachEpoch = result.GetValue(evalEachEpoch),
                Trainer = defaults with
                {
                    BatchSize = result.GetValue(batch),
                    LearningRate = result.GetValue(learningRate),
                    Optimizer = result.GetValue(optimizer),
                    Threads = result.GetValue(threads),
                    Seed = result.GetResult(orderSeed) is null ? seedValue : result.GetValue(orderSeed),
                    GroupByFirstItem = result.GetValue(groupAnchors) && !result.GetValue(noGroupAnchors),
                    AnchorRunLength = result.GetValue(anchorRun),
                    Kernels = result.GetValue(kernels),
                    Order = result.GetValue(order),
                    BlockBudgetBytes = (long)result.GetValue(blockBudget) << 20,
                },
            };
            return Run(settings);
        });
        return command;
    }

    private static int Run(TrainSettings settings)
    {
        string category = settings.Category;
        var kind = settings.Kind;
        bool sameCategory = settings.Negatives == NegativeSampling.SameSubcategory;
        int styleDim = settings.StyleDimension;
        int epochs = settings.Epochs;
        int seed = settings.Seed;
        var options = settings.Trainer;
        string? savePath = settings.SavePath;
        if (savePath is not null)
            OutputPaths.CheckFile("--save", savePath);

        var clock = Stopwatch.StartNew();
        // The trainer checks the values unless opening did (a bad one is the usual FeatureFileException either way): with
        // sparse kernels while the non-zeros are cached (read with pread, so the mapping's pages never become resident in
        // this process), with dense ones in a pass of its own. Opening therefore skips its pass, except for dense kernels.
        var catalogOptions = new CatalogOptions
        {
            RequireSubcategory = sameCategory,
            Strict = settings.Strict,
            UseFeatureStore = settings.UseStore,
            StoreProgress = StoreProgressLine.When(settings.UseStore),
            FeatureFile = options.Kernels == FeatureKernels.Dense ? null : FeatureFileOptions.Default with { ValidateValues = false },
        };
        using var catalog = ProductCatalog.Load(DataLocation.Resolve(settings.Data), category, catalogOptions);
        var pairs = PairSampler.Sample(catalog, new PairSamplingOptions
        {
            Negatives = settings.Negatives,
            SameSubcategoryPositives = sameCategory,
            Seed = seed,
        });
        // Zero pairs is reported after the counts and skipped lines, which usually say why.
        var (train, test) = pairs.Count > 0 ? pairs.Split(settings.TestFraction, seed) : (pairs, pairs);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long? peakAfterLoad = ProcStatus.PeakResidentBytes();
        Console.Error.WriteLine($"{category}: {catalog.Count:N0} items, {pairs.Count:N0} pairs → {train.Count:N0} train, {test.Count:N0} test ({loadSeconds:F1} s)");
        foreach (var message in catalog.Report.SkippedMessages())
            Console.Error.WriteLine("  " + message);
        if (catalog.Features is FeatureStore held)
            Console.Error.WriteLine($"features: compact store, {held.Summary.StoreBytes / 1e6:N1} MB, " + (held.Residency == FeatureStoreResidency.Map
                ? "memory-mapped (it takes more than half the memory available)" + (options.Order == PairOrder.BlockLocal ? "" : "; --order block-local reads it block by block")
                : "read into memory"));
        PairCounts.CheckSampled(category, catalog.Count, pairs.Count);
        PairCounts.CheckSplit(category, pairs.Count, train.Count, test.Count, settings.TestFraction);

        // Plain parameters: the CLI never needs TorchSharp, so it does not load libtorch.
        var parameters = CompatibilityParameters.Initial(kind, catalog.Features.Dimension, styleDim, seed);
        using var trainer = new FusedTrainer(parameters, catalog.Features, options);
        if (trainer.RowsPerBlock is int rowsPerBlock)
            Console.Error.WriteLine($"block-local order: {rowsPerBlock:N0} rows per block, {(catalog.Count + rowsPerBlock - 1) / rowsPerBlock:N0} blocks");
        if (trainer.Kernels == FeatureKernels.Sparse)
            Console.Error.WriteLine($"sparse kernels: {trainer.SparseDensity:P1} non-zero features, cache {trainer.SparseBytes / 1e6:N0} MB built in {trainer.SparseBuildTime.TotalSeconds:F1} s");
        var progress = new StderrProgress();
        var cpu = TimeSpan.Zero; // process CPU time spent in Train: pairs per CPU-second is robust to busy shared cores
        TrainingResult result;
        var history = new List<Dictionary<string, object?>>();
        if (settings.EvaluateEachEpoch)
        {
            var epochLosses = new List<double>();
            var trainingTime = TimeSpan.Zero;
            for (int e = 1; e <= epochs; e++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var step = trainer.Train(train.Pairs, 1, progress);
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                trainingTime += step.Elapsed;
                epochLosses.Add(step.FinalLoss);
                var check = Metrics.Evaluate(trainer, test.Pairs);
                Console.Error.WriteLine($"epoch {e}: held-out AUC {check.Auc:F4}, accuracy {check.Accuracy:P2} after {trainingTime.TotalSeconds:F1} s of training");
                history.Add(new()
                {
                    ["epoch"] = e,
                    ["seconds"] = Math.Round(trainingTime.TotalSeconds, 3),
                    ["train_loss"] = Round(step.FinalLoss),
                    ["test_auc"] = Round(check.Auc),
                    ["test_accuracy"] = Round(check.Accuracy),
                    ["test_log_loss"] = Round(check.LogLoss)
                });
            }
            result = new TrainingResult(epochs, (long)epochs * train.Count, trainingTime, epochLosses);
        }
        else
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            result = trainer.Train(train.Pairs, epochs, progress);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        }
        // Block-local dense training scores the held-out pairs block by block too (same logits, local reads).
        var scoringClock = Stopwatch.StartNew();
        var evaluation = Metrics.Evaluate(trainer, test.Pairs);
        double testSeconds = scoringClock.Elapsed.TotalSeconds;
        if (savePath is not null)
            CompatibilityModelFile.Write(savePath, parameters);

        string model = Models.NameOf(kind);
        string negatives = Negatives.NameOf(settings.Negatives);
        Console.WriteLine($"{model} model, {negatives} negatives, K = {styleDim}: {epochs} epochs over {train.Count:N0} pairs in {result.Elapsed.TotalSeconds:F1} s " +
                          $"({result.PairsPerSecond:N0} pairs/s, {options.Threads} threads, {Kernels.NameOf(trainer.Kernels)} kernels), final training loss {result.FinalLoss:F4}");
        Console.WriteLine($"held out ({test.Count:N0} pairs, scored {(trainer.ScoresInBlockOrder ? "block by block" : "in order")} in {testSeconds:F1} s): accuracy {evaluation.Accuracy:P2}, AUC {evaluation.Auc:F4}, log loss {evaluation.LogLoss:F4}" +
                          (savePath is null ? "" : $"; saved to {Path.GetFullPath(savePath)}"));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["negatives"] = negatives,
            ["category"] = category,
            ["items"] = catalog.Count,
            ["style_dim"] = styleDim,
            ["train_pairs"] = train.Count,
            ["test_pairs"] = test.Count,
            ["epochs"] = epochs,
            ["batch"] = options.BatchSize,
            ["lr"] = options.LearningRate,
            ["optimizer"] = Optimizers.NameOf(options.Optimizer),
            ["threads"] = options.Threads,
            ["kernels"] = Kernels.NameOf(trainer.Kernels),
            ["seed"] = seed,
            ["order_seed"] = options.Seed,
            ["group_anchors"] = options.GroupByFirstItem,
            ["anchor_run"] = options.GroupByFirstItem ? options.AnchorRunLength : null,
            ["order"] = Orders.NameOf(options.Order),
            ["block_rows"] = trainer.RowsPerBlock,
            ["load_seconds"] = Math.Round(loadSeconds, 3),
            ["sparse_build_seconds"] = Math.Round(trainer.SparseBuildTime.TotalSeconds, 3),
            ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            ["pairs_per_second"] = Math.Round(result.PairsPerSecond),
            ["training_cpu_seconds"] = Math.Round(cpu.TotalSeconds, 3),
            ["pairs_per_cpu_second"] = cpu > TimeSpan.Zero ? Math.Round(result.PairsSeen / cpu.TotalSeconds) : null,
            ["train_loss"] = Round(result.FinalLoss),
            ["bias"] = Round(trainer.Parameters.C),
            ["test_accuracy"] = Round(evaluation.Accuracy),
            ["test_auc"] = Round(evaluation.Auc),
            ["test_log_loss"] = Round(evaluation.LogLoss),
            ["test_order"] = trainer.ScoresInBlockOrder ? "block-local" : "given",
            ["test_seconds"] = Math.Round(testSeconds, 3),
            ["peak_rss_bytes"] = ProcStatus.PeakResidentBytes(),
            ["peak_rss_after_load_bytes"] = peakAfterLoad,
            ["feature_file_bytes"] = catalog.Features is FeatureMatrix matrix ? FileBytes(matrix.Path) : null,
            ["feature_store_bytes"] = catalog.Features is FeatureStore store ? store.Summary.StoreBytes : null,
            ["feature_store_residency"] = catalog.Features is FeatureStore resident ? (resident.Residency == FeatureStoreResidency.Map ? "mapped" : "read") : null,
            ["saved"] = savePath is null ? null : Path.GetFullPath(savePath),
            ["history"] = history.Count > 0 ? history : null,
        }));
        return ExitCodes.Success;
    }

    /// <summary>The size of the file a path names (following links), or null (unknown): a diagnostic never fails the run.</summary>
    private static long? FileBytes(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true) as FileInfo ?? new FileInfo(path);
            return target.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;

    /// <summary>A progress bar on a terminal, periodic lines when stderr is redirected.</summary>
    private sealed class StderrProgress : IProgress<TrainingProgress>
    {
        private readonly bool _terminal = !Console.IsErrorRedirected;
        private DateTime _lastLine = DateTime.MinValue;

        public void Report(TrainingProgress p)
        {
            bool epochEnd = p.PairsSeen * p.Epochs % p.TotalPairs == 0;
            if (_terminal)
            {
                int filled = (int)(p.Fraction * 30);
                Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {p}   ");
                if (p.PairsSeen == p.TotalPairs) Console.Error.WriteLine();
            }
            else if (epochEnd || DateTime.UtcNow - _lastLine > TimeSpan.FromSeconds(5))
            {
                _lastLine = DateTime.UtcNow;
                Console.Error.WriteLine(p.ToString());
            }
        }
    }
}
