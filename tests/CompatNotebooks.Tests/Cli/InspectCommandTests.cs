using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Cli;

/// <summary>Runs the built <c>compat-notebooks</c> as a separate process (no shared Console between tests).</summary>
public class InspectCommandTests
{
    internal static (int Exit, string Out, string Err) RunCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "compat-notebooks.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var outcome = BoundedProcess.Run(start, BoundedProcess.ShortLimit);
        return (outcome.ExitCode, outcome.StandardOutput, outcome.StandardError);
    }

    private static JsonElement LastLineJson(string stdout)
    {
        string last = stdout.TrimEnd().Split('\n')[^1];
        return JsonDocument.Parse(last).RootElement;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InspectEndsWithOneJsonLineHoldingTheCounts(bool hard)
    {
        var args = new List<string> { "inspect", "--data", GeneratedSample.Directory, "--category", "Musical_Instruments", "--seed", "3" };
        if (hard) args.Add("--hard-negatives");
        var (exit, stdout, stderr) = RunCli([.. args]);
        Assert.True(exit == 0, stderr);
        var json = LastLineJson(stdout);
        foreach (var key in new[] { "items_in_metadata", "items_with_features", "items_with_subcategory", "subcategories", "positive_pairs", "pairs", "load_seconds" })
            Assert.True(json.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(JsonValueKind.Object, json.GetProperty("skipped").ValueKind);
        Assert.Equal(GeneratedSample.Options.ItemsPerCategory, json.GetProperty("items_in_metadata").GetInt32());
        int positives = json.GetProperty("positive_pairs").GetInt32();
        Assert.True(positives > 0);
        Assert.Equal(json.GetProperty("pairs").GetInt32(), positives + json.GetProperty("negative_pairs").GetInt32());
        Assert.True(stdout.Split('\n').Length > 3, "a human summary comes first");

        // The same numbers through the library.
        using var catalog = CompatNotebooks.Catalog.ProductCatalog.Load(GeneratedSample.Directory, "Musical_Instruments",
            new CompatNotebooks.Catalog.CatalogOptions { RequireSubcategory = hard });
        var set = CompatNotebooks.Sampling.PairSampler.Sample(catalog, new CompatNotebooks.Sampling.PairSamplingOptions
        {
            Negatives = hard ? CompatNotebooks.Sampling.NegativeSampling.SameSubcategory : CompatNotebooks.Sampling.NegativeSampling.Random,
            SameSubcategoryPositives = hard,
            Seed = 3,
        });
        Assert.Equal(set.PositiveCount, positives);
        Assert.Equal(set.Count, json.GetProperty("pairs").GetInt32());
    }

    [Fact]
    public void HardNegativesKeepOnlySameSubcategoryLinks()
    {
        var easy = LastLineJson(RunCli("inspect", "--data", GeneratedSample.Directory, "--category", "Musical_Instruments").Out);
        var hard = LastLineJson(RunCli("inspect", "--data", GeneratedSample.Directory, "--category", "Musical Instruments", "--hard-negatives").Out);
        Assert.True(hard.GetProperty("positive_pairs").GetInt32() < easy.GetProperty("positive_pairs").GetInt32());
        Assert.True(hard.GetProperty("catalog_items").GetInt32() < easy.GetProperty("catalog_items").GetInt32());
    }

    [Theory]
    [InlineData("inspect", "--category", "Musical_Instruments", "--data", "/nonexistent/compat")]
    [InlineData("inspect", "--data", "/tmp")]                            // --category missing
    [InlineData("inspect", "--category", "Nope", "--data", "/tmp")]      // files missing
    [InlineData("inspect", "--bogus", "1")]
    [InlineData("sample-data", "--items", "12x", "--out", "/tmp/x")]
    public void ErrorsGoToStderrWithNonZeroExit(params string[] args)
    {
        var (exit, stdout, stderr) = RunCli(args);
        Assert.NotEqual(0, exit);
        Assert.False(string.IsNullOrWhiteSpace(stderr));
        Assert.True(string.IsNullOrWhiteSpace(stdout), stdout);
    }

    [Fact]
    public void SampleDataWritesTheFourFiles()
    {
        using var files = new DataTestFiles();
        var (exit, stdout, stderr) = RunCli("sample-data", "--out", files.Directory, "--items", "50", "--seed", "4");
        Assert.True(exit == 0, stderr);
        Assert.Equal(4, Directory.GetFiles(files.Directory).Count(f => !Path.GetFileName(f).StartsWith('.')));
        Assert.True(File.Exists(Path.Combine(files.Directory, SampleData.StampFileName))); // the set is complete
        var json = LastLineJson(stdout);
        Assert.Equal(50, json.GetProperty("items_per_category").GetInt32());
    }
}
