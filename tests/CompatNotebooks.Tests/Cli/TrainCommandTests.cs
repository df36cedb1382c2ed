using System.Runtime.InteropServices;
using System.Text.Json;
using CompatNotebooks.Cli;
using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Cli;

[Collection("Console")]
public class TrainCommandTests
{
    [Fact]
    public void TrainsSavesAndEndsWithOneJsonLine()
    {
        var model = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.model");
        var output = new StringWriter();
        var error = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        int code;
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            code = CommandLine.Run(["train", "--data", GeneratedSample.Directory, "--category", "Musical_Instruments", "--model", "inner",
                "--negatives", "same-category", "--epochs", "2", "--threads", "1", "--save", model]);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
        try
        {
            Assert.Equal(0, code);
            var last = output.ToString().TrimEnd().Split('\n')[^1];
            using var json = JsonDocument.Parse(last);
            var root = json.RootElement;
            Assert.Equal("inner", root.GetProperty("model").GetString());
            Assert.Equal("same-category", root.GetProperty("negatives").GetString());
            Assert.Equal(2, root.GetProperty("epochs").GetInt32());
            foreach (var key in new[] { "train_pairs", "test_pairs", "seconds", "pairs_per_second", "test_accuracy", "test_auc", "test_log_loss" })
                Assert.True(root.GetProperty(key).GetDouble() > 0, key);
            Assert.Contains("epoch 2/2", error.ToString());
            using var loaded = CompatibilityModel.Load(model);
            Assert.Equal(CompatibilityKind.InnerProduct, loaded.Kind);
        }
        finally
        {
            File.Delete(model);
        }
    }

    /// <summary>Rows per block computed from the sample's store.</summary>
    private const int StoreRows = -1;

    [Theory]
    [InlineData(new[] { "--order", "block-local", "--block-budget", "1", "--kernels", "dense", "--no-store" }, "block-local", 32)] // 1 MiB / (2 × 16 KiB rows)
    [InlineData(new[] { "--order", "block-local", "--block-budget", "1", "--kernels", "sparse", "--no-store" }, "given", 32)] // an in-memory cache: order moot
    [InlineData(new[] { "--order", "block-local", "--block-budget", "1", "--kernels", "sparse" }, "given", StoreRows)] // a small store is read into memory: order moot
    [InlineData(new[] { "--order", "block-local", "--block-budget", "1", "--kernels", "dense" }, "block-local", StoreRows)]
    [InlineData(new[] { "--kernels", "dense" }, "given", null)]
    public void HeldOutPairsAreScoredBlockByBlockAfterBlockLocalDenseTraining(string[] options, string testOrder, int? blockRows)
    {
        if (blockRows == StoreRows)
        {
            // Blocks of the store are cut by its rows' average size, not by 16 KiB float32 rows.
            string source = Path.Combine(GeneratedSample.Directory, DataFiles.FeatureFileName("Musical_Instruments"));
            using var store = FeatureStoreFiles.OpenOrConvert(source, null, null, out _);
            long bytesPerRow = ((IRowPrefetch)store).BytesPerRow;
            Assert.InRange(bytesPerRow, 1, 4 * 4096 / 3); // sparse: well under the float32 row
            blockRows = (int)((1L << 20) / (2 * bytesPerRow));
        }
        var output = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        int code;
        try
        {
            Console.SetOut(output);
            Console.SetError(new StringWriter());
            code = CommandLine.Run(["train", "--data", GeneratedSample.Directory, "--category", "Musical_Instruments", "--epochs", "1", "--threads", "1", .. options]);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.Equal(testOrder, root.GetProperty("test_order").GetString());
        Assert.True(root.GetProperty("test_seconds").GetDouble() >= 0);
        Assert.Equal(blockRows, root.GetProperty("block_rows").ValueKind == JsonValueKind.Null ? null : root.GetProperty("block_rows").GetInt32());
        Assert.Contains(testOrder == "block-local" ? "scored block by block" : "scored in order", lines[^2]);
        Assert.InRange(root.GetProperty("test_auc").GetDouble(), 0.5, 1);
        Assert.Equal(1, root.GetProperty("order_seed").GetInt32()); // --seed's default when --order-seed is absent
    }

    [Theory]
    [InlineData("auto", true)]   // auto picks the dense kernels: the trainer checks the unvalidated file itself
    [InlineData("auto", false)]  // auto picks the sparse kernels: checked while caching the non-zeros
    [InlineData("sparse", true)]
    public void NonFiniteFeatureIsReportedWithoutAStackTrace(string kernels, bool mostlyNonZero)
    {
        const int dimension = 4096, badRecord = 17, badValue = 1000; // the CLI reads 4096-d records
        string dir = Path.Combine(Path.GetTempPath(), $"cli-nan-{Guid.NewGuid():N}");
        try
        {
            SampleData.Generate(dir, new SampleDataOptions { ItemsPerCategory = 80, Dimension = dimension, Categories = ["Baby"], Seed = 3 });
            string features = Path.Combine(dir, DataFiles.FeatureFileName("Baby"));
            byte[] bytes = File.ReadAllBytes(features);
            long recordSize = 10 + 4L * dimension;
            for (long r = 0; r < bytes.Length / recordSize; r++)
            {
                var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)(r * recordSize) + 10, 4 * dimension));
                if (mostlyNonZero)
                    for (int d = 0; d < dimension; d++) values[d] += 0.5f;
                if (r == badRecord) values[badValue] = float.NaN;
            }
            File.WriteAllBytes(features, bytes);

            // A separate process: an exception the CLI does not handle would crash it (exit 134, "Unhandled exception").
            var (exit, stdout, stderr) = InspectCommandTests.RunCli("train", "--data", dir, "--category", "Baby", "--kernels", kernels,
                "--epochs", "1", "--threads", "2");
            Assert.Equal(1, exit);
            Assert.Contains($"compat-notebooks train: Feature file '{features}', record {badRecord} (byte offset {badRecord * recordSize}): ", stderr);
            Assert.Contains($"holds NaN at value {badValue}", stderr);
            Assert.DoesNotContain("Unhandled", stderr);
            Assert.DoesNotContain("InvalidValuePolicy", stderr); // a policy the CLI cannot set is not suggested
            Assert.DoesNotContain(" at CompatNotebooks", stderr);
            Assert.Equal("", stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BadOptionsAreUsageErrors()
    {
        var error = new StringWriter();
        var stderr = Console.Error;
        try
        {
            Console.SetError(error);
            Assert.Equal(2, CommandLine.Run(["train", "--category", "Musical_Instruments", "--model", "cosine"]));
            Assert.Equal(2, CommandLine.Run(["train", "--category", "Musical_Instruments", "--epochs", "-1"]));
        }
        finally
        {
            Console.SetError(stderr);
        }
        Assert.Contains("model", error.ToString());
    }
}
