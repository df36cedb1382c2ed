using System.Text.RegularExpressions;
using CompatNotebooks.Catalog;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Plotting;
using CompatNotebooks.Runner;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

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

    /// <summary>The first cell shows one short line: the library is ready and which data it reads, no machine paths.</summary>
    private static void AssertShortFirstCellOutput(NotebookRunResult result)
    {
        var first = string.Join("\n", result.Cells[0].HtmlOutputs.Where(h => h.Contains("CompatNotebooks ready")));
        Assert.Contains("CompatNotebooks ready; data: ", first);
        Assert.DoesNotContain(RepositoryPaths.Root, first);
        Assert.DoesNotContain("GLIBCXX", first);
        Assert.DoesNotContain("TorchSharp", first);
        Assert.DoesNotContain(RepositoryPaths.Root, Html(result).Replace(RepositoryPaths.Root + "/notebooks", "")); // no paths in any output
    }

    private static float MaxDifference(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) =>
        (a.detach() - b.detach()).abs().max().item<float>();

    [Fact]
    public async Task Notebook_01_trains_with_the_book_loop_and_the_fused_trainer()
    {
        var result = await NotebookRuns.VisualCompatibility(); // shared with the browser check of its equations

        Assert.InRange(Assert.IsType<double>(result.Variables["auc"]), 0.6, 1.0); // planted structure is learnable
        var charts = Charts(result).ToList();
        Assert.Contains(charts, c => c.Contains("objective of the sampled pair") && c.Contains("\"x\":[100.0,200.0,300.0]")); // live curve, final state
        Assert.Contains(charts, c => c.Contains("fused trainer (AUC"));
        // The first cell's output carries plotly.js for offline use (NotebookFormatters.EnvironmentHtml), no chart does.
        Assert.Contains(result.Cells[0].HtmlOutputs, h => h.Contains(PlotlyJs.BundleMarker));
        Assert.DoesNotContain(charts, c => c.Contains(PlotlyJs.BundleMarker));
        var html = Html(result);
        Assert.Contains("compat-progress", html);
        Assert.Contains("book loop, 300 steps", html);
        Assert.Contains("<td style=\"text-align:left\">untrained</td>", html); // what training bought
        AssertShortFirstCellOutput(result);
    }

    [Fact]
    public async Task Notebook_01_model_and_loop_cells_reach_the_same_parameters_as_the_library()
    {
        var result = await Run("01-visual-compatibility.ipynb", ("bookIterations", "200"), ("reportEvery", "50"), ("epochs", "1"));
        var catalog = Assert.IsType<ProductCatalog>(result.Variables["catalog"]);
        var train = Assert.IsType<PairSet>(result.Variables["train"]);
        var (styleDim, seed) = ((int)result.Variables["styleDim"]!, (int)result.Variables["seed"]!);
        var cell = result.Variables["bookModel"]!; // the EuclideanModel class written in the notebook
        TorchSharp.torch.Tensor Cell(string field) => (TorchSharp.torch.Tensor)cell.GetType().GetField(field)!.GetValue(cell)!;

        using var initial = new EuclideanCompatibility(catalog.Features.Dimension, styleDim, seed);
        using var library = new EuclideanCompatibility(catalog.Features.Dimension, styleDim, seed);
        // The cell is the book's loop: c starts at 0 and shares the projections' step size.
        var asTheBook = new BookLoopOptions { Iterations = 200, ReportEvery = 50, Seed = seed, InitializeBias = false, BiasLearningRate = 1e-5 };
        BookLoop.Run(library, catalog.Features, train.Pairs, asTheBook);

        // Same seed, same 200 one-pair Adam steps: the same E1, E2 and c to float tolerance…
        Assert.True(MaxDifference(library.Projection1, Cell("E1")) < 1e-6f, $"E1 differs by {MaxDifference(library.Projection1, Cell("E1"))}");
        Assert.True(MaxDifference(library.Projection2, Cell("E2")) < 1e-6f, $"E2 differs by {MaxDifference(library.Projection2, Cell("E2"))}");
        Assert.True(MaxDifference(library.Bias, Cell("c")) < 1e-6f, $"c differs by {MaxDifference(library.Bias, Cell("c"))}");
        // …while the steps moved them by far more than that…
        Assert.True(MaxDifference(initial.Projection1, Cell("E1")) > 1e-4f);
        Assert.True(MaxDifference(initial.Bias, Cell("c")) > 1e-6f, $"c moved by {MaxDifference(initial.Bias, Cell("c"))}");
        // …and the same loop with other pair draws ends elsewhere, so the match above is no accident.
        using var otherDraws = new EuclideanCompatibility(catalog.Features.Dimension, styleDim, seed);
        BookLoop.Run(otherDraws, catalog.Features, train.Pairs, asTheBook with { Seed = seed + 1 });
        Assert.True(MaxDifference(otherDraws.Projection1, Cell("E1")) > 1e-5f);
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
        // The inner-product module written in the notebook gives the library's logits.
        Assert.Equal(0f, Assert.IsType<float>(result.Variables["logitDifference"]), 6);
        Assert.Contains("threshold keeps up", html);
        AssertShortFirstCellOutput(result);
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
        // Every subcategory in its own colour, the price on a log scale, the neighbour purity computed.
        var all = Assert.Single(charts, c => c.Contains($"all {catalog.Subcategories.Count} subcategories"));
        var colours = Regex.Matches(all, "\"marker\":\\{[^}]*?\"color\":\"(#[0-9A-Fa-f]{6}|lightgrey)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(catalog.Subcategories.Count, colours.Count);
        Assert.Equal(catalog.Subcategories.Count, colours.Distinct().Count());
        Assert.Contains(charts, c => c.Contains("price (log scale)"));
        var purity = Assert.IsType<NeighbourPurity[]>(result.Variables["purity"]);
        Assert.Equal(["subcategory", "brand"], purity.Select(p => p.Grouping));
        AssertShortFirstCellOutput(result);
    }

    [Fact]
    public async Task Notebook_04_with_another_category_plots_its_three_largest_subcategories()
    {
        var result = await Run("04-style-space-tsne.ipynb", ("category", "Baby"), ("epochs", "1"), ("tsneIterations", "250"));

        var catalog = Assert.IsType<ProductCatalog>(result.Variables["catalog"]);
        var three = catalog.Subcategories.Take(3).Select(s => s.Name).ToArray();
        Assert.Equal(three, Assert.IsType<string[]>(result.Variables["three"]));
        Assert.Contains(Charts(result), c => c.Contains($"\"name\":\"{three[2]}\"") || c.Contains($"\"name\":\"{three[2].Replace("&", "\\u0026")}\""));
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
        Assert.DoesNotContain("<img", html); // the generated sample's image URLs are invented: no image column
        AssertShortFirstCellOutput(result);
    }
}
