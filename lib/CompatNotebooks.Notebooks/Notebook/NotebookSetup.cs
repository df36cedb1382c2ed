using System.Runtime.CompilerServices;
using CompatNotebooks.Data;
using CompatNotebooks.Interop;
using CompatNotebooks.Location;

namespace CompatNotebooks.Notebook;

/// <summary>
/// The one call every notebook's first cell makes. Idempotent: re-running the cell sets nothing up again, except that
/// its output (or, if it is not shown, the next chart) carries plotly.js once more (the re-run replaced the output that
/// held it).
/// </summary>
public static class NotebookSetup
{
    private static readonly object Gate = new();
    private static NotebookEnvironment? _prepared;

    /// <summary>
    /// Makes the process ready for the notebooks: installs the FSharp.Core redirect (needed by Plotly.NET 6 in the
    /// VS Code kernel), registers the chart/progress/table formatters, loads TorchSharp's native library (with the
    /// GLIBCXX fix where the system needs it) and makes sure the sample data exists.
    /// </summary>
    /// <returns>What was set up, for the first cell to show.</returns>
    public static NotebookEnvironment Prepare()
    {
        // Before anything touches a Plotly.NET type: that is when FSharp.Core 10.1 is first requested.
        FSharpCoreRedirect.Install();
        lock (Gate)
        {
            if (_prepared is not null)
            {
                // A front end replaces a cell's output when it re-runs; this cell's output carries the inlined
                // plotly.js (NotebookFormatters.EnvironmentHtml), so the new output must carry it again, or charts
                // drawn from the saved notebook would find no window.Plotly and fall back to a CDN (nothing offline).
                ResetPlotlyBundle();
                return _prepared;
            }
            RegisterFormatters();
            var torch = TorchNative.EnsureLoaded();
            var data = DataLocation.Resolve();
            _prepared = Describe(torch, data);
            return _prepared;
        }
    }

    // Separate, non-inlined methods: JIT-compiling them may load Plotly.NET/FSharp.Core, which must happen only
    // after the redirect above is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterFormatters()
    {
        NotebookFormatters.Register();
        ResetPlotlyBundle();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ResetPlotlyBundle() => NotebookFormatters.ResetPlotlyBundle();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NotebookEnvironment Describe(TorchNativeStatus torch, string dataDirectory)
    {
        var fsharp = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == "FSharp.Core")?.GetName().Version?.ToString() ?? "not loaded";
        return new NotebookEnvironment(
            Environment.Version.ToString(),
            fsharp,
            FSharpCoreRedirect.IsInstalled,
            torch.Reason,
            dataDirectory,
            Directory.GetCurrentDirectory());
    }
}

/// <summary>What <see cref="NotebookSetup.Prepare"/> set up.</summary>
/// <param name="Runtime">.NET runtime version.</param>
/// <param name="FSharpCore">Version of the FSharp.Core the host loaded.</param>
/// <param name="FSharpCoreRedirect">True when the FSharp.Core redirect is installed.</param>
/// <param name="TorchNative">How TorchSharp's native library was loaded (and why).</param>
/// <param name="DataDirectory">The default data folder: <c>$COMPAT_DATA_DIR</c>, else the generated sample.</param>
/// <param name="WorkingDirectory">The kernel's working directory (the notebook's folder).</param>
public sealed record NotebookEnvironment(string Runtime, string FSharpCore, bool FSharpCoreRedirect, string TorchNative, string DataDirectory, string WorkingDirectory)
{
    /// <summary>Which data the notebooks read by default, without machine paths: the environment variable or the sample.
    /// Said with its exception, since this line is printed before the parameters cell (where dataDir may be set) runs.</summary>
    public string DataSource =>
        Environment.GetEnvironmentVariable(DataLocation.EnvironmentVariable) is { Length: > 0 }
            ? $"the folder in ${DataLocation.EnvironmentVariable} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(DataDirectory))}), unless the dataDir parameter names another"
            : "the generated sample, unless the dataDir parameter (or " + DataLocation.EnvironmentVariable + ") names a folder";

    /// <summary>Everything that was set up, paths and the TorchSharp loading story included (for troubleshooting).</summary>
    public string Details =>
        $".NET {Runtime}, FSharp.Core {FSharpCore}{(FSharpCoreRedirect ? " (redirect installed)" : "")}\n" +
        $"TorchSharp: {TorchNative}\n" +
        $"data: {DataDirectory}\n" +
        $"working directory: {WorkingDirectory}";

    /// <summary>The first cell's one line: the library is ready, and which data it reads.</summary>
    public override string ToString() => $"CompatNotebooks ready; data: {DataSource}.";
}
