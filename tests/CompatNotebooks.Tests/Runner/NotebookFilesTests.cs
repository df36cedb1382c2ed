using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CompatNotebooks.Tests.Runner;

/// <summary>The notebooks as committed: Polyglot metadata, no outputs, one first cell and one parameters cell each.</summary>
public sealed class NotebookFilesTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "notebooks"), "*.ipynb").Order())
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void There_are_five_numbered_notebooks() =>
        Assert.Equal(5, ((IEnumerable<object[]>)Notebooks()).Count(n => Regex.IsMatch((string)n[0], @"^\d\d-[a-z0-9-]+\.ipynb$")));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_is_a_stripped_polyglot_csharp_notebook(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Notebook(name)))!;
        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", notebook["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());

        var cells = notebook["cells"]!.AsArray().Select(c => c!).ToList();
        var code = cells.Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();
        Assert.All(code, c =>
        {
            Assert.Empty(c["outputs"]!.AsArray());
            Assert.Null(c["execution_count"]?.GetValue<int?>());
            Assert.Equal("csharp", c["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
            Assert.Equal("csharp", c["metadata"]!["dotnet_interactive"]!["language"]!.GetValue<string>());
            Assert.True(Source(c).Split('\n').Length <= 25, "cell longer than 25 lines: " + Source(c).Split('\n')[0]);
        });
        Assert.Contains("NotebookSetup.Prepare()", Source(code[0]));
        Assert.Single(code, c => c["metadata"]!["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "parameters") == true);
        Assert.Equal(1, code.FindIndex(c => c["metadata"]!["tags"] is not null)); // the parameters cell comes second
        // More prose than code.
        var prose = cells.Where(c => c["cell_type"]!.GetValue<string>() == "markdown").Sum(c => Source(c).Length);
        Assert.True(prose > code.Sum(c => Source(c).Length), "a notebook should carry more prose than code");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Package_versions_in_the_first_cell_match_the_central_versions(string name)
    {
        var central = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var notebook = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Notebook(name)))!;
        var first = Source(notebook["cells"]!.AsArray().First(c => c!["cell_type"]!.GetValue<string>() == "code")!);
        var references = Regex.Matches(first, "#r \"nuget: ?([^,\"]+), ?([^\"]+)\"");
        Assert.NotEmpty(references);
        foreach (Match r in references)
            Assert.Equal(central[r.Groups[1].Value], r.Groups[2].Value);
        Assert.Contains("#r \"../lib/CompatNotebooks.Notebooks/bin/Release/net10.0/CompatNotebooks.Notebooks.dll\"", first);
    }

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonNode text => text.GetValue<string>(),
        _ => "",
    };
}
