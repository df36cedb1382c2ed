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

    [Theory]
    [InlineData("02-subcategories-and-hard-negatives.ipynb", "9.1")]
    [InlineData("03-inner-product-vs-euclidean.ipynb", "9.2")]
    [InlineData("03-inner-product-vs-euclidean.ipynb", "9.3")]
    [InlineData("04-style-space-tsne.ipynb", "9.4")]
    public void Exercise_notebooks_open_with_the_exercise_statement_in_a_quote_block(string name, string exercise)
    {
        var opening = Markdown(name).First();
        Assert.Contains($"> **Exercise {exercise}**", opening);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_ends_with_try_this_prompts(string name)
    {
        var last = Markdown(name).Last();
        var prompts = last[last.IndexOf("## Try this", StringComparison.Ordinal)..];
        Assert.InRange(prompts.Split('\n').Count(l => l.StartsWith("* ", StringComparison.Ordinal)), 2, 4);
    }

    [Theory]
    [InlineData("01-visual-compatibility.ipynb", @"\lVert x_1 E_1 - x_2 E_2 \rVert_2^2")]
    [InlineData("01-visual-compatibility.ipynb", @"-\log\big(p\,(2y - 1) - y + 1\big)")]
    [InlineData("03-inner-product-vs-euclidean.ipynb", @"\langle s_1, s_2 \rangle")]
    public void Equations_are_written_in_LaTeX(string name, string equation) =>
        Assert.Contains(Markdown(name), m => m.Contains("$$") && m.Contains(equation));

    [Fact]
    public void The_list_of_what_the_seed_got_wrong_is_complete()
    {
        var list = Assert.Single(Markdown("03-inner-product-vs-euclidean.ipynb"), m => m.StartsWith("## What the seed got wrong", StringComparison.Ordinal));
        foreach (var mistake in new[] { "Both models are Euclidean", "super(CompatibilityModel, self)", "tensordot", "Test leakage",
                     "One Adam optimiser for both models", "not an accuracy", "prose and code disagree", "random.sample", "unstable loss",
                     "len(compat)", "light grey", "eval" })
            Assert.Contains(mistake, list);
        Assert.Equal(11, Regex.Matches(list, @"^\d+\. \*\*", RegexOptions.Multiline).Count);
    }

    [Theory]
    [InlineData("04-style-space-tsne.ipynb")]
    [InlineData("05-compatible-item-recommendations.ipynb")]
    public void Notebooks_that_split_pairs_take_testFraction_as_a_parameter(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Notebook(name)))!;
        var parameters = notebook["cells"]!.AsArray().Single(c => c!["metadata"]!["tags"] is not null)!;
        Assert.Contains("double testFraction = 0.2;", Source(parameters));
        Assert.DoesNotContain("Split(0.2", string.Concat(notebook["cells"]!.AsArray().Select(c => Source(c!))));
    }

    [Fact]
    public void Readme_maps_every_seed_cell_to_a_notebook_cell()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "notebooks", "README.md"));
        // The seed notebook's cells are In[1] … In[33].
        var mapped = Regex.Matches(readme, @"^\| In\[(\d+)\]", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 33), mapped);
    }

    private static List<string> Markdown(string name) =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Notebook(name)))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "markdown").Select(c => Source(c!)).ToList();

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonNode text => text.GetValue<string>(),
        _ => "",
    };
}
