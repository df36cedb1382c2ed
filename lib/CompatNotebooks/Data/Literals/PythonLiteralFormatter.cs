using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace CompatNotebooks.Data;

/// <summary>Writes values the way Python's <c>repr</c> does, so the output reads back with <c>eval</c>,
/// <c>ast.literal_eval</c> or <see cref="PythonLiteral.Parse(string)"/> to the same value.</summary>
internal static class PythonLiteralFormatter
{
    public static void Write(StringBuilder sb, object? value, int depth = 0)
    {
        if (depth > 200) throw new ArgumentException("Value nested deeper than 200 levels (or cyclic).", nameof(value));
        switch (value)
        {
            case null: sb.Append("None"); break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case string s: WriteString(sb, s); break;
            case char c: WriteString(sb, c.ToString()); break;
            case long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger:
                sb.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)); break;
            case double d: WriteFloat(sb, d); break;
            case float f: WriteFloat(sb, f); break;
            case decimal m: WriteFloat(sb, (double)m); break;
            case IDictionary dict:
                {
                    sb.Append('{');
                    bool first = true;
                    foreach (DictionaryEntry entry in dict)
                    {
                        if (!first) sb.Append(", ");
                        first = false;
                        Write(sb, entry.Key, depth + 1);
                        sb.Append(": ");
                        Write(sb, entry.Value, depth + 1);
                    }
                    sb.Append('}');
                    break;
                }
            case IEnumerable items:
                {
                    sb.Append('[');
                    bool first = true;
                    foreach (var item in items)
                    {
                        if (!first) sb.Append(", ");
                        first = false;
                        Write(sb, item, depth + 1);
                    }
                    sb.Append(']');
                    break;
                }
            default:
                throw new ArgumentException($"{value.GetType()} has no Python literal form.", nameof(value));
        }
    }

    /// <summary>Python 3's <c>repr(str)</c>: single quotes unless the text holds a ' and no ", escapes for the
    /// quote, backslash, \t \n \r, other control characters as \xNN, and non-printable non-ASCII as \x/\u/\U;
    /// printable non-ASCII is written as is.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote || c == '\\') { sb.Append('\\').Append(c); continue; }
            if (c == '\t') { sb.Append("\\t"); continue; }
            if (c == '\n') { sb.Append("\\n"); continue; }
            if (c == '\r') { sb.Append("\\r"); continue; }
            if (c < ' ' || c == 0x7F) { sb.Append("\\x").Append(((int)c).ToString("x2")); continue; }
            if (c < 0x7F) { sb.Append(c); continue; }
            int codePoint = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, s[i + 1]);
                width = 2;
            }
            if (IsPrintable(codePoint)) sb.Append(s, i, width);
            else if (codePoint <= 0xFF) sb.Append("\\x").Append(codePoint.ToString("x2"));
            else if (codePoint <= 0xFFFF) sb.Append("\\u").Append(codePoint.ToString("x4"));
            else sb.Append("\\U").Append(codePoint.ToString("x8"));
            i += width - 1;
        }
        sb.Append(quote);
    }

    /// <summary>Python's printable: everything but categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than space.</summary>
    private static bool IsPrintable(int codePoint)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF) return false; // lone surrogate
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that round-trip, in positional notation when
    /// the decimal exponent is in [-4, 16), otherwise as d.ddde±XX; always with a '.' or an exponent;
    /// infinities as <c>1e999</c> / <c>-1e999</c> (repr's <c>inf</c> is a name that <c>ast.literal_eval</c> rejects;
    /// these literals read back as infinity). NaN has no literal form and is an <see cref="ArgumentException"/>.</summary>
    public static void WriteFloat(StringBuilder sb, double d)
    {
        if (double.IsNaN(d)) throw new ArgumentException("NaN has no Python literal form (repr's nan is a name that ast.literal_eval rejects).");
        if (double.IsInfinity(d)) { sb.Append(d > 0 ? "1e999" : "-1e999"); return; }
        if (double.IsNegative(d)) sb.Append('-');
        d = Math.Abs(d);
        if (d == 0) { sb.Append("0.0"); return; }
        // .NET's "R" gives the shortest round-trip digits; take them apart into digits and a decimal exponent.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        int ePos = shortest.IndexOfAny(['E', 'e']);
        string mantissa = ePos < 0 ? shortest : shortest[..ePos];
        int exponent = ePos < 0 ? 0 : int.Parse(shortest.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointAt = (dot < 0 ? mantissa.Length : dot) + exponent; // digits[0..pointAt] are the integer part
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointAt--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int decimalExponent = pointAt - 1; // value = d.ddd × 10^decimalExponent
        if (decimalExponent is >= -4 and < 16)
        {
            if (pointAt <= 0) sb.Append("0.").Append('0', -pointAt).Append(digits);
            else if (pointAt >= digits.Length) sb.Append(digits).Append('0', pointAt - digits.Length).Append(".0");
            else sb.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(decimalExponent < 0 ? '-' : '+').Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
        }
    }
}
