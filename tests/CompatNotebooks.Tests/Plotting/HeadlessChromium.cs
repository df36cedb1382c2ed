using System.Diagnostics;

namespace CompatNotebooks.Tests.Plotting;

/// <summary>Debian's chromium, headless and cut off from the network (installed by scripts/setup.sh).</summary>
internal static class HeadlessChromium
{
    public static string Executable { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException("chromium is not installed; run scripts/setup.sh (the browser check needs it)");

    /// <summary>The DOM after scripts ran (<c>--dump-dom</c>).</summary>
    public static string DumpDom(string htmlPath) => Run(htmlPath, "--dump-dom");

    /// <summary>Saves a PNG screenshot of the page.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width = 1200, int height = 1600) =>
        Run(htmlPath, $"--screenshot={pngPath}", $"--window-size={width},{height}");

    private static string Run(string htmlPath, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("compat-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                         $"--user-data-dir={profile.FullName}",
                         // Network off: every host name fails to resolve and any request would go to a dead proxy.
                         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                         "--virtual-time-budget=15000",
                     }.Concat(extra))
                start.ArgumentList.Add(arg);
            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish on {htmlPath}");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"chromium exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
