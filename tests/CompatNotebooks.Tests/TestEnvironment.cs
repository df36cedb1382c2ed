using System.Collections;
using System.Runtime.CompilerServices;

namespace CompatNotebooks.Tests;

/// <summary>
/// Isolates the test process from the user's settings: every <c>COMPAT_*</c> variable (the README tells users to
/// export <c>COMPAT_DATA_DIR</c>) is removed before any test runs, for this process and every child it starts, so no
/// test silently reads the real data or another configuration. Tests that exercise a variable set it themselves.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>The prefix of the project's environment variables.</summary>
    public const string Prefix = "COMPAT_";

    /// <summary>The names removed at start-up (for the test that checks the isolation).</summary>
    public static IReadOnlyList<string> Removed { get; private set; } = [];

    [ModuleInitializer]
    internal static void ClearProjectVariables()
    {
        var names = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString()!)
            .Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
            Environment.SetEnvironmentVariable(name, null);
        Removed = names;
    }

    /// <summary>The project variables currently set in this process.</summary>
    public static IEnumerable<string> Current() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => e.Key.ToString()!)
            .Where(k => k.StartsWith(Prefix, StringComparison.Ordinal));
}
