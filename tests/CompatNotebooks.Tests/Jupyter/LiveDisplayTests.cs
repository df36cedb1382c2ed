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
