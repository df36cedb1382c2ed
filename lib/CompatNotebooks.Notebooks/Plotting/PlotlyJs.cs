using System.Reflection;

namespace CompatNotebooks.Plotting;

/// <summary>
/// The plotly.js bundle that Plotly.NET ships as an embedded resource, so charts render with no network.
/// </summary>
public static class PlotlyJs
{
    private static readonly Lazy<string> Bundle = new(Load);

    /// <summary>Marker attribute on the bundle's script element, so a page can keep exactly one copy.</summary>
    public const string BundleMarker = "data-compat-plotly-bundle";

    /// <summary>The minified plotly.js source (≈ 3.6 MB).</summary>
    public static string Source => Bundle.Value;

    /// <summary>The plotly.js version of the bundle (e.g. "2.28.0").</summary>
    public static string Version { get; } = ResourceName()["Plotly.NET.plotly-".Length..^".min.js".Length];

    /// <summary>
    /// A <c>&lt;script&gt;</c> element defining <c>window.Plotly</c> from the inline bundle, unless a previous one
    /// already did. The bundle runs with <c>define</c>, <c>module</c> and <c>exports</c> hidden, because in a page
    /// that has require.js (Jupyter front ends) its UMD header would otherwise register an AMD module and never set
    /// the global the chart scripts call.
    /// </summary>
    public static string ScriptElement() =>
        $"<script type=\"text/javascript\" {BundleMarker}=\"{Version}\">if (!window.Plotly) {{ (function (define, module, exports) {{\n"
        + Source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
        + "\n}).call(window); }</script>";

    private static string ResourceName() =>
        typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));

    private static string Load()
    {
        Assembly assembly = typeof(Plotly.NET.GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName())
            ?? throw new InvalidOperationException($"plotly.js resource missing from {assembly.FullName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
