using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Location;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;
using CompatNotebooks.Evaluation;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks train --data DIR --category CAT --model euclidean|inner --negatives random|same-category ...</c>:
/// samples the pairs, holds out a test split, trains with the fused trainer and reports held-out metrics; progress on
/// stderr, a summary and then one JSON line on stdout.
/// </summary>
public static class TrainCommand
{
    private const string Usage =
        "usage: compat-notebooks train [--data DIR] --category CAT [--model euclidean|inner] [--negatives random|same-category]\n" +
        "         [--style-dim K] [--epochs E] [--batch B] [--lr LR] [--optimizer adam|sgd] [--test-fraction F] [--seed S]\n" +
        "         [--threads T] [--kernels auto|dense|sparse] [--group-anchors [--anchor-run N]] [--eval-each-epoch] [--save FILE]\n" +
        "  Trains the chapter's compatibility model on also_bought pairs with the fused CPU trainer.\n" +
        "  --model          euclidean (c − ‖s1 − s2‖², default) or inner (c + ⟨s1, s2⟩)\n" +
        "  --negatives      random (section 1, default) or same-category (exercise 9.3: items with a subcategory,\n" +
        "                   same-subcategory links, negatives from the first item's subcategory)\n" +
        "  --style-dim K    style-space dimension (default 5)     --epochs E   passes over the training pairs (default 5)\n" +
        "  --batch B        pairs per Adam step (default 1024)    --lr LR      step size (default 0.0001)\n" +
        "  --test-fraction  held-out share of the pairs, split by unordered pair (default 0.1)\n" +
        "  --seed S         seeds sampling, split, initialisation and shuffles (default 1)\n" +
        "  --threads T      worker threads (default: all cores); results are reproducible for a given T\n" +
        "  --kernels        auto (default: sparse when features are mostly zeros), dense or sparse\n" +
        "  --save FILE      write the trained model (CompatibilityModel.Load reads it)\n" +
        "  --group-anchors  visit each first item's pairs together in shuffled runs (its row is read once per run;\n" +
        "                   faster, batches more correlated); --no-group-anchors (the default) shuffles single pairs\n" +
        "  --anchor-run N   with --group-anchors: at most N of an anchor's pairs together (default 8; 0 = all of them)\n" +
        "  --eval-each-epoch  evaluate the held-out pairs after every epoch (JSON \"history\"; not counted in \"seconds\")";

    /// <summary>Runs the subcommand; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = Arguments.Parse("train", args, options:
            ["data", "category", "model", "negatives", "style-dim", "epochs", "batch", "lr", "optimizer", "test-fraction", "seed", "threads", "kernels", "save", "anchor-run"], flags: ["eval-each-epoch", "group-anchors", "no-group-anchors"]);
        if (a.HelpRequested) { Console.WriteLine(Usage); return 0; }
        string category = a.Required("category");
        var kind = a.Choice("model", "euclidean", "euclidean", "inner") == "inner" ? CompatibilityKind.InnerProduct : CompatibilityKind.Euclidean;
        bool sameCategory = a.Choice("negatives", "random", "random", "same-category") == "same-category";
        int styleDim = a.Int32("style-dim", 5, min: 1, max: 512);
        int epochs = a.Int32("epochs", 5, min: 1, max: 100_000);
        int seed = a.Int32("seed", 1, min: 0);
        double testFraction = a.Double("test-fraction", 0.1, min: 0, max: 0.9);
        var options = new FusedTrainerOptions
        {
            BatchSize = a.Int32("batch", 1024, min: 1, max: 10_000_000),
            LearningRate = a.Double("lr", 1e-4, min: 1e-12, max: 100),
            Optimizer = a.Choice("optimizer", "adam", "adam", "sgd") == "sgd" ? TrainingOptimizer.Sgd : TrainingOptimizer.Adam,
            Threads = a.Int32("threads", Environment.ProcessorCount, min: 1, max: 1024),
            Seed = seed,
            GroupByFirstItem = a.Flag("group-anchors") && !a.Flag("no-group-anchors"),
            AnchorRunLength = a.Int32("anchor-run", 8, min: 0),
            Kernels = a.Choice("kernels", "auto", "auto", "dense", "sparse") switch
            {
                "dense" => FeatureKernels.Dense,
                "sparse" => FeatureKernels.Sparse,
                _ => FeatureKernels.Auto,
            },
        };
        string? savePath = a.String("save");

        var clock = Stopwatch.StartNew();
        // The trainer checks the values unless opening did (a bad one is the usual FeatureFileException either way): with
        // sparse kernels while the non-zeros are cached (read with pread, so the mapping's pages never become resident in
        // this process), with dense ones in a pass of its own. Opening therefore skips its pass, except for dense kernels.
        var catalogOptions = new CatalogOptions
        {
            RequireSubcategory = sameCategory,
            FeatureFile = options.Kernels == FeatureKernels.Dense ? null : FeatureFileOptions.Default with { ValidateValues = false },
        };
        using var catalog = ProductCatalog.Load(DataLocation.Resolve(a.String("data")), category, catalogOptions);
        var pairs = PairSampler.Sample(catalog, new PairSamplingOptions
        {
            Negatives = sameCategory ? NegativeSampling.SameSubcategory : NegativeSampling.Random,
            SameSubcategoryPositives = sameCategory,
            Seed = seed,
        });
        var (train, test) = pairs.Split(testFraction, seed);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long peakAfterLoad = PeakResidentBytes();
        Console.Error.WriteLine($"{category}: {catalog.Count:N0} items, {pairs.Count:N0} pairs → {train.Count:N0} train, {test.Count:N0} test ({loadSeconds:F1} s)");

        // Plain parameters: the CLI never needs TorchSharp, so it does not load libtorch.
        var parameters = CompatibilityParameters.Initial(kind, catalog.Features.Dimension, styleDim, seed);
        using var trainer = new FusedTrainer(parameters, catalog.Features, options);
        if (trainer.Kernels == FeatureKernels.Sparse)
            Console.Error.WriteLine($"sparse kernels: {trainer.SparseDensity:P1} non-zero features, cache {trainer.SparseBytes / 1e6:N0} MB built in {trainer.SparseBuildTime.TotalSeconds:F1} s");
        var progress = new StderrProgress();
        var cpu = TimeSpan.Zero; // process CPU time spent in Train: pairs per CPU-second is robust to busy shared cores
        TrainingResult result;
        var history = new List<Dictionary<string, object?>>();
        if (a.Flag("eval-each-epoch"))
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
                history.Add(new() { ["epoch"] = e, ["seconds"] = Math.Round(trainingTime.TotalSeconds, 3), ["train_loss"] = Round(step.FinalLoss),
                    ["test_auc"] = Round(check.Auc), ["test_accuracy"] = Round(check.Accuracy), ["test_log_loss"] = Round(check.LogLoss) });
            }
            result = new TrainingResult(epochs, (long)epochs * train.Count, trainingTime, epochLosses);
        }
        else
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            result = trainer.Train(train.Pairs, epochs, progress);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        }
        var evaluation = Metrics.Evaluate(trainer, test.Pairs);
        if (savePath is not null)
            CompatibilityModelFile.Write(savePath, parameters);

        string model = kind == CompatibilityKind.InnerProduct ? "inner" : "euclidean";
        string negatives = sameCategory ? "same-category" : "random";
        Console.WriteLine($"{model} model, {negatives} negatives, K = {styleDim}: {epochs} epochs over {train.Count:N0} pairs in {result.Elapsed.TotalSeconds:F1} s " +
                          $"({result.PairsPerSecond:N0} pairs/s, {options.Threads} threads, {trainer.Kernels.ToString().ToLowerInvariant()} kernels), final training loss {result.FinalLoss:F4}");
        Console.WriteLine($"held out ({test.Count:N0} pairs): accuracy {evaluation.Accuracy:P2}, AUC {evaluation.Auc:F4}, log loss {evaluation.LogLoss:F4}" +
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
            ["optimizer"] = options.Optimizer.ToString().ToLowerInvariant(),
            ["threads"] = options.Threads,
            ["kernels"] = trainer.Kernels.ToString().ToLowerInvariant(),
            ["seed"] = seed,
            ["group_anchors"] = options.GroupByFirstItem,
            ["anchor_run"] = options.GroupByFirstItem ? options.AnchorRunLength : null,
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
            ["peak_rss_bytes"] = PeakResidentBytes(),
            ["peak_rss_after_load_bytes"] = peakAfterLoad,
            ["feature_file_bytes"] = catalog.Features is FeatureMatrix matrix ? new FileInfo(matrix.Path).Length : null,
            ["saved"] = savePath is null ? null : Path.GetFullPath(savePath),
            ["history"] = history.Count > 0 ? history : null,
        }));
        return 0;
    }

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;

    /// <summary>VmHWM from /proc/self/status (Linux), else the current working set.</summary>
    private static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return Environment.WorkingSet;
    }

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
