using System.Globalization;
using System.Text.Json;
using CompatNotebooks.Embedding;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks tsne --in points.csv --out embedding.csv [--perplexity P] [--iterations N] [--seed S]
/// [--threads T] [--exact]</c>: embeds numeric CSV rows in 2-D with <see cref="TSne"/>.
/// </summary>
public static class TSneCommand
{
    private const string Usage =
        "usage: compat-notebooks tsne --in points.csv --out embedding.csv [--perplexity P] [--iterations N] [--seed S] [--threads T] [--exact]\n" +
        "  Reads numeric rows (comma-separated, no header), writes x,y rows in the same order.\n" +
        "  --perplexity P   effective neighbours (default 30; must be < number of rows)\n" +
        "  --iterations N   gradient steps, early exaggeration included (default 1000)\n" +
        "  --seed S         seed of the random initialisation (used with --init random; PCA init needs none)\n" +
        "  --init pca|random  starting embedding (default pca, as scikit-learn)\n" +
        "  --threads T      worker threads (default all; the result does not depend on it)\n" +
        "  --exact          O(N²) exact gradient and dense affinities (small N only)\n" +
        "  Progress goes to stderr; the last stdout line is a JSON summary.";

    /// <summary>Runs the subcommand; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = Arguments.Parse("tsne", args, options: ["in", "out", "perplexity", "iterations", "seed", "threads", "init"], flags: ["exact"]);
        if (a.HelpRequested) { Console.WriteLine(Usage); return 0; }
        string input = a.Required("in"), output = a.Required("out");
        var defaults = new TSneOptions();
        var options = defaults with
        {
            Perplexity = a.Double("perplexity", defaults.Perplexity, min: 1e-9),
            Iterations = a.Int32("iterations", defaults.Iterations, min: 1),
            Seed = a.Int32("seed", defaults.Seed),
            Threads = a.Int32("threads", defaults.Threads, min: 0, max: 1024),
            Initialization = a.Choice("init", "pca", "pca", "random") == "random" ? TSneInitialization.Random : TSneInitialization.Pca,
            Method = a.Flag("exact") ? TSneMethod.Exact : TSneMethod.Interpolated,
        };
        var (rows, dim) = PointCsv.Read(input);
        int n = rows.Length / dim;
        Console.Error.WriteLine($"tsne: {n:N0} points of dimension {dim} from {input}");
        var progress = new ConsoleProgress();
        var result = TSne.Embed(rows, dim, options, progress);
        PointCsv.WriteEmbedding(output, result);
        Console.WriteLine($"embedded {n:N0} points in {result.Elapsed.TotalSeconds:N2} s: KL {result.KullbackLeibler:F4} after {result.Iterations} iterations " +
                          $"({result.Method}, learning rate {result.LearningRate:G4}); wrote {Path.GetFullPath(output)}");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["n"] = n,
            ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            ["kl_divergence"] = result.KullbackLeibler,
            ["iterations"] = result.Iterations,
            ["perplexity"] = options.Perplexity,
            ["learning_rate"] = result.LearningRate,
            ["method"] = result.Method.ToString().ToLowerInvariant(),
            ["out"] = Path.GetFullPath(output),
        }));
        return 0;
    }

    /// <summary>Writes progress lines to stderr synchronously (on the computing thread).</summary>
    private sealed class ConsoleProgress : IProgress<TSneProgress>
    {
        public void Report(TSneProgress p) =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"iteration {p.Iteration}/{p.TotalIterations}: KL {p.KullbackLeibler:F4}, gradient norm {p.GradientNorm:E2}{(p.Exaggerating ? " (early exaggeration)" : "")}"));
    }
}
