using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace CompatNotebooks.Data;

/// <summary>
/// A recursive-descent parser for the literal subset of Python expressions, written straight over a char span
/// (no regex, no tokenizer objects, one allocation per value). Nothing is ever evaluated: a name other than
/// <c>True</c>/<c>False</c>/<c>None</c>, a call, an operator, a set, bytes or an f-string is a
/// <see cref="PythonLiteralException"/>. Like Python's <c>ast.literal_eval</c>, the bare names <c>inf</c> and
/// <c>nan</c> (what <c>repr</c> writes for those floats) are rejected; <c>1e999</c> reads as infinity.
/// </summary>
/// <remarks>In JSON mode (a metadata line starting <c>{"</c>) the words <c>true</c>/<c>false</c>/<c>null</c>
/// (and json.dumps' <c>Infinity</c>/<c>NaN</c>) are accepted and <c>\/</c> means <c>/</c>, so strict JSON lines
/// parse with the same code.
/// The hot methods are marked <c>AggressiveOptimization</c> (fully optimised from the first call): a metadata file
/// is parsed once per process, so tiered JIT's slow first tier would cost about as much as the parse itself.</remarks>
internal ref partial struct PythonLiteralParser
{
    private const int MaxDepth = 200; // Python's own parser gives up at about this nesting

    private readonly ReadOnlySpan<char> _text;
    private readonly bool _json;
    private readonly StringPool? _pool;
    private int _pos;
    private int _depth;

    [ThreadStatic] private static StringBuilder? _scratch;

    public PythonLiteralParser(ReadOnlySpan<char> text, bool json, StringPool? pool)
    {
        _text = text;
        _json = json;
        _pool = pool;
    }

    /// <summary>Parses the whole text as one literal (surrounding whitespace and a trailing comment allowed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? ParseDocument()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("empty input: expected a literal");
        var value = ParseValue();
        SkipSpace();
        if (_pos < _text.Length)
            throw Error($"unexpected {Describe(_text[_pos])} after the literal (only a single literal is accepted)");
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private object? ParseValue()
    {
        if (_pos >= _text.Length) throw Error("unexpected end of input: expected a value");
        char c = _text[_pos];
        switch (c)
        {
            case '\'' or '"':
                return ParseStrings();
            case '{':
                return ParseDict();
            case '[':
                return ParseList();
            case '(':
                return ParseParenthesised();
            case '-' or '+':
                return ParseSigned();
            case >= '0' and <= '9' or '.':
                return ParseNumber(negative: false);
        }
        if (IsIdentifierStart(c)) return ParseWord();
        throw Error($"unexpected {Describe(c)}: expected a value");
    }

    // ---- containers ----

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Dictionary<string, object?> ParseDict()
    {
        Enter();
        _pos++; // {
        var dict = new Dictionary<string, object?>();
        SkipSpace();
        if (Peek() == '}') { _pos++; _depth--; return dict; }
        while (true)
        {
            int keyStart = _pos;
            var key = ParseValue();
            SkipSpace();
            char next = Peek();
            if (next != ':')
            {
                if (next is ',' or '}')
                    throw Error("sets are not supported (a '{' literal must be a dict with key: value pairs)", keyStart);
                throw Error($"expected ':' after a dict key, found {DescribeAt()}");
            }
            if (key is not string name)
                throw Error($"dict keys must be strings, found {PythonLiteral.Format(key)}", keyStart);
            _pos++;
            SkipSpace();
            dict[name] = ParseValue(); // Python keeps the last of repeated keys
            if (AfterItem('}', typedFastPath: false)) break;
        }
        _depth--;
        return dict;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<object?> ParseList()
    {
        Enter();
        _pos++; // [
        var list = new List<object?>();
        SkipSpace();
        if (Peek() == ']') { _pos++; _depth--; return list; }
        while (true)
        {
            list.Add(ParseValue());
            if (AfterItem(']', typedFastPath: false)) break;
        }
        _depth--;
        return list;
    }

    /// <summary><c>()</c> and <c>(a, ...)</c> are tuples (returned as lists); <c>(a)</c> is just <c>a</c>.</summary>
    private object? ParseParenthesised()
    {
        Enter();
        _pos++; // (
        SkipSpace();
        if (Peek() == ')') { _pos++; _depth--; return new List<object?>(); }
        var first = ParseValue();
        SkipSpace();
        if (Peek() == ')') { _pos++; _depth--; return first; }
        if (Peek() != ',') throw Error($"expected ',' or ')' in a tuple, found {DescribeAt()}");
        var tuple = new List<object?> { first };
        while (true)
        {
            _pos++; // ,
            SkipSpace();
            if (Peek() == ')') { _pos++; break; }
            tuple.Add(ParseValue());
            SkipSpace();
            if (Peek() == ')') { _pos++; break; }
            if (Peek() != ',') throw Error($"expected ',' or ')' in a tuple, found {DescribeAt()}");
        }
        _depth--;
        return tuple;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
    }

    // ---- words and numbers ----

    private object? ParseWord()
    {
        int start = _pos;
        while (_pos < _text.Length && IsIdentifierPart(_text[_pos])) _pos++;
        var word = _text[start.._pos];
        // A string prefix directly followed by a quote: u'...', r"...", and the rejected b'' / f''.
        if (_pos < _text.Length && _text[_pos] is '\'' or '"' && word.Length <= 2)
        {
            _pos = start;
            return ParseStrings();
        }
        switch (word)
        {
            case "True": return Boxes.True;
            case "False": return Boxes.False;
            case "None": return null;
            case "inf" or "nan" when !_json:
                // repr(float('inf')) writes inf, but it is a name, not a literal: ast.literal_eval rejects it too.
                throw Error($"'{word}' is a name, not a literal (Python's ast.literal_eval rejects it too; 1e999 is an infinite float literal)", start);
        }
        if (_json)
        {
            switch (word)
            {
                case "true": return Boxes.True;
                case "false": return Boxes.False;
                case "null": return null;
                case "Infinity": return Boxes.PositiveInfinity; // json.dumps(float('inf'))
                case "NaN": return Boxes.NaN;
            }
        }
        SkipSpace();
        string what = Peek() == '(' ? $"a call of '{word}'" : $"the name '{word}'";
        throw Error($"{what} is not a literal (nothing is evaluated)", start);
    }

    private object ParseSigned()
    {
        int start = _pos;
        bool negative = _text[_pos] == '-';
        _pos++;
        SkipSpace();
        char c = Peek();
        if (c is >= '0' and <= '9' or '.') return ParseNumber(negative);
        if (IsIdentifierStart(c))
        {
            int wordStart = _pos;
            var word = ParseWordValue(out bool isNumber);
            if (isNumber) return negative ? -(double)word! : word!;
            _pos = wordStart;
            int end = wordStart;
            while (end < _text.Length && IsIdentifierPart(_text[end])) end++;
            var name = _text[wordStart..end];
            if (!_json && name is "inf" or "nan")
                throw Error($"'{_text[start]}{name}' is not a literal: '{name}' is a name (Python's ast.literal_eval rejects it too; -1e999 is a negative infinite float literal)", wordStart);
        }
        throw Error($"'{_text[start]}' must be followed by a number, found {DescribeAt()}");
    }

    private object? ParseWordValue(out bool isNumber)
    {
        int start = _pos;
        while (_pos < _text.Length && IsIdentifierPart(_text[_pos])) _pos++;
        var word = _text[start.._pos];
        isNumber = true;
        if (_json && word is "Infinity") return Boxes.PositiveInfinity;
        if (_json && word is "NaN") return Boxes.NaN;
        isNumber = false;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private object ParseNumber(bool negative)
    {
        int start = _pos;
        var text = _text;
        // Prefixed integers: 0x.., 0o.., 0b..
        if (text[_pos] == '0' && _pos + 1 < text.Length && (text[_pos + 1] | 0x20) is 'x' or 'o' or 'b')
        {
            int radix = (text[_pos + 1] | 0x20) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _pos += 2;
            int digitsStart = _pos;
            while (_pos < text.Length && (IsIdentifierPart(text[_pos]))) _pos++;
            return MakeInteger(ParseRadix(text[digitsStart.._pos], radix, start), negative);
        }

        bool isFloat = false;
        ScanDigits();
        if (_pos < text.Length && text[_pos] == '.')
        {
            isFloat = true;
            _pos++;
            if (_pos < text.Length && text[_pos] is >= '0' and <= '9') ScanDigits();
        }
        if (_pos < text.Length && (text[_pos] | 0x20) == 'e')
        {
            int save = _pos;
            _pos++;
            if (_pos < text.Length && text[_pos] is '+' or '-') _pos++;
            if (_pos < text.Length && text[_pos] is >= '0' and <= '9')
            {
                isFloat = true;
                ScanDigits();
            }
            else _pos = save; // e.g. "1else" — reported below as a bad character
        }
        var literal = text[start.._pos];
        if (literal is ".") throw Error("a lone '.' is not a number", start);
        if (_pos < text.Length)
        {
            char after = text[_pos];
            if ((after | 0x20) == 'j') throw Error("complex numbers are not supported", start);
            if (IsIdentifierPart(after) || after == '.')
                throw Error($"invalid number literal '{literal}{after}'", start);
        }
        bool hasUnderscore = literal.Contains('_');
        if (hasUnderscore) CheckUnderscores(literal, start);
        ReadOnlySpan<char> digits = literal;
        if (hasUnderscore)
        {
            var cleaned = new char[literal.Length];
            int n = 0;
            foreach (char ch in literal) if (ch != '_') cleaned[n++] = ch;
            digits = cleaned.AsSpan(0, n);
        }

        if (isFloat)
        {
            if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out double d))
                throw Error($"invalid float literal '{literal}'", start);
            return negative ? -d : d;
        }
        // Python 3 forbids leading zeros in a non-zero decimal integer ("012").
        if (digits.Length > 1 && digits[0] == '0' && digits.ContainsAnyExcept('0'))
            throw Error($"leading zeros in decimal integer literal '{literal}' are not permitted", start);
        if (digits.Length <= 18)
        {
            long v = 0;
            foreach (char ch in digits) v = v * 10 + (ch - '0');
            return negative ? -v : v;
        }
        return MakeInteger(BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture), negative);
    }

    private void ScanDigits()
    {
        while (_pos < _text.Length && (_text[_pos] is >= '0' and <= '9' or '_')) _pos++;
    }

    private void CheckUnderscores(ReadOnlySpan<char> literal, int start)
    {
        for (int i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '_') continue;
            bool between = i > 0 && i < literal.Length - 1 && char.IsAsciiDigit(literal[i - 1]) && char.IsAsciiDigit(literal[i + 1]);
            if (!between) throw Error($"invalid '_' in number literal '{literal}'", start);
        }
    }

    private BigInteger ParseRadix(ReadOnlySpan<char> digits, int radix, int start)
    {
        if (digits.IsEmpty) throw Error("missing digits after the integer prefix", start);
        BigInteger value = BigInteger.Zero;
        bool previousUnderscore = false; // "0x_1" is valid Python: one underscore may follow the prefix
        foreach (char ch in digits)
        {
            if (ch == '_')
            {
                if (previousUnderscore) throw Error($"invalid '_' in number literal '{digits}'", start);
                previousUnderscore = true;
                continue;
            }
            int d = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) throw Error($"invalid digit '{ch}' in base-{radix} literal", start);
            value = value * radix + d;
            previousUnderscore = false;
        }
        if (previousUnderscore) throw Error($"invalid '_' in number literal '{digits}'", start);
        return value;
    }

    private static object MakeInteger(BigInteger value, bool negative)
    {
        if (negative) value = -value;
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    // ---- strings ----

    /// <summary>One or more adjacent string literals ('a' "b" → "ab", as Python concatenates them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string ParseStrings()
    {
        string first = ParseOneString();
        int save = _pos;
        SkipSpace();
        if (!AtStringStart()) { _pos = save; return first; }
        var sb = new StringBuilder(first);
        do
        {
            sb.Append(ParseOneString());
            save = _pos;
            SkipSpace();
        } while (AtStringStart());
        _pos = save;
        return sb.ToString();
    }

    private readonly bool AtStringStart()
    {
        if (_pos >= _text.Length) return false;
        char c = _text[_pos];
        if (c is '\'' or '"') return true;
        int i = _pos;
        while (i < _text.Length && i - _pos < 2 && char.IsAsciiLetter(_text[i])) i++;
        return i > _pos && i < _text.Length && _text[i] is '\'' or '"';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string ParseOneString()
    {
        int start = _pos;
        while (_text[_pos] is not ('\'' or '"')) _pos++;
        var prefix = _text[start.._pos];
        bool raw = prefix.Length == 1 && (prefix[0] | 0x20) == 'r';
        if (prefix.Length > 0 && !raw && !(prefix.Length == 1 && (prefix[0] | 0x20) == 'u'))
        {
            if (prefix.ContainsAny('b', 'B')) throw Error("bytes literals are not supported", start);
            if (prefix.ContainsAny('f', 'F')) throw Error("f-strings are not literals (they evaluate code)", start);
            throw Error($"unknown string prefix '{prefix}'", start);
        }
        char quote = _text[_pos];
        bool triple = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote;
        _pos += triple ? 3 : 1;
        int contentStart = _pos;

        if (!triple)
        {
            // Fast path: no backslash before the closing quote → one slice, no copying beyond the string itself.
            var rest = _text[_pos..];
            int stop = rest.IndexOfAny(quote, '\\', '\n');
            if (stop >= 0 && rest[stop] == quote)
            {
                _pos += stop + 1;
                var content = rest[..stop];
                return _pool is not null && content.Length <= StringPool.MaxLength ? _pool.Get(content) : content.ToString();
            }
        }
        return ParseStringSlow(start, contentStart, quote, triple, raw);
    }

    private string ParseStringSlow(int start, int contentStart, char quote, bool triple, bool raw)
    {
        var sb = _scratch ??= new StringBuilder(256);
        sb.Clear();
        var text = _text;
        _pos = contentStart;
        while (true)
        {
            if (_pos >= text.Length) throw Error("unterminated string literal", start);
            char c = text[_pos];
            if (c == quote)
            {
                if (!triple) { _pos++; break; }
                if (_pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote) { _pos += 3; break; }
                sb.Append(c);
                _pos++;
                continue;
            }
            if (c is '\n' or '\r' && !triple) throw Error("unterminated string literal (line break inside quotes)", start);
            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }
            // Backslash.
            if (_pos + 1 >= text.Length) throw Error("unterminated string literal (ends with a backslash)", start);
            char e = text[_pos + 1];
            if (raw)
            {
                // In raw strings a backslash escapes nothing but still keeps the next char (even a quote) inside.
                sb.Append('\\').Append(e);
                _pos += 2;
                continue;
            }
            int escapeAt = _pos;
            _pos += 2;
            switch (e)
            {
                case '\n': break; // line continuation
                case '\r':
                    if (_pos < text.Length && text[_pos] == '\n') _pos++;
                    break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                    {
                        int value = e - '0';
                        for (int k = 0; k < 2 && _pos < text.Length && text[_pos] is >= '0' and <= '7'; k++)
                            value = value * 8 + (text[_pos++] - '0');
                        sb.Append((char)value);
                        break;
                    }
                case 'x': AppendCodePoint(sb, ReadHex(2, escapeAt, "\\xXX"), escapeAt); break;
                case 'u': AppendCodePoint(sb, ReadHex(4, escapeAt, "\\uXXXX"), escapeAt); break;
                case 'U': AppendCodePoint(sb, ReadHex(8, escapeAt, "\\UXXXXXXXX"), escapeAt); break;
                case 'N': throw Error("named unicode escapes \\N{...} are not supported", escapeAt);
                case '/' when _json: sb.Append('/'); break;
                default:
                    // Python keeps unknown escapes such as "\d" as written (backslash included).
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        var result = sb.ToString();
        if (sb.Capacity > 1 << 16) _scratch = null; // don't pin a huge buffer to the thread
        return result;
    }

    private int ReadHex(int count, int escapeAt, string form)
    {
        if (_pos + count > _text.Length) throw Error($"truncated {form} escape", escapeAt);
        int value = 0;
        for (int k = 0; k < count; k++)
        {
            char h = _text[_pos + k];
            int d = h switch
            {
                >= '0' and <= '9' => h - '0',
                >= 'a' and <= 'f' => h - 'a' + 10,
                >= 'A' and <= 'F' => h - 'A' + 10,
                _ => -1,
            };
            if (d < 0) throw Error($"truncated {form} escape", escapeAt);
            value = (value << 4) | d;
        }
        _pos += count;
        return value;
    }

    private readonly void AppendCodePoint(StringBuilder sb, int codePoint, int escapeAt)
    {
        if ((uint)codePoint > 0x10FFFF) throw Error($"illegal Unicode character U+{codePoint:X} in \\U escape", escapeAt);
        if (codePoint < 0x10000) sb.Append((char)codePoint); // includes lone surrogates, which Python allows too
        else sb.Append(char.ConvertFromUtf32(codePoint));
    }

    // ---- helpers ----

    /// <summary>Skips spaces, tabs, form feeds, line breaks (inside a multi-line literal), backslash line
    /// continuations and <c>#</c> comments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SkipSpace()
    {
        var text = _text;
        while (_pos < text.Length)
        {
            char c = text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f') { _pos++; continue; }
            if (c == '\\' && _pos + 1 < text.Length && text[_pos + 1] is '\n' or '\r') { _pos += 2; continue; }
            if (c == '#')
            {
                while (_pos < text.Length && text[_pos] is not ('\n' or '\r')) _pos++;
                continue;
            }
            break;
        }
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private readonly string DescribeAt() => _pos < _text.Length ? Describe(_text[_pos]) : "end of input";

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 0x7F && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 0x7F && char.IsLetterOrDigit(c));

    private readonly PythonLiteralException Error(string problem) => new(problem, _pos + 1);

    private static PythonLiteralException Error(string problem, int position) => new(problem, position + 1);

    /// <summary>Shared boxes for the common constants (saves an allocation per True/False/inf).</summary>
    private static class Boxes
    {
        public static readonly object True = true;
        public static readonly object False = false;
        public static readonly object PositiveInfinity = double.PositiveInfinity;
        public static readonly object NaN = double.NaN;
    }

    /// <summary>
    /// After a list item or dict entry: consumes <c>,</c> (and a trailing <c>,</c> before <paramref name="close"/>) or
    /// <paramref name="close"/>; true when the container ended. Anything else is a syntax error, or, on the typed fast
    /// path, a hand-back to the generic parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool AfterItem(char close, bool typedFastPath)
    {
        SkipSpace();
        char next = Peek();
        if (next == ',')
        {
            _pos++;
            SkipSpace();
            if (Peek() != close) return false;
            _pos++;
            return true;
        }
        if (next == close) { _pos++; return true; }
        if (typedFastPath) throw new GiveUp();
        throw Error(close == ']'
            ? $"expected ',' or ']' in a list, found {DescribeAt()}"
            : $"expected ',' or '}}' in a dict, found {DescribeAt()}");
    }
}
