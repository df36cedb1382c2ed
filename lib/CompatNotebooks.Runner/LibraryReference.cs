using System.Text.RegularExpressions;
using CompatNotebooks.Notebook;

namespace CompatNotebooks.Runner;

/// <summary>
/// Points a notebook's <c>#r "…/CompatNotebooks.Notebooks.dll"</c> at the copy of the library this process already runs.
/// </summary>
/// <remarks>
/// The notebooks reference the library by a path relative to the notebook (right for VS Code and dotnet-repl).
/// In-process the runtime binds the cells to the CompatNotebooks assembly already loaded by the runner whatever the
/// path says, so compiling against another build of it (a stale Release folder while the tests run a Debug build)
/// could compile calls that do not exist at run time. Compiling against the loaded file keeps the two identical.
/// </remarks>
internal static partial class LibraryReference
{
    [GeneratedRegex("""^(\s*#r\s+)"[^"]*?CompatNotebooks\.Notebooks\.dll"(.*)$""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex LibraryDirective();

    /// <summary>The file the runner loaded the library from.</summary>
    public static string LoadedPath => typeof(NotebookSetup).Assembly.Location;

    /// <summary>Returns <paramref name="code"/> with library <c>#r</c> lines aimed at <see cref="LoadedPath"/>.</summary>
    public static string Rewrite(string code) =>
        LibraryDirective().Replace(code, m => $"{m.Groups[1].Value}\"{LoadedPath}\"{m.Groups[2].Value.TrimEnd('\r')}");
}
