using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Notebook;
using CompatNotebooks.Plotting;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Notebook;

/// <summary>What the notebooks use at 1.5 M items: progress of the catalog load, elapsed-time lines for steps with no
/// progress of their own, a seeded subset of chart points, and a neighbour purity that a million points can afford.</summary>
public sealed class LargeCatalogDisplayTests
{
    [Fact]
    public void Load_catalog_shows_the_metadata_read_and_returns_the_same_catalog_as_a_plain_load()
    {
        string dir = GeneratedSample.Directory;
        using var plain = ProductCatalog.Load(dir, "Musical_Instruments", new CatalogOptions { RequireSubcategory = true });
        using var shown = Progress.LoadCatalog(dir, "Musical_Instruments", new CatalogOptions { RequireSubcategory = true });
        Assert.Equal(plain.Count, shown.Count);
        Assert.Equal(plain.Items.Select(i => i.Asin), shown.Items.Select(i => i.Asin));
        Assert.Equal(plain.Links.Length, shown.Links.Length);
    }

    [Fact]
    public void Catalog_load_progress_shows_a_bar_per_step_when_it_reports_and_finishes_them()
    {
        var progress = new CatalogLoadProgress("Musical_Instruments");
        Assert.Null(progress.StoreState);
        Assert.Null(progress.MetadataState);
        progress.Metadata.Report(new MetadataReadProgress(1_024, 2_500_000, 10_000_000, TimeSpan.FromSeconds(1)));
        Assert.Null(progress.StoreState); // no conversion reported: no bar for it
        var metadata = progress.MetadataState!;
        Assert.Equal(10, metadata.Total);  // MB
        Assert.Equal(3, metadata.Done);    // 2.5 MB, rounded up
        Assert.Contains("meta_Musical_Instruments.json.gz", metadata.Label);
        Assert.Equal("1,024 lines", metadata.Detail);
        progress.Store.Report(new FeatureStoreProgress(5_000_000, 20_000_000, TimeSpan.FromSeconds(2)));
        Assert.Equal(20, progress.StoreState!.Total);
        Assert.Contains("image_features_Musical_Instruments.b", progress.StoreState.Label);
        progress.Dispose();
        Assert.True(progress.MetadataState!.Finished);
        Assert.True(progress.StoreState!.Finished);
    }

    [Fact]
    public void Step_returns_the_result_and_shows_the_elapsed_time_only()
    {
        ProgressState? during = null;
        using var display = new ElapsedDisplay("Sampling pairs");
        during = display.State;
        Assert.StartsWith("Sampling pairs, running for ", during.ToString());
        display.Dispose();
        Assert.True(display.State.Finished);
        Assert.Matches(@"^Sampling pairs done in \d+\.\d s$", display.State.ToString());
        Assert.Equal(42, Progress.Step("answer", () => 42));
    }

    [Fact]
    public void Plot_subset_keeps_every_point_of_a_small_catalog()
    {
        var all = PlotSubset.Draw(5, 10, seed: 1);
        Assert.True(all.IsAll);
        Assert.Equal([0, 1, 2, 3, 4], all.Rows);
        Assert.Equal("all 5 points", all.ToString());
    }

    [Fact]
    public void Plot_subset_draws_distinct_increasing_rows_the_same_for_a_seed()
    {
        var first = PlotSubset.Draw(100_000, 1_000, seed: 7);
        var again = PlotSubset.Draw(100_000, 1_000, seed: 7);
        var other = PlotSubset.Draw(100_000, 1_000, seed: 8);
        Assert.Equal(1_000, first.Count);
        Assert.False(first.IsAll);
        Assert.Equal(first.Rows, again.Rows);
        Assert.NotEqual(first.Rows, other.Rows);
        Assert.True(first.Rows.Zip(first.Rows.Skip(1)).All(p => p.First < p.Second));
        Assert.InRange(first.Rows[0], 0, 99_999);
        Assert.InRange(first.Rows[^1], 0, 99_999);
        // Uniform: about a tenth of the draws in each tenth of the rows.
        Assert.All(first.Rows.GroupBy(r => r / 10_000), g => Assert.InRange(g.Count(), 60, 140));
        Assert.Equal("1,000 of 100,000 points (a random subset, seed 7)", first.ToString());
    }

    [Fact]
    public void Plot_subset_takes_the_values_of_its_rows_and_rounds_drawn_coordinates()
    {
        var subset = new PlotSubset([1, 3], 4, 1);
        Assert.Equal(["b", "d"], subset.Of(new[] { "a", "b", "c", "d" }));
        var points = new ScatterPoints([0.0, 1.234567891, 2.0, -3.000049], [10.0, 11.00004, 12.0, 13.5], ["a", "b", "c", "d"]);
        var drawn = subset.Of(points);
        Assert.Equal([1.2346, -3.0], drawn.X);
        Assert.Equal([11.0, 13.5], drawn.Y);
        Assert.Equal(["b", "d"], drawn.HoverText);
        Assert.Throws<ArgumentException>(() => subset.Of(new[] { 1, 2, 3 }));
    }

    [Fact]
    public void Neighbour_purity_equals_a_brute_force_count_of_the_k_nearest()
    {
        var random = new Random(3);
        var n = 400;
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var group = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? null : (string?)(x[i] + random.NextDouble() * 0.3 < 0.6 ? "left" : "right")).ToArray();
        var points = new ScatterPoints(x, y, Enumerable.Range(0, n).Select(i => $"{i}").ToArray());

        var measured = NeighbourPurity.Measure("side", points, group, neighbours: 5);

        var rows = Enumerable.Range(0, n).Where(i => group[i] is not null).ToArray();
        var expected = rows.Average(q => rows.Where(o => o != q)
            .OrderBy(o => (x[o] - x[q]) * (x[o] - x[q]) + (y[o] - y[q]) * (y[o] - y[q])).Take(5)
            .Count(o => group[o] == group[q]) / 5.0);
        Assert.Equal(expected, measured.Purity, 12);
        Assert.Equal(rows.Length, measured.Queries);
    }
}
