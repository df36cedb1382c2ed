using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CompatNotebooks.Tests.Runner;

/// <summary>Every notebook that loads a catalog declares <c>bool strict = false;</c> (what <c>run --strict</c> sets),
/// passes it to the load and shows the load's first skipped lines.</summary>
public sealed class NotebookStrictTests
{
    [Theory]
    [MemberData(nameof(NotebookFilesTests.Notebooks), MemberType = typeof(NotebookFilesTests))]
    public void Catalog_loads_take_strict_from_the_parameters_and_show_what_was_skipped(string name)
    {
        var cells = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Notebook(name)))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code").Select(c => c!).ToList();
        var loads = cells.Select(Source).Where(s => s.Contains("ProductCatalog.Load(", StringComparison.Ordinal)).ToList();
        if (loads.Count == 0)
            return;
        var parameters = Source(cells.Single(c => c["metadata"]!["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "parameters") == true));
        Assert.Matches(new Regex(@"^bool strict = false;", RegexOptions.Multiline), parameters);
        Assert.All(loads, load =>
        {
            Assert.Matches(@"ProductCatalog\.Load\([^;]*Strict = strict[^;]*\);", load);
            // The whole report (its formatter lists the skipped lines under the counts), or just those lines.
            Assert.True(load.TrimEnd().EndsWith("catalog.Report", StringComparison.Ordinal) ||
                        load.Contains("CatalogReportView.PrintSkipped(catalog.Report);", StringComparison.Ordinal), load);
        });
    }

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonNode text => text.GetValue<string>(),
        _ => "",
    };
}
