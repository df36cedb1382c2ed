using CompatNotebooks.Runner;

namespace CompatNotebooks.Tests.Runner;

public sealed class LibraryReferenceTests
{
    [Fact]
    public void Library_reference_points_at_the_loaded_copy_and_nothing_else_changes()
    {
        var cell = "#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"../lib/CompatNotebooks.Notebooks/bin/Release/net10.0/CompatNotebooks.Notebooks.dll\"\nusing CompatNotebooks;";
        var rewritten = LibraryReference.Rewrite(cell);
        Assert.Contains($"#r \"{LibraryReference.LoadedPath}\"", rewritten);
        Assert.StartsWith("#r \"nuget: Plotly.NET, 6.0.0\"\n", rewritten);
        Assert.EndsWith("\nusing CompatNotebooks;", rewritten);
        Assert.Equal("#r \"Other.dll\"", LibraryReference.Rewrite("#r \"Other.dll\""));
    }
}
