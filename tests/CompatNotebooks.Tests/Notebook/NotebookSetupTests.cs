using System.Reflection;
using System.Runtime.Loader;
using CompatNotebooks.Notebook;

namespace CompatNotebooks.Tests.Notebook;

[Collection(CompatNotebooks.Tests.Runner.NotebookCollection.Name)]
public sealed class NotebookSetupTests
{
    [Fact]
    public void Redirect_answers_any_FSharp_Core_version_with_the_loaded_one_and_nothing_else()
    {
        var loaded = typeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly;
        var asked = new AssemblyName("FSharp.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        Assert.Same(loaded, FSharpCoreRedirect.Resolve(AssemblyLoadContext.Default, asked));
        Assert.Null(FSharpCoreRedirect.Resolve(AssemblyLoadContext.Default, new AssemblyName("Plotly.NET")));
    }

    [Fact]
    public void Prepare_is_idempotent_and_reports_what_it_set_up()
    {
        var first = NotebookSetup.Prepare();
        Assert.Same(first, NotebookSetup.Prepare());
        Assert.True(FSharpCoreRedirect.IsInstalled);
        Assert.True(Directory.Exists(first.DataDirectory));
        Assert.Contains("TorchSharp:", first.Details);
        // The first cell's output: one short line, no machine paths, no native-loading story.
        Assert.DoesNotContain('\n', first.ToString());
        Assert.DoesNotContain(first.DataDirectory, first.ToString());
        Assert.DoesNotContain("TorchSharp", first.ToString());
        Assert.StartsWith("CompatNotebooks ready; data: ", first.ToString());
    }

    [Fact]
    public void Rerunning_Prepare_makes_the_next_chart_carry_plotly_js_again()
    {
        NotebookSetup.Prepare();
        var chart = CompatNotebooks.Plotting.TrainingCharts.Loss([1], [0.5]);
        Html(chart); // the notebook's first chart takes the bundle…
        Assert.DoesNotContain(CompatNotebooks.Plotting.PlotlyJs.BundleMarker, Html(chart));

        var environment = NotebookSetup.Prepare(); // …then the first cell runs again, clearing that chart's output
        Assert.Same(environment, NotebookSetup.Prepare());
        Assert.Contains(CompatNotebooks.Plotting.PlotlyJs.BundleMarker, Html(chart));
        Assert.DoesNotContain(CompatNotebooks.Plotting.PlotlyJs.BundleMarker, Html(chart));
    }

    private static string Html(object value) => Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, "text/html");

    [Fact]
    public void Progress_outside_a_kernel_is_silent_and_keeps_state()
    {
        using var progress = ProgressDisplay.Start("Counting", 4);
        progress.Report(2, "half");
        Assert.Equal(0.5, progress.State.Fraction);
        progress.Complete();
        Assert.True(progress.State.Finished);
        Assert.Contains("Counting 100 % (4/4), done", progress.State.ToString());
        Assert.Contains("<progress max=\"100\" value=\"100\"", NotebookFormatters.ProgressHtml(progress.State));
    }

    [Fact]
    public void Chart_formatter_puts_the_bundle_in_the_first_chart_only()
    {
        NotebookSetup.Prepare();
        NotebookFormatters.ResetPlotlyBundle();
        var chart = CompatNotebooks.Plotting.TrainingCharts.Loss([1], [0.5]);
        var first = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(chart, "text/html");
        var second = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(chart, "text/html");
        Assert.Contains(CompatNotebooks.Plotting.PlotlyJs.BundleMarker, first);
        Assert.DoesNotContain(CompatNotebooks.Plotting.PlotlyJs.BundleMarker, second);
        Assert.Contains("compat-chart", second);
    }
}
