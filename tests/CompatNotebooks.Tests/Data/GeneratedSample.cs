using CompatNotebooks.Data;
using CompatNotebooks.Synthetic;

namespace CompatNotebooks.Tests.Data;

/// <summary>One small generated sample (both categories) per test process, in a temporary folder removed at exit.</summary>
internal static class GeneratedSample
{
    public static readonly SampleDataOptions Options = new() { ItemsPerCategory = 600, Seed = 77 };

    private static readonly Lazy<string> Folder = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "compat-sample-tests-" + Guid.NewGuid().ToString("N")[..12]);
        SampleData.Generate(dir, Options);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { System.IO.Directory.Delete(dir, true); } catch (IOException) { } };
        return dir;
    });

    /// <summary>The folder holding image_features_*.b and meta_*.json.gz for <see cref="Options"/>.</summary>
    public static string Directory => Folder.Value;
}
