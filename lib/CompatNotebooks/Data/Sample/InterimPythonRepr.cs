using System.Globalization;
using System.Text;

namespace CompatNotebooks.Data.Sample;

/// <summary>
/// Interim Python-literal writer used by the sample generator until the data layer's <c>PythonLiteral.Format</c>
/// is merged (then this file is deleted and the generator calls that one writer).
/// </summary>
internal static class InterimPythonRepr
{
    public static string Format(object? value)
    {
        var sb = new StringBuilder(256);
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("None"); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case string s: WriteString(sb, s); break;
            case long or int: sb.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                string text = d.ToString("R", CultureInfo.InvariantCulture);
                sb.Append(text);
                if (!text.Contains('.') && !text.Contains('E')) sb.Append(".0");
                break;
            case IEnumerable<KeyValuePair<string, object?>> dict:
                sb.Append('{');
                bool first = true;
                foreach (var (k, v) in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, k);
                    sb.Append(": ");
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                bool head = true;
                foreach (var item in list)
                {
                    if (!head) sb.Append(", ");
                    head = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            default: throw new ArgumentException($"No Python literal for {value.GetType()}.");
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        sb.Append(quote);
    }
}
