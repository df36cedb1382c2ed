using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace CompatNotebooks.Runner;

/// <summary>
/// The vendored KaTeX (Katex/ in this project, embedded in the assembly) as one block of HTML that typesets the
/// math of a report page offline: its stylesheet with the fonts inlined as data URIs, the script, and a call that
/// renders every element Markdig marked as math.
/// </summary>
internal static partial class KatexAssets
{
    /// <summary>The vendored KaTeX version.</summary>
    public const string Version = "0.19.1";

    /// <summary>Markdig writes inline math as <c>span.math</c> holding <c>\(…\)</c> and display math as <c>div.math</c> holding <c>\[…\]</c>.</summary>
    public const string MathClass = "math";

    // Typesets each math element in place; a formula KaTeX cannot parse is shown in red with its source (throwOnError
    // false) rather than stopping the page.
    private const string RenderScript = """
        <script>
        (function () {
          document.querySelectorAll("span.math, div.math").forEach(function (el) {
            var tex = el.textContent.trim();
            if ((tex.startsWith("\\(") && tex.endsWith("\\)")) || (tex.startsWith("\\[") && tex.endsWith("\\]")))
              tex = tex.slice(2, -2);
            katex.render(tex, el, { displayMode: el.tagName === "DIV", throwOnError: false });
          });
        })();
        </script>
        """;

    private static readonly Lazy<string> Block = new(Build);

    [GeneratedRegex("""url\(fonts/(KaTeX_[A-Za-z0-9-]+)\.woff2\) format\("woff2"\)(,url\(fonts/[^)]+\) format\("[a-z]+"\))*""")]
    private static partial Regex FontSources();

    /// <summary>True when <paramref name="html"/> holds math elements written by Markdig.</summary>
    public static bool HasMath(string html) =>
        html.Contains($"<span class=\"{MathClass}\">", StringComparison.Ordinal) || html.Contains($"<div class=\"{MathClass}\">", StringComparison.Ordinal);

    /// <summary>Style, script and render call, to be placed after the math in the page body.</summary>
    public static string Html => Block.Value;

    private static string Build()
    {
        // Only the woff2 fonts are shipped (every current browser reads them): each @font-face points at its data URI.
        var css = FontSources().Replace(Resource("katex.min.css"),
            m => $"url(data:font/woff2;base64,{Convert.ToBase64String(ResourceBytes($"fonts.{m.Groups[1].Value}.woff2"))}) format(\"woff2\")");
        if (css.Contains("url(fonts/", StringComparison.Ordinal))
            throw new InvalidOperationException("katex.min.css refers to a font that is not inlined: the vendored files do not match KatexAssets");
        var html = new StringBuilder();
        html.Append("<style data-katex=\"").Append(Version).Append("\">").Append(css).Append("</style>\n");
        // KaTeX's UMD header registers an AMD module where a page defines `define` (a front end's require.js) and
        // then never sets window.katex: hide `define`, `module` and `exports` from it.
        html.Append("<script>(function () { var define, module, exports;\n").Append(Resource("katex.min.js")).Append("\n}).call(window);</script>\n");
        html.Append(RenderScript).Append('\n');
        return html.ToString();
    }

    private static string Resource(string name) => Encoding.UTF8.GetString(ResourceBytes(name));

    private static byte[] ResourceBytes(string name)
    {
        var assembly = typeof(KatexAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream("CompatNotebooks.Runner.Katex." + name)
            ?? throw new InvalidOperationException($"embedded resource Katex/{name} is missing from {assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
