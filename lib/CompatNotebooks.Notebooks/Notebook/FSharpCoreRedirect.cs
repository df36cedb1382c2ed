using System.Reflection;
using System.Runtime.Loader;

namespace CompatNotebooks.Notebook;

/// <summary>
/// Answers requests for a newer FSharp.Core with the FSharp.Core the host has already loaded.
/// </summary>
/// <remarks>
/// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1.0.0, but the dotnet-interactive kernel that VS Code
/// (and dotnet-repl) runs ships and loads FSharp.Core 10.0.0.0, so the first chart fails with a
/// <see cref="FileNotFoundException"/>. The two are API-compatible for everything Plotly.NET calls, so handing the
/// runtime the loaded assembly is enough. Hosts that ship 10.1 themselves never raise the event for it.
/// </remarks>
public static class FSharpCoreRedirect
{
    private static int _installed;

    /// <summary>True once <see cref="Install"/> has added the handler to this process.</summary>
    public static bool IsInstalled => Volatile.Read(ref _installed) == 1;

    /// <summary>Adds the resolving handler to <see cref="AssemblyLoadContext.Default"/> (once per process).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
            AssemblyLoadContext.Default.Resolving += Resolve;
    }

    /// <summary>The handler: only FSharp.Core requests, answered with an FSharp.Core already loaded in the process.</summary>
    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, "FSharp.Core", StringComparison.OrdinalIgnoreCase))
            return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => string.Equals(a.GetName().Name, "FSharp.Core", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
