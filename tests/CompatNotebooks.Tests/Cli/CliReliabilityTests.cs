using CompatNotebooks.Data;
using CompatNotebooks.Tests.Data;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Cli;

/// <summary>
/// Issue 13's CLI items, each on small data made here and run as a separate process: skipped lines shown and
/// <c>--strict</c>, outputs checked before the work, no training on zero pairs, exit codes 1 (data) and 2 (usage).
/// </summary>
public class CliReliabilityTests
{
    private const string Category = DerivedDataSet.Category;
    private const int Dimension = DerivedDataSet.Dimension;

    private static string Asin(int i) => DerivedDataSet.Asin(i);

    private static (string Features, string Metadata) WriteData(DataTestFiles files, int items, Func<int, int[]> links,
        string[]? extraLines = null, int? duplicateOf = null) => DerivedDataSet.Write(files, items, links, extraLines, duplicateOf);

    private static int[] Ring(int i, int items) => DerivedDataSet.Ring(i, items);

    private static (int Exit, string Out, string Err) Cli(params string[] args) => InspectCommandTests.RunCli(args);

    [Fact]
    public void Inspect_and_train_show_the_first_skipped_line_under_the_counts_and_strict_stops_there()
    {
        using var files = new DataTestFiles();
        var (_, metadata) = WriteData(files, 24, i => Ring(i, 24), extraLines: ["{'asin': 'A000000999', 'title': }"]);
        string where = $"Metadata file '{metadata}', line 3, column ";

        var inspect = Cli("inspect", "--data", files.Directory, "--category", Category);
        Assert.True(inspect.Exit == 0, inspect.Err);
        var lines = inspect.Out.Split('\n');
        int counts = Array.FindIndex(lines, l => l.StartsWith("metadata lines skipped: syntax: 1", StringComparison.Ordinal));
        Assert.True(counts >= 0, inspect.Out);
        Assert.Contains(lines.Skip(counts + 1), l => l.TrimStart().StartsWith(where, StringComparison.Ordinal));

        var train = Cli("train", "--data", files.Directory, "--category", Category, "--epochs", "1", "--threads", "1");
        Assert.True(train.Exit == 0, train.Err);
        Assert.Contains(where, train.Err);

        foreach (var command in new[] { "inspect", "train" })
        {
            var strict = Cli(command, "--data", files.Directory, "--category", Category, "--strict");
            Assert.Equal(1, strict.Exit);
            Assert.Contains($"compat-notebooks {command}: {where}", strict.Err);
            Assert.Equal("", strict.Out);
        }
    }

    [Fact]
    public void A_repeated_feature_record_is_listed_and_strict_names_the_cli_way_out()
    {
        using var files = new DataTestFiles();
        var (features, _) = WriteData(files, 24, i => Ring(i, 24), duplicateOf: 3);
        long offset = 24L * (10 + 4 * Dimension);

        var inspect = Cli("inspect", "--data", files.Directory, "--category", Category);
        Assert.True(inspect.Exit == 0, inspect.Err);
        Assert.Contains($"Feature file '{features}', record 24 (byte offset {offset}): skipped, duplicate ASIN {Asin(3)}", inspect.Out);

        var strict = Cli("inspect", "--data", files.Directory, "--category", Category, "--strict");
        Assert.Equal(1, strict.Exit);
        Assert.Contains($"Feature file '{features}', record 24 (byte offset {offset}): duplicate ASIN {Asin(3)}", strict.Err);
        Assert.Contains("without --strict", strict.Err);
        Assert.DoesNotContain("Policy", strict.Err);
    }

    [Fact]
    public void Train_without_pairs_is_a_data_error_before_training()
    {
        using var files = new DataTestFiles();
        WriteData(files, 24, _ => []);
        var (exit, stdout, stderr) = Cli("train", "--data", files.Directory, "--category", Category, "--epochs", "1");
        Assert.Equal(1, exit);
        Assert.Contains("compat-notebooks train: No pairs to train on: category 'Baby' has 24 catalog items and no also_bought link", stderr);
        Assert.DoesNotContain("epoch", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Train_without_held_out_pairs_is_a_data_error_before_training()
    {
        using var files = new DataTestFiles();
        WriteData(files, 24, i => i == 0 ? [1] : []); // one unordered positive: a 0.2 split holds out none
        var (exit, stdout, stderr) = Cli("train", "--data", files.Directory, "--category", Category, "--epochs", "1");
        Assert.Equal(1, exit);
        Assert.Contains("compat-notebooks train: No held-out pairs to evaluate: --test-fraction 0.2 of 2 pairs", stderr);
        Assert.DoesNotContain("epoch", stderr);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("is-a-folder")]
    [InlineData("under-a-file")]
    [InlineData("unwritable")]
    public void Train_checks_save_before_loading(string kind)
    {
        using var files = new DataTestFiles();
        File.WriteAllText(files.PathOf("plain"), "");
        string save = kind switch
        {
            "is-a-folder" => files.Directory,
            "under-a-file" => Path.Combine(files.PathOf("plain"), "model.bin"),
            _ => "/proc/compat-notebooks-test.model", // not writable even as root
        };
        var (exit, stdout, stderr) = Cli("train", "--data", GeneratedSample.Directory, "--category", "Musical_Instruments", "--epochs", "1", "--save", save);
        Assert.Equal(1, exit);
        Assert.Contains($"compat-notebooks train: --save '{Path.GetFullPath(save)}'", stderr);
        Assert.DoesNotContain(" items, ", stderr); // the catalog was never loaded
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Tsne_checks_out_before_embedding()
    {
        using var files = new DataTestFiles();
        string input = files.PathOf("points.csv");
        File.WriteAllLines(input, Enumerable.Range(0, 40).Select(i => $"{i},{i % 7},{i % 3}"));
        var (exit, stdout, stderr) = Cli("tsne", "--in", input, "--out", files.Directory, "--perplexity", "5");
        Assert.Equal(1, exit);
        Assert.Contains($"compat-notebooks tsne: --out '{files.Directory}' is a folder", stderr);
        Assert.DoesNotContain("points of dimension", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Run_checks_out_before_running_a_notebook()
    {
        using var files = new DataTestFiles();
        string plain = files.PathOf("plain");
        File.WriteAllText(plain, "");
        var (exit, stdout, stderr) = Cli("run", RepositoryPaths.Fixture("succeed.ipynb"), "--out", plain);
        Assert.Equal(1, exit);
        Assert.Contains($"compat-notebooks run: --out '{plain}' is a file", stderr);
        Assert.Equal("", stdout); // no notebook ran: the runner logs each one on stdout
    }

    [Fact]
    public void Sample_data_checks_out_before_generating()
    {
        using var files = new DataTestFiles();
        string plain = files.PathOf("plain");
        File.WriteAllText(plain, "");
        var (exit, _, stderr) = Cli("sample-data", "--out", Path.Combine(plain, "sub"), "--items", "10");
        Assert.Equal(1, exit);
        Assert.Contains($"'{plain}' is a file", stderr);
    }

    [Theory]
    [InlineData(2, "inspect", "--bogus", "1")]
    [InlineData(2, "inspect", "--data", "/tmp")]                          // --category missing
    [InlineData(2, "inspect", "--category", "Baby", "--data", "")]
    [InlineData(2, "train", "--category", "Baby", "--epochs", "0")]
    [InlineData(2, "train", "--category", "Baby", "--model", "cosine")]
    [InlineData(2, "sample-data", "--items", "12x", "--out", "/tmp/x")]
    [InlineData(2, "nope")]
    [InlineData(1, "inspect", "--category", "Nope", "--data", "/tmp")]    // files missing
    [InlineData(1, "inspect", "--category", "Baby", "--data", "/nonexistent/compat")]
    [InlineData(1, "run", "no-such-notebook.ipynb")]
    public void Exit_codes_are_2_for_usage_and_1_for_data(int expected, params string[] args)
    {
        var (exit, stdout, stderr) = Cli(args);
        Assert.True(expected == exit, $"exit {exit}: {stderr}");
        Assert.StartsWith("compat-notebooks", stderr);
        Assert.Equal("", stdout);
    }
}
