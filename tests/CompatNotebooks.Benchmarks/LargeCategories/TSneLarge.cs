using System.Diagnostics;
using System.Globalization;
using CompatNotebooks.Catalog;
using CompatNotebooks.Embedding;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Benchmarks.LargeCategories;

/// <summary>
/// <c>-- tsne-large (--data DIR --category C | --synthetic N) [--subsample M] [--iterations I] [--threads T] [--seed S]
/// [--exact-kl-max N] [--epochs E] [--styles-csv OUT.csv] [--skip-tsne]</c>: style vectors + t-SNE of every item at full size, timed phase by phase.
/// With <c>--data</c>: the catalog as notebook 04 loads it (RequireSubcategory), same-subcategory positives and
/// negatives ("difficult"), a Euclidean model (K = 5) trained <c>--epochs</c> epochs (default ONE; notebook 04 trains 5) with the fused trainer,
/// the style vectors (E1) of all items, then the catalog is disposed and t-SNE runs with notebook 04's settings
/// (perplexity 30, 500 iterations, seed). With <c>--synthetic N</c>: a seeded mixture of 40 Gaussians in 5-D stands in
/// for the style vectors. <c>--subsample M</c> also embeds M rows drawn without replacement (same settings) for
/// reference. Prints one line per phase and per t-SNE progress report, then a summary.
/// </summary>
public static class TSneLarge
{
    /// <summary>Runs the benchmark; 0 on success, 2 on a usage error.</summary>
    public static int Run(string[] args)
    {
        string? data = null, category = null, stylesCsv = null;
        bool skipTsne = false;
        int epochs = 1, synthetic = 0, subsample = 0, iterations = 500, threads = 0, seed = 1, exactKlMax = 0;
        for (int a = 0; a < args.Length; a++)
        {
            string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[a])
            {
                case "--data": data = Next(); break;
                case "--category": category = Next(); break;
                case "--synthetic": synthetic = NextInt(); break;
                case "--subsample": subsample = NextInt(); break;
                case "--iterations": iterations = NextInt(); break;
                case "--threads": threads = NextInt(); break;
                case "--seed": seed = NextInt(); break;
                case "--exact-kl-max": exactKlMax = NextInt(); break;
                case "--epochs": epochs = NextInt(); break;
                case "--styles-csv": stylesCsv = Next(); break;
                case "--skip-tsne": skipTsne = true; break;
                default: Console.Error.WriteLine($"unknown option {args[a]}"); return 2;
            }
        }
        if ((data is null) == (synthetic <= 0) || (data is not null && category is null))
        {
            Console.Error.WriteLine("usage: tsne-large (--data DIR --category C | --synthetic N) [--subsample M] [--iterations 500] [--threads T] [--seed 1] [--exact-kl-max N] [--epochs 1] [--styles-csv OUT.csv] [--skip-tsne]");
            return 2;
        }
        var total = Stopwatch.StartNew();
        float[] styles = data is not null ? RealStyles(data, category!, seed, threads, epochs) : Mixture(synthetic, 5, 40, seed);
        if (stylesCsv is not null) WriteCsv(stylesCsv, styles, 5);
        if (skipTsne) return 0;
        var options = new TSneOptions { Perplexity = 30, Iterations = iterations, Seed = seed, Threads = threads };
        Embed("all", styles, options, exactKlMax);
        if (subsample > 0)
        {
            float[] sample = Subsample(styles, 5, subsample, seed);
            styles = [];
            Embed($"subsample {subsample:N0}", sample, options, exactKlMax);
        }
        Report($"total {total.Elapsed.TotalSeconds:F1} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
        return 0;
    }

    private static void WriteCsv(string path, float[] rows, int dim)
    {
        using var w = new StreamWriter(path);
        for (int i = 0; i < rows.Length / dim; i++)
            w.WriteLine(string.Join(',', rows.AsSpan(i * dim, dim).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    }

    private static float[] RealStyles(string dir, string category, int seed, int threads, int epochs)
    {
        var clock = Stopwatch.StartNew();
        CompatibilityParameters parameters;
        float[] values;
        using (var catalog = ProductCatalog.Load(dir, category, new CatalogOptions { RequireSubcategory = true }))
        {
            Report($"catalog: {catalog.Count:N0} items in {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            var pairs = PairSampler.Sample(catalog, new PairSamplingOptions
            { SameSubcategoryPositives = true, Negatives = NegativeSampling.SameSubcategory, Seed = seed });
            var (train, _) = pairs.Split(0.2, seed);
            Report($"pairs: {train.Pairs.Count:N0} training pairs (difficult negatives) in {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, catalog.Features.Dimension, 5, seed);
            using (var trainer = new FusedTrainer(parameters, catalog.Features, new FusedTrainerOptions { Seed = seed }))
            {
                var training = trainer.Train(train.Pairs, epochs);
                parameters = trainer.Parameters;
                Report($"training: {epochs} epoch(s) in {training.Elapsed.TotalSeconds:F1} s ({training.PairsPerSecond:N0} pairs/s)");
            }
            clock.Restart();
            values = StyleVectors.Project(parameters, catalog.Features, StyleSide.First, threads).Values;
            Report($"style vectors: {values.Length / 5:N0} × 5 in {clock.Elapsed.TotalSeconds:F1} s");
        }
        // The catalog (and its mapped store) is released here: t-SNE only needs the style vectors.
        GC.Collect();
        return values;
    }

    private static void Embed(string name, float[] rows, TSneOptions options, int exactKlMax)
    {
        var clock = Stopwatch.StartNew();
        var result = TSne.Embed(rows, 5, options, new LineProgress(p => Report(
            $"t-SNE {name}: {clock.Elapsed.TotalSeconds,7:F1} s {p.Describe()}")));
        var t = result.Timings;
        Report($"t-SNE {name}: {result.Count:N0} points, {result.Iterations} iterations, {t.Total.TotalSeconds:F1} s " +
               $"(neighbours {t.Neighbours.TotalSeconds:F1} s, affinities in all {t.Affinities.TotalSeconds:F1} s, initialisation {t.Initialization.TotalSeconds:F1} s, " +
               $"attractive {t.Attractive.TotalSeconds:F1} s, repulsive {t.Repulsive.TotalSeconds:F1} s), KL {result.KullbackLeibler:F4}, " +
               $"learning rate {result.LearningRate:F0}; peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
        if (result.Count <= exactKlMax)
        {
            clock.Restart();
            double kl = TSne.ExactKullbackLeibler(result.Affinities, result.Coordinates, options.Threads);
            Report($"t-SNE {name}: exact KL {kl:F5} ({clock.Elapsed.TotalSeconds:F1} s)");
        }
    }

    /// <summary>N rows of a seeded mixture of <paramref name="centres"/> isotropic Gaussians (σ 1, centres N(0, 5²)).</summary>
    internal static float[] Mixture(int n, int dim, int centres, int seed)
    {
        var random = new SeededRandom(seed);
        var mean = new double[centres * dim];
        for (int c = 0; c < mean.Length; c++) mean[c] = 5 * random.NextGaussian();
        var rows = new float[(long)n * dim];
        for (int i = 0; i < n; i++)
        {
            int c = random.NextInt(centres);
            for (int d = 0; d < dim; d++) rows[(long)i * dim + d] = (float)(mean[c * dim + d] + random.NextGaussian());
        }
        return rows;
    }


    private static float[] Subsample(float[] rows, int dim, int m, int seed)
    {
        int n = rows.Length / dim;
        var index = Enumerable.Range(0, n).ToArray();
        var random = new SeededRandom(seed + 17);
        for (int i = 0; i < Math.Min(m, n); i++)
        {
            int j = i + random.NextInt(n - i);
            (index[i], index[j]) = (index[j], index[i]);
        }
        var sample = new float[Math.Min(m, n) * dim];
        for (int i = 0; i < sample.Length / dim; i++) Array.Copy(rows, (long)index[i] * dim, sample, i * dim, dim);
        return sample;
    }

    private static void Report(string line) =>
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line} (RSS {Environment.WorkingSet / 1e9:F2} GB)");

    private sealed class LineProgress(Action<TSneProgress> report) : IProgress<TSneProgress>
    {
        public void Report(TSneProgress value) => report(value);
    }
}
