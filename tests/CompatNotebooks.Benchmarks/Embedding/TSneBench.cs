using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CompatNotebooks.Embedding;

namespace CompatNotebooks.Benchmarks.Embedding;

/// <summary>
/// t-SNE bench mode: <c>dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- tsne IN.csv OUT.csv
/// [--threads T] [--exact] [--nodes-per-unit H] [--exact-kl] [--iterations I]</c>. Reads numeric CSV rows, embeds them with the
/// library's defaults, writes x,y rows and prints one JSON line (seconds, self-reported KL, optionally the exact
/// KL over the library's own P). The comparison with scikit-learn is done by python/compare_tsne.py on both
/// output files with one shared P, so the two KL values are computed the same way.
/// </summary>
public static class TSneBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: tsne IN.csv OUT.csv [--threads T] [--exact] [--nodes-per-unit H] [--exact-kl] [--repeat R] [--iterations I]");
            return 2;
        }
        var options = new TSneOptions();
        bool exactKl = false;
        int repeat = 1;
        for (int a = 2; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--threads": options = options with { Threads = int.Parse(args[++a], CultureInfo.InvariantCulture) }; break;
                case "--exact": options = options with { Method = TSneMethod.Exact }; break;
                case "--nodes-per-unit": options = options with { InterpolationNodesPerUnit = double.Parse(args[++a], CultureInfo.InvariantCulture) }; break;
                case "--exact-kl": exactKl = true; break;
                case "--repeat": repeat = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--iterations": options = options with { Iterations = int.Parse(args[++a], CultureInfo.InvariantCulture) }; break;
                default: Console.Error.WriteLine($"unknown option {args[a]}"); return 2;
            }
        }
        var (data, _, dim) = CsvRows.Read(args[0]);
        TSneResult? result = null;
        var seconds = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            result = TSne.Embed(data, dim, options, new SyncProgress(p =>
                Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s iteration {p.Iteration}: KL {p.KullbackLeibler:F4}, |grad| {p.GradientNorm:E2}")));
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        using (var w = new StreamWriter(args[1]))
            for (int i = 0; i < result!.Count; i++)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.X(i):R},{result.Y(i):R}"));

        double? exact = exactKl ? TSne.ExactKullbackLeibler(result.Affinities, result.Coordinates) : null;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "CompatNotebooks TSne",
            n = result.Count,
            threads = options.Threads == 0 ? Environment.ProcessorCount : options.Threads,
            seconds = Math.Round(seconds.Min(), 3),
            all_seconds = seconds.Select(s => Math.Round(s, 3)),
            kl_divergence = result.KullbackLeibler,
            exact_kl_own_p = exact,
            iterations = result.Iterations,
            learning_rate = result.LearningRate,
            method = result.Method.ToString(),
            nodes_per_unit = options.InterpolationNodesPerUnit,
            seconds_affinities = Math.Round(result.Timings.Affinities.TotalSeconds, 3),
            seconds_attractive = Math.Round(result.Timings.Attractive.TotalSeconds, 3),
            seconds_repulsive = Math.Round(result.Timings.Repulsive.TotalSeconds, 3),
            seconds_initialization = Math.Round(result.Timings.Initialization.TotalSeconds, 3),
            seconds_total_in_library = Math.Round(result.Timings.Total.TotalSeconds, 3),
        }));
        return 0;
    }

    private sealed class SyncProgress(Action<TSneProgress> report) : IProgress<TSneProgress>
    {
        public void Report(TSneProgress value) => report(value);
    }
}
