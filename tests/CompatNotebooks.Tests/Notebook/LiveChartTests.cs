using System.Text.Json;
using CompatNotebooks.Notebook;
using CompatNotebooks.Plotting;
using CompatNotebooks.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Tests.Notebook;

/// <summary>
/// Where the plotly.js bundle goes, what a live chart sends, and how a display's values become a Jupyter message's
/// data (the kernel round trip is in Jupyter/LiveDisplayTests).
/// </summary>
[Collection(CompatNotebooks.Tests.Runner.NotebookCollection.Name)]
public sealed class LiveChartTests
{
    [Fact]
    public void The_first_cells_output_carries_the_bundle_and_then_no_chart_does()
    {
        var environment = NotebookSetup.Prepare(); // resets the claim, as re-running the first cell does
        var chart = TrainingCharts.Loss([1], [0.5]);
        Assert.Contains(PlotlyJs.BundleMarker, Formatter.ToDisplayString(environment, HtmlFormatter.MimeType));
        Assert.Contains("CompatNotebooks ready; data: ", Formatter.ToDisplayString(environment, HtmlFormatter.MimeType));
        Assert.DoesNotContain(PlotlyJs.BundleMarker, Formatter.ToDisplayString(chart, HtmlFormatter.MimeType));
        Assert.DoesNotContain(PlotlyJs.BundleMarker, Formatter.ToDisplayString(environment, HtmlFormatter.MimeType));
        Assert.DoesNotContain(PlotlyJs.BundleMarker, Formatter.ToDisplayString(environment, PlainTextFormatter.MimeType));
    }

    [Fact]
    public void A_live_chart_view_offers_html_text_and_the_figure_json()
    {
        NotebookSetup.Prepare();
        var curve = new LiveLossCurve("live");
        curve.Report(new BookLoopProgress(100, 0.7, 0.69, TimeSpan.FromSeconds(1)));
        curve.Report(new BookLoopProgress(200, 0.6, 0.65, TimeSpan.FromSeconds(2)));
        var chart = curve.Chart();
        var view = new LiveChartView(ChartHtml.Fragment(chart, includePlotlyJs: false), string.Join('\n', curve.Lines), ChartHtml.FigureJson(chart));

        using var figure = JsonDocument.Parse(Formatter.ToDisplayString(view, ChartHtml.PlotlyMimeType));
        Assert.Equal([100.0, 200.0], figure.RootElement.GetProperty("data")[0].GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([0.7, 0.6], figure.RootElement.GetProperty("data")[0].GetProperty("y").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Contains("compat-chart", Formatter.ToDisplayString(view, HtmlFormatter.MimeType));
        Assert.DoesNotContain(PlotlyJs.BundleMarker, Formatter.ToDisplayString(view, HtmlFormatter.MimeType));
        Assert.Equal("iteration 200, objective = 0.6 (mean since last report 0.6500)", Formatter.ToDisplayString(view, PlainTextFormatter.MimeType).Split('\n')[^1]);
    }

    [Fact]
    public void The_bundle_view_is_the_script_element_in_html_and_one_line_in_text()
    {
        NotebookSetup.Prepare();
        Assert.Equal(PlotlyJs.ScriptElement(), Formatter.ToDisplayString(new PlotlyBundleView(), HtmlFormatter.MimeType));
        Assert.Equal($"(plotly.js {PlotlyJs.Version} for the charts below)", Formatter.ToDisplayString(new PlotlyBundleView(), PlainTextFormatter.MimeType));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/vnd.plotly.v1+json", true)]
    [InlineData("application/vnd.dataresource+json", true)]
    [InlineData("text/html", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/javascript", false)]
    [InlineData("text/x-json", false)]
    public void Json_mime_types_are_application_json_and_its_plus_json_kin(string mimeType, bool json) =>
        Assert.Equal(json, JupyterMimeBundle.IsJsonMimeType(mimeType));

    [Fact]
    public void Message_data_has_json_mime_values_as_json_and_text_as_strings()
    {
        var data = JupyterMimeBundle.Data([
            new FormattedValue(ChartHtml.PlotlyMimeType, "{\"data\":[{\"y\":[1,2]}],\"layout\":{}}"),
            new FormattedValue("text/html", "<div>{\"not\":\"parsed\"}</div>"),
            new FormattedValue("text/plain", "[1, 2]"),
        ]);
        var figure = Assert.IsType<JsonElement>(data[ChartHtml.PlotlyMimeType]);
        Assert.Equal(JsonValueKind.Object, figure.ValueKind);
        Assert.Equal(2, figure.GetProperty("data")[0].GetProperty("y")[1].GetInt32());
        Assert.Equal("<div>{\"not\":\"parsed\"}</div>", Assert.IsType<string>(data["text/html"]));
        Assert.Equal("[1, 2]", Assert.IsType<string>(data["text/plain"]));
        // What the kernel's serializer writes for it: a JSON object, not a JSON string.
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(data));
        Assert.Equal(JsonValueKind.Object, written.RootElement.GetProperty(ChartHtml.PlotlyMimeType).ValueKind);
        Assert.Equal(JsonValueKind.String, written.RootElement.GetProperty("text/html").ValueKind);
    }

    [Fact]
    public void A_json_mime_value_that_is_not_json_is_refused_with_its_mime_type_and_position()
    {
        var e = Assert.Throws<FormatException>(() => JupyterMimeBundle.Data([new FormattedValue(ChartHtml.PlotlyMimeType, "{\"data\": [1,}")]));
        Assert.Contains("the application/vnd.plotly.v1+json value is not JSON (byte 12, line 0)", e.Message);
    }

    [Fact]
    public void Outside_the_kernels_jupyter_mode_live_displays_go_through_the_kernel_events()
    {
        // No Microsoft.DotNet.Interactive.Jupyter in a test host (nor in the in-process runner): nothing is sent here.
        Assert.False(JupyterDisplayChannel.Available);
        Assert.False(JupyterDisplayChannel.TrySend(update: false, "id", [new FormattedValue("text/plain", "x")]));
    }
}
