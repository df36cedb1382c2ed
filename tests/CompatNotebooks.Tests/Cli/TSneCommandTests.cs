using System.Globalization;
using System.Text.Json;
using CompatNotebooks.Tests.Embedding;

namespace CompatNotebooks.Tests.Cli;

public class TSneCommandTests
{
    private static string WriteCsv(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tsne-cli-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void EmbedsACsvKeepingRowOrderAndEndsWithJson()
    {
        var (rows, _) = TSneTestData.Blobs(3, 80, 4, seed: 2);
        var lines = Enumerable.Range(0, 240).Select(i =>
            string.Join(",", rows.AsSpan(i * 4, 4).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        string input = WriteCsv(string.Join("\n", lines) + "\n");
        string output = Path.ChangeExtension(input, ".out.csv");
        try
        {
            var (exit, stdout, stderr) = InspectCommandTests.RunCli("tsne", "--in", input, "--out", output, "--perplexity", "20",
                "--iterations", "300", "--threads", "2");
            Assert.True(exit == 0, stderr);
            Assert.Contains("iteration 300/300", stderr);
            var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).RootElement;
            Assert.Equal(240, json.GetProperty("n").GetInt32());
            Assert.Equal(300, json.GetProperty("iterations").GetInt32());
            Assert.True(json.GetProperty("seconds").GetDouble() > 0);
            double kl = json.GetProperty("kl_divergence").GetDouble();
            var written = File.ReadAllLines(output);
            Assert.Equal(240, written.Length);
            // Same numbers as the library on the same rows.
            var result = CompatNotebooks.Embedding.TSne.Embed(rows, 4, new CompatNotebooks.Embedding.TSneOptions { Perplexity = 20, Iterations = 300 });
            Assert.Equal(result.KullbackLeibler, kl, 1e-12);
            var first = written[17].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(result.X(17), first[0]);
            Assert.Equal(result.Y(17), first[1]);
        }
        finally { File.Delete(input); File.Delete(output); }
    }

    [Theory]
    [InlineData("1,2\n3,4\n5,x\n", "line 3, column 2")]
    [InlineData("1,2\n3,4,5\n", "line 2: 3 values")]
    [InlineData("1,2\n\n3,4\n", "line 2: empty line")]
    [InlineData("1,2\nNaN,4\n3,3\n", "line 2, column 1")]
    [InlineData("1,2\n3,4\n", "perplexity")]
    public void BadInputFailsWithTheLine(string csv, string expected)
    {
        string input = WriteCsv(csv);
        try
        {
            var (exit, _, stderr) = InspectCommandTests.RunCli("tsne", "--in", input, "--out", input + ".out");
            Assert.Equal(1, exit);
            Assert.Contains(expected, stderr);
        }
        finally { File.Delete(input); File.Delete(input + ".out"); }
    }
}
