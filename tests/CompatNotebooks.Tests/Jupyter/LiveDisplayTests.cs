using System.Text.Json.Nodes;
using CompatNotebooks.Plotting;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// Live displays as a Jupyter front end receives them, over the kernel's own protocol (jupyter_client, driven by
/// jupyter/live_display_check.py): every <c>update_display_data</c> must name the <c>display_id</c> of an earlier
/// <c>display_data</c>, or the front end appends a new output instead of replacing the bar or the curve.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class LiveDisplayTests
{
    private static readonly Lazy<JsonNode> Messages = new(() =>
    {
        var result = JupyterScripts.Run("live_display_check.py",
            [RepositoryPaths.Notebook("01-visual-compatibility.ipynb"), "--timeout", "300"], TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Report;
    });

    [Theory]
    [InlineData("progress", 2)]   // three reports 300 ms apart, then the completion
    [InlineData("loss_curve", 2)] // three reports: the first shows the curve, the others redraw it
    public void Updates_replace_the_display_shown_first(string cell, int minimumUpdates)
    {
        var displays = Displays(cell);
        var shown = Assert.Single(displays, d => (string?)d["type"] == "display_data");
        var id = (string?)shown["display_id"];
        Assert.False(string.IsNullOrEmpty(id));
        var updates = displays.Where(d => (string?)d["type"] == "update_display_data").ToList();
        Assert.True(updates.Count >= minimumUpdates, $"{updates.Count} updates");
        Assert.All(updates, u => Assert.Equal(id, (string?)u["display_id"]));
        Assert.All(updates, u => Assert.True((bool)u["updates_earlier_display"]!));
        Assert.All(displays, d => Assert.Contains("text/html", d["mime_types"]!.AsArray().Select(m => (string?)m)));
    }

    [Theory]
    [InlineData("loss_curve")]
    [InlineData("loss_curve_claims_bundle")]
    public void The_live_loss_curve_carries_the_plotly_figure_as_a_json_object_in_every_message(string cell)
    {
        // Jupyter front ends (JupyterLab's Plotly renderer, nbformat) read a JSON mime type as an object, not a string.
        var curve = Displays(cell).Where(d => d["mime_types"]!.AsArray().Any(m => (string?)m == ChartHtml.PlotlyMimeType)).ToList();
        Assert.Equal(3, curve.Count); // the display and two updates, one per report
        Assert.Single(curve.Select(d => (string?)d["display_id"]).Distinct());
        Assert.All(curve, d => Assert.Equal("object", (string?)d["plotly_json"]));
        var figure = Assert.IsType<JsonObject>(Messages.Value["loss_curve_plotly"]); // the last update, as received
        Assert.Equal([100.0, 200.0, 300.0], figure["data"]![0]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([1.0, 0.5, 1.0 / 3], figure["data"]![0]!["y"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public void The_plotly_js_bundle_crosses_the_protocol_once_per_claim_and_never_with_an_update()
    {
        // The first cell's output carries it; a later curve finds it claimed and sends only its few-kB chart.
        Assert.Single(Displays("setup"), d => (bool)d["carries_bundle"]!);
        Assert.DoesNotContain(Displays("loss_curve"), d => (bool)d["carries_bundle"]!);
        // With nothing carrying it yet, the curve shows it once, in an output of its own that no update replaces.
        var displays = Displays("loss_curve_claims_bundle");
        var bundle = Assert.Single(displays, d => (bool)d["carries_bundle"]!);
        Assert.Equal("display_data", (string?)bundle["type"]);
        Assert.DoesNotContain(displays, d => (string?)d["type"] == "update_display_data" && (string?)d["display_id"] == (string?)bundle["display_id"]);
        Assert.All(displays.Where(d => !(bool)d["carries_bundle"]!), d => Assert.InRange((int)d["bytes"]!, 1, 100_000));
    }

    [Fact]
    public void A_later_cell_updates_the_display_an_earlier_cell_showed()
    {
        var shown = Assert.Single(Displays("later_start"), d => (string?)d["type"] == "display_data");
        var update = Assert.Single(Displays("later_finish"));
        Assert.Equal("update_display_data", (string?)update["type"]);
        Assert.Equal((string?)shown["display_id"], (string?)update["display_id"]);
    }

    [Fact]
    public void A_chart_carries_the_offline_html_and_the_plotly_figure_json()
    {
        var result = Assert.Single(Displays("chart"), d => (string?)d["type"] == "execute_result");
        var mimeTypes = result["mime_types"]!.AsArray().Select(m => (string?)m).ToList();
        Assert.Contains("text/html", mimeTypes);
        Assert.Contains(ChartHtml.PlotlyMimeType, mimeTypes);
        // dotnet-interactive sends the JSON mime value as text; it must parse as a Plotly figure.
        var plotly = Messages.Value["plotly"]!;
        var figure = plotly is JsonObject o ? o : JsonNode.Parse((string)plotly!)!.AsObject();
        Assert.Equal("native check", (string?)figure["layout"]?["title"]?["text"]);
        Assert.Equal([0.9, 0.6, 0.4], figure["data"]![0]!["y"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public void Every_cell_ran_and_no_kernel_process_is_left()
    {
        Assert.All(Messages.Value["cells"]!.AsObject(), c => Assert.Equal("ok", (string?)c.Value!["status"]));
        Assert.Empty(Messages.Value["leftover_processes"]!.AsArray());
        Assert.False(JupyterScripts.IsRunning(Messages.Value["kernel_pid"]!.GetValue<int>()));
    }

    [Fact]
    public void The_kernel_listens_on_loopback_only()
    {
        // Its HTTP server (--http-local-only) and the ZeroMQ ports of the connection file.
        var listening = Messages.Value["listening"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.NotEmpty(listening);
        Assert.All(listening, a => Assert.True(a.StartsWith("127.", StringComparison.Ordinal) || a.StartsWith("::1:", StringComparison.Ordinal), $"listening on {a}"));
    }

    private static List<JsonNode> Displays(string cell)
    {
        var entry = Messages.Value["cells"]![cell] ?? throw new KeyNotFoundException($"no cell '{cell}' in the report");
        Assert.Equal("ok", (string?)entry["status"]);
        return entry["displays"]!.AsArray().Select(d => d!).ToList();
    }
}
