namespace CompatNotebooks.Tests.Runner;

/// <summary>Locations in the checkout the notebook tests use.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding CompatNotebooks.sln (walking up from the test binaries).</summary>
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(Root, "tests", "CompatNotebooks.Tests", "Notebook", "Fixtures", name);

    public static string Notebook(string name) => Path.Combine(Root, "notebooks", name);

    /// <summary>A fresh folder under TestResults/ (kept after the run as a test artifact).</summary>
    public static string Artifacts(string name)
    {
        var dir = Path.Combine(Root, "TestResults", name);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CompatNotebooks.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"CompatNotebooks.sln not found above {AppContext.BaseDirectory}");
    }
}
