using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A display's formatted values as the <c>data</c> of a Jupyter message: text mime types as strings, JSON mime types
/// (<c>application/json</c>, <c>application/*+json</c> such as <c>application/vnd.plotly.v1+json</c>) as JSON values.
/// </summary>
/// <remarks>
/// The Jupyter protocol and nbformat carry a JSON mime type as JSON, and a renderer written for one reads the value as
/// the object it describes (a Plotly renderer hands it to plotly.js as the figure); VS Code's Jupyter extension takes
/// either form (it passes a string on as the JSON text and stringifies an object). The pinned kernel
/// (dotnet-interactive 1.0.712001) keeps only <c>application/json</c> as JSON and sends every other formatted value,
/// <c>application/vnd.plotly.v1+json</c> included, as a string.
/// </remarks>
public static class JupyterMimeBundle
{
    /// <summary>True for <c>application/json</c> and <c>application/…+json</c>.</summary>
    public static bool IsJsonMimeType(string mimeType) =>
        mimeType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
        && (mimeType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mimeType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Mime type → value: JSON mime types parsed (a <see cref="JsonElement"/>), others as the formatted text.
    /// </summary>
    /// <exception cref="FormatException">A JSON mime type's value is not JSON (names the mime type and the byte offset).</exception>
    public static Dictionary<string, object> Data(IEnumerable<FormattedValue> values)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var value in values)
            data[value.MimeType] = IsJsonMimeType(value.MimeType) ? Parse(value) : value.Value;
        return data;
    }

    private static JsonElement Parse(FormattedValue value)
    {
        try
        {
            using var document = JsonDocument.Parse(value.Value);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"the {value.MimeType} value is not JSON (byte {e.BytePositionInLine}, line {e.LineNumber}): {e.Message}", e);
        }
    }
}
