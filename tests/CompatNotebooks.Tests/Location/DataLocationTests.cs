using CompatNotebooks.Data;
using CompatNotebooks.Location;
using CompatNotebooks.Synthetic;

using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Location;

public class DataLocationTests
{
    [Fact]
    public void ExplicitFolderWinsAndMustExist()
    {
        using var files = new DataTestFiles();
        Assert.Equal(Path.GetFullPath(files.Directory), DataLocation.Resolve(files.Directory));
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataLocation.Resolve(Path.Combine(files.Directory, "missing")));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public async Task EnsureSampleGeneratesOnceAndStampsCompletion()
    {
        using var files = new DataTestFiles();
        string dir = Path.Combine(files.Directory, "sample");
        var options = new SampleDataOptions { ItemsPerCategory = 40, Seed = 9, Categories = ["Baby"] };
        // Two concurrent callers: one generates, the other waits for the stamp; neither sees half files.
        var results = await Task.WhenAll(Task.Run(() => DataLocation.EnsureSample(dir, options)), Task.Run(() => DataLocation.EnsureSample(dir, options)));
        Assert.All(results, r => Assert.Equal(Path.GetFullPath(dir), r));
        string stamp = File.ReadAllText(Path.Combine(dir, DataLocation.StampFileName)).Trim();
        Assert.Equal(SampleData.Stamp(options), stamp);
        Assert.Contains("seed=9", stamp);
        Assert.Contains($"v{SampleData.GeneratorVersion}", stamp);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
        string features = Path.Combine(dir, DataFiles.FeatureFileName("Baby"));
        var written = File.GetLastWriteTimeUtc(features);
        DataLocation.EnsureSample(dir, options);
        Assert.Equal(written, File.GetLastWriteTimeUtc(features)); // stamped: not regenerated
        DataLocation.EnsureSample(dir, options with { Seed = 10 });
        Assert.Contains("seed=10", File.ReadAllText(Path.Combine(dir, DataLocation.StampFileName)));
    }

    [Fact]
    public void DefaultSampleFolderIsInsideTheCheckout()
    {
        string dir = DataLocation.DefaultSampleDirectory();
        Assert.EndsWith(Path.Combine("data", "sample"), dir);
        Assert.True(File.Exists(Path.Combine(dir, "..", "..", "CompatNotebooks.sln")));
    }
}
