using System.CommandLine;
using System.Text.Json;
using CompatNotebooks.Embedding;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks tsne --in points.csv --out embedding.csv [--perplexity P] [--iterations N] [--seed S]
/// [--threads T] [--exact]</c>: embeds numeric CSV rows in 2-D with <see cref="TSne"/>.
/// </summary>
public static class TSneCommand
{
    private static readonly Choices<TSneInitialization> Initializations = new(("pca", TSneInitialization.Pca), ("random", TSneInitialization.Random));

    /// <summary>The <c>tsne</c> command with its options.</summary>
    public static Command Create()
    {
        var defaults = new TSneOptions();
        var input = new Option<string>("--in") { Description = "numeric rows, comma-separated, no header", HelpName = "points.csv", Required = true };
        var output = new Option<string>("--out") { Description = "x,y rows in the input's order", HelpName = "embedding.csv", Required = true };
        var perplexity = new Option<double>("--perplexity")
        {
            Description = "effective neighbours (must be < number of rows)",
            DefaultValueFactory = _ => defaults.Perplexity,
            HelpName = "P",
        }.Within(1e-9, 1e9);
        var iterations = new Option<int>("--iterations")
        {
            Description = "gradient steps, early exaggeration included (scikit-learn's default; notebook 04 uses 500)",
            DefaultValueFactory = _ => defaults.Iterations,
            HelpName = "N",
        }.Within(1, 10_000_000);
        var seed = new Option<int>("--seed")
        {
            Description = "seed of the random initialisation (--init random; PCA needs none)",
            DefaultValueFactory = _ => 1,
            HelpName = "S",
        }.Within(0, int.MaxValue);
        var threads = new Option<int>("--threads")
        {
            Description = "worker threads, 0 = all (the result does not depend on it)",
            DefaultValueFactory = _ => defaults.Threads,
            HelpName = "T",
        }.Within(0, 1024);
        var init = Initializations.Option("--init", defaults.Initialization, "starting embedding (PCA as scikit-learn)");
        var exact = new Option<bool>("--exact") { Description = "O(N²) exact gradient and dense affinities (small N only)" };
        var command = new Command("tsne", "Embeds numeric CSV rows in 2-D with t-SNE; progress on stderr, the last stdout line is a JSON summary.\n" + ExitCodes.HelpText)
        {
            input, output, perplexity, iterations, seed, threads, init, exact,
        };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!, defaults with
        {
            Perplexity = result.GetValue(perplexity),
            Iterations = result.GetValue(iterations),
            Seed = result.GetValue(seed),
            Threads = result.GetValue(threads),
            Initialization = result.GetValue(init),
            Method = result.GetValue(exact) ? TSneMethod.Exact : TSneMethod.Interpolated,
        }));
        return command;
    }

    private static int Run(string input, string output, TSneOptions options)
    {
        OutputPaths.CheckFile("--out", output);
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
        return ExitCodes.Success;
    }

    /// <summary>Writes progress lines to stderr synchronously (on the computing thread).</summary>
    private sealed class ConsoleProgress : IProgress<TSneProgress>
    {
        public void Report(TSneProgress p) => Console.Error.WriteLine(p.Describe());
    }
}
