using System.Security.Cryptography;
using CompatNotebooks.Data;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Synthetic;

/// <summary>Issue 13 item 15 (a killed generation leaves no temporaries and no mix of two generations), issue 9
/// item 4 (int seeds, same bytes) and issue 10 item 7 (plausible prices).</summary>
public class SampleDataSafetyTests
{
    private static readonly SampleDataOptions Small = new() { ItemsPerCategory = 60, Dimension = 32, Seed = 5, Categories = ["Baby", "Musical_Instruments"] };
    private const int DeadProcess = int.MaxValue - 1; // no such process id

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.'))
            .ToDictionary(Path.GetFileName, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))!;

    [Fact]
    public void NothingIsReplacedUntilEveryCategoryIsComplete()
    {
        using var files = new DataTestFiles();
        SampleData.Generate(files.Directory, Small);
        var before = Hashes(files.Directory);
        string stamp = Path.Combine(files.Directory, SampleData.StampFileName);
        Assert.Equal(SampleData.Stamp(Small) + "\n", File.ReadAllText(stamp));

        var seen = new List<(Dictionary<string, string> Files, bool Stamped)>();
        var next = Small with { Seed = 6, AfterCategoryStaged = _ => seen.Add((Hashes(files.Directory), File.Exists(stamp))) };
        SampleData.Generate(files.Directory, next);

        // At each point a kill could hit before the moves, the folder still held the complete old set, stamped.
        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Equal(before, s.Files));
        Assert.All(seen, s => Assert.True(s.Stamped));
        var after = Hashes(files.Directory);
        Assert.All(after, kv => Assert.NotEqual(before[kv.Key], kv.Value));
        Assert.Equal(SampleData.Stamp(next) + "\n", File.ReadAllText(stamp));
        Assert.Empty(Directory.GetFileSystemEntries(files.Directory, "*.tmp-*"));
        Assert.Empty(Directory.GetDirectories(files.Directory));
    }

    [Fact]
    public void AFailedGenerationLeavesTheOldSetAndNoTemporaries()
    {
        using var files = new DataTestFiles();
        SampleData.Generate(files.Directory, Small);
        var before = Hashes(files.Directory);
        var failing = Small with { Seed = 7, AfterCategoryStaged = c => { if (c == "Musical_Instruments") throw new IOException("disk full"); } };
        Assert.Throws<IOException>(() => SampleData.Generate(files.Directory, failing));
        Assert.Equal(before, Hashes(files.Directory));
        Assert.Single(Directory.GetFileSystemEntries(files.Directory, ".*")); // only the stamp
        Assert.Empty(Directory.GetDirectories(files.Directory));
    }

    [Fact]
    public void TemporariesOfAKilledRunAreRemovedAndLiveOnesKept()
    {
        using var files = new DataTestFiles();
        // What a kill leaves: half-written files of the old per-file scheme and a staging folder.
        string staleFile = files.WriteBytes($"meta_Baby.json.gz.tmp-{DeadProcess}-{Guid.NewGuid():N}", [1, 2, 3]);
        string staleStamp = files.WriteBytes($".sample-complete.tmp-{DeadProcess}", [1]);
        string staleStaging = Path.Combine(files.Directory, $".sample-staging-{DeadProcess}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staleStaging);
        File.WriteAllBytes(Path.Combine(staleStaging, DataFiles.FeatureFileName("Baby")), new byte[100]);
        string live = files.WriteBytes($"meta_Baby.json.gz.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}", [4]);
        string unrelated = files.WriteBytes("notes.tmp-draft", [5]);

        SampleData.Generate(files.Directory, Small);

        Assert.False(File.Exists(staleFile));
        Assert.False(File.Exists(staleStamp));
        Assert.False(Directory.Exists(staleStaging));
        Assert.True(File.Exists(live));      // a generation running now in this process may own it
        Assert.True(File.Exists(unrelated)); // not one of ours
    }

    [Theory]
    [InlineData("x.b.tmp-123-0123456789abcdef0123456789abcdef", 123)]
    [InlineData(".sample-complete.tmp-77", 77)]
    [InlineData(".sample-staging-9-0123456789abcdef0123456789abcdef", 9)]
    [InlineData("image_features_Baby.b", null)]
    [InlineData("x.tmp-draft", null)]
    [InlineData(".sample.lock", null)]
    public void TemporaryNamesCarryTheirOwner(string name, int? owner) => Assert.Equal(owner, SampleTemporaries.OwnerOf(name));

    /// <summary>The seed became an int: the same value must give the same feature bytes as the 64-bit seed did
    /// (hashes made with the generator before the change: commit ca4a87d, 150 items, seed 5, 64-d).</summary>
    [Fact]
    public void IntSeedGivesTheFeatureBytesOfTheFormerUlongSeed()
    {
        using var files = new DataTestFiles();
        var written = SampleData.Generate(files.Directory, new SampleDataOptions { ItemsPerCategory = 150, Seed = 5, Dimension = 64 });
        string Hash(string category) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(written.Single(w => w.Category == category).FeaturePath)));
        Assert.Equal("D9194FF87FEB5DAD44142B8FB702935479CB3C077690E0B5586987EDA87DAE0F", Hash("Baby"));
        Assert.Equal("22A599B273BCB94723F8831F754DB3C3E86134EB04F750790AACFB6183EE59F5", Hash("Musical_Instruments"));
    }

    [Fact]
    public void NegativeSeedsAreValidAndDistinct()
    {
        using var a = new DataTestFiles();
        using var b = new DataTestFiles();
        var options = Small with { Categories = ["Baby"] };
        SampleData.Generate(a.Directory, options with { Seed = -1 });
        SampleData.Generate(b.Directory, options with { Seed = 1 });
        Assert.NotEqual(Hashes(a.Directory)[DataFiles.FeatureFileName("Baby")], Hashes(b.Directory)[DataFiles.FeatureFileName("Baby")]);
    }

    /// <summary>Issue 10 item 7: a cloth diaper at $183 and bass strings at $362 looked fake.</summary>
    [Fact]
    public void PricesArePlausibleForWhatTheProductIs()
    {
        using var files = new DataTestFiles();
        var written = SampleData.Generate(files.Directory, new SampleDataOptions { ItemsPerCategory = 4000, Dimension = 8 });
        var products = written.SelectMany(w => MetadataReader.Read(w.MetadataPath)).Where(p => p.Price is not null && p.Title is not null).ToList();

        double MaxOf(string noun) => products.Where(p => p.Title!.Contains(noun, StringComparison.Ordinal)).Max(p => p.Price!.Value);
        double MedianOf(string noun)
        {
            var prices = products.Where(p => p.Title!.Contains(noun, StringComparison.Ordinal)).Select(p => p.Price!.Value).Order().ToArray();
            return prices[prices.Length / 2];
        }
        Assert.InRange(MaxOf("Cloth Diaper"), 8, 30);
        Assert.InRange(MaxOf("Bass Strings"), 15, 45);
        Assert.InRange(MaxOf("Pacifier"), 4, 15);
        Assert.True(MedianOf("Electric Guitar") > 5 * MedianOf("Guitar Picks"));
        Assert.True(MedianOf("Stroller") > 5 * MedianOf("Bib"));
        Assert.All(products, p => Assert.InRange(p.Price!.Value, 3, 1500));
    }
}
