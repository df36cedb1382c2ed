using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Plotting;
using CompatNotebooks.Runner;
using CompatNotebooks.Training;
using CompatNotebooks.Evaluation;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// Every notebook in notebooks/ runs headless through the runner on the generated sample with small parameters,
/// and what it shows is checked: charts carry their traces, tables their rows, metrics are read back from the kernel.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebooksTests
{
    private static Task<NotebookRunResult> Run(string notebook, params (string Name, string Value)[] parameters) =>
        NotebookRuns.Run(notebook, parameters);

    private static string Html(NotebookRunResult result) => string.Join("\n", result.Cells.SelectMany(c => c.HtmlOutputs));

    private static IEnumerable<string> Charts(NotebookRunResult result) =>
        result.Cells.SelectMany(c => c.HtmlOutputs).Where(h => h.Contains("class=\"compat-chart\""));

    [Fact]
    public async Task Notebook_01_trains_with_the_book_loop_and_the_fused_trainer()
    {
        var result = await Run("01-visual-compatibility.ipynb", ("bookIterations", "300"), ("reportEvery", "100"), ("epochs", "3"));

        Assert.InRange(Assert.IsType<double>(result.Variables["auc"]), 0.6, 1.0); // planted structure is learnable
        var charts = Charts(result).ToList();
        Assert.Contains(charts, c => c.Contains("objective of the sampled pair") && c.Contains("\"x\":[100.0,200.0,300.0]")); // live curve, final state
        Assert.Contains(charts, c => c.Contains("fused trainer (AUC"));
        Assert.Contains(PlotlyJs.BundleMarker, charts[0]); // the notebook's first chart carries plotly.js for offline use
        Assert.Contains("compat-progress", Html(result));
        Assert.Contains("book loop", Html(result));
    }

    [Fact]
    public async Task Notebook_02_counts_subcategories_and_builds_difficult_negatives()
    {
        var result = await Run("02-subcategories-and-hard-negatives.ipynb");

        var catalog = Assert.IsType<CompatNotebooks.Catalog.ProductCatalog>(result.Variables["catalog"]);
        Assert.All(catalog.Items, i => Assert.NotNull(i.Subcategory));
        var html = Html(result);
        Assert.Contains("left out: no metadata or no subcategory", html);
        Assert.Contains(catalog.Subcategories[0].Name, html); // counts table
        Assert.Contains(Charts(result), c => c.Contains("\"type\":\"bar\"") && c.Contains("items per subcategory"));
        var difficult = Assert.IsType<CompatNotebooks.Sampling.PairSet>(result.Variables["difficult"]);
        Assert.All(difficult.Pairs.Where(p => !p.Compatible), p => Assert.Equal(catalog.SubcategoryOf(p.Item1), catalog.SubcategoryOf(p.Item2)));
    }

    [Fact]
    public async Task Notebook_03_compares_two_models_on_two_kinds_of_negatives_held_out()
    {
        var result = await Run("03-inner-product-vs-euclidean.ipynb", ("epochs", "3"));

        var comparison = Assert.IsType<ModelComparisonResult>(result.Variables["comparison"]);
        Assert.Equal(4, comparison.Runs.Count);
        Assert.Equal([CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct], comparison.Runs.Select(r => r.Model).Distinct().Order());
        Assert.All(comparison.Runs, r => Assert.InRange(r.Auc, 0.5, 1.0));
        // Random negatives are the easier test for both models.
        foreach (var model in new[] { CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct })
            Assert.True(comparison[model, NegativeSampling.Random].Auc > comparison[model, NegativeSampling.SameSubcategory].Auc);
        var html = Html(result);
        Assert.Contains("model (accuracy / AUC)", html); // the 2 × 2 grid: models as rows, negatives as columns
        Assert.Contains($"{comparison[CompatibilityKind.InnerProduct, NegativeSampling.SameSubcategory].Accuracy:0.000} / {comparison[CompatibilityKind.InnerProduct, NegativeSampling.SameSubcategory].Auc:0.000}", html);
        var charts = Charts(result).ToList();
        Assert.Contains(charts, c => c.Contains("held-out AUC") && c.Contains("\"type\":\"bar\""));
        Assert.Contains(charts, c => c.Contains("InnerProduct, difficult negatives (AUC"));
        Assert.Contains("perfect predictor", html);
    }

    [Fact]
    public async Task Notebook_04_embeds_every_item_and_plots_three_colourings()
    {
        var result = await NotebookRuns.StyleSpaceTsne(); // shared with the browser check of its HTML report

        var embedding = Assert.IsType<CompatNotebooks.Embedding.TSneResult>(result.Variables["embedding"]);
        var catalog = Assert.IsType<CompatNotebooks.Catalog.ProductCatalog>(result.Variables["catalog"]);
        Assert.Equal(catalog.Count, embedding.Count);
        var charts = Charts(result).ToList();
        Assert.Equal(4, charts.Count);
        Assert.Contains(charts, c => c.Contains("\"showscale\":true") && c.Contains("coloured by price"));
        Assert.Contains(charts, c => c.Contains("top 10 brands") && c.Contains("\"name\":\"other ("));
        Assert.Contains(charts, c => c.Contains(catalog[0].DisplayTitle!.Replace("\"", "\\\""))); // hover text = titles
    }

    [Fact]
    public async Task Notebook_05_recommends_and_beats_random_on_held_out_links()
    {
        var result = await Run("05-compatible-item-recommendations.ipynb", ("epochs", "3"), ("hitRateLinks", "150"));

        var hits = Assert.IsType<CompatNotebooks.Recommendation.HitRate>(result.Variables["modelHits"]);
        Assert.Equal(150, hits.Queries);
        Assert.True(hits.Rate > 5 * hits.RandomRate, $"hit rate {hits.Rate} vs random {hits.RandomRate}");
        var html = Html(result);
        Assert.Contains("Most compatible (InnerProduct model)", html);
        Assert.Contains("Nearest in raw image features", html);
        // Both evaluations move their own bar, one step per held-out link.
        Assert.Contains("InnerProduct model: ranking the catalog per held-out link 100 % (150/150), done", html);
        Assert.Contains("Raw-feature cosine: ranking the catalog per held-out link 100 % (150/150), done", html);
        Assert.Contains(Charts(result), c => c.Contains("links found"));
    }
}
