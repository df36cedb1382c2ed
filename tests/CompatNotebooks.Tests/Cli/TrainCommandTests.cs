using System.Text.Json;
using CompatNotebooks.Cli;
using CompatNotebooks.Models;
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

    [Fact]
    public void BadOptionsAreUsageErrors()
    {
        var error = new StringWriter();
        var stderr = Console.Error;
        try
        {
            Console.SetError(error);
            Assert.NotEqual(0, CommandLine.Run(["train", "--category", "Musical_Instruments", "--model", "cosine"]));
            Assert.NotEqual(0, CommandLine.Run(["train", "--category", "Musical_Instruments", "--epochs", "-1"]));
        }
        finally
        {
            Console.SetError(stderr);
        }
        Assert.Contains("model", error.ToString());
    }
}
