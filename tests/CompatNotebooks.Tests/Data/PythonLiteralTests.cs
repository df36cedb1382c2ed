using System.Numerics;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>The safe Python-literal parser and the repr-style writer.</summary>
public class PythonLiteralTests
{
    private const string RealLine =
        "{'asin': '0006428320', 'title': 'Six Sonatas For Two Flutes Or Violins, Volume 2 (#4-6)', 'price': 17.95, " +
        "'imUrl': 'http://ecx.images-amazon.com/images/I/41EpRmh8MEL._SY300_.jpg', " +
        "'related': {'also_viewed': ['B0058DK7RA'], 'buy_after_viewing': ['B0058DK7RA']}, " +
        "'salesRank': {'Musical Instruments': 149042}, 'categories': [['Musical Instruments', 'Instrument Accessories', " +
        "'Band & Orchestra Accessories'], ['Musical Instruments']]}";

    [Fact]
    public void ParsesARealMetadataLine()
    {
        var dict = Assert.IsType<Dictionary<string, object?>>(PythonLiteral.Parse(RealLine));
        Assert.Equal("0006428320", dict["asin"]);
        Assert.Equal(17.95, dict["price"]);
        var related = Assert.IsType<Dictionary<string, object?>>(dict["related"]);
        Assert.Equal(new List<object?> { "B0058DK7RA" }, related["also_viewed"]);
        Assert.Equal(149042L, ((Dictionary<string, object?>)dict["salesRank"]!)["Musical Instruments"]);
        var categories = Assert.IsType<List<object?>>(dict["categories"]);
        Assert.Equal("Band & Orchestra Accessories", ((List<object?>)categories[0]!)[2]);
        Assert.Equal(["asin", "title", "price", "imUrl", "related", "salesRank", "categories"], dict.Keys);
    }

    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'a\\b'", "a\\b")]
    [InlineData(@"'\n\t\r\a\b\f\v'", "\n\t\r\a\b\f\v")]
    [InlineData(@"'\x41\x7e\xe9'", "A~é")]
    [InlineData(@"'\u00e9\u4e2d'", "é中")]
    [InlineData(@"'\U0001F600'", "😀")]
    [InlineData(@"'\101\0\7\377'", "A\0\a\u00ff")]
    [InlineData(@"'\1011'", "A1")]              // octal takes at most three digits
    [InlineData(@"'\d\/'", @"\d\/")]            // unknown escapes keep their backslash, as in Python
    [InlineData("'line\\\ncontinued'", "linecontinued")]
    [InlineData(@"u'unicode'", "unicode")]
    [InlineData(@"r'raw\n\''", @"raw\n\'")]
    [InlineData(@"'adjacent' ""strings"" u'join'", "adjacentstringsjoin")]
    [InlineData("'''triple 'quoted' \n text'''", "triple 'quoted' \n text")]
    [InlineData(@"'naïve café — 東京'", "naïve café — 東京")]
    [InlineData(@"'&amp; kept as written'", "&amp; kept as written")]
    [InlineData(@"''", "")]
    public void ParsesStringsWithEveryEscape(string literal, string expected) =>
        Assert.Equal(expected, PythonLiteral.Parse(literal));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-17", -17L)]
    [InlineData("+5", 5L)]
    [InlineData("- 3", -3L)]
    [InlineData("1_000_000", 1_000_000L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("0x_ff", 255L)]
    [InlineData("00", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void ParsesIntegers(string literal, long expected) => Assert.Equal(expected, PythonLiteral.Parse(literal));

    [Fact]
    public void IntegersBeyondSixtyFourBitsAreBigIntegers() =>
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), PythonLiteral.Parse("123456789012345678901234567890"));

    [Theory]
    [InlineData("3.17", 3.17)]
    [InlineData("-0.5", -0.5)]
    [InlineData("1e5", 1e5)]
    [InlineData("1E-5", 1e-5)]
    [InlineData("2.5e+3", 2500.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1_0.2_5", 10.25)]
    [InlineData("1e999", double.PositiveInfinity)]
    [InlineData("-1e999", double.NegativeInfinity)]
    public void ParsesFloats(string literal, double expected) => Assert.Equal(expected, PythonLiteral.Parse(literal));

    /// <summary>Issue 13 item 16: repr writes inf/nan, but they are names, and ast.literal_eval rejects them.</summary>
    [Theory]
    [InlineData("inf", 1)]
    [InlineData("nan", 1)]
    [InlineData("-inf", 2)]
    [InlineData("+nan", 2)]
    [InlineData("{'price': inf}", 11)]
    [InlineData("[1.0, -inf]", 8)]
    public void RejectsBareInfAndNanLikeLiteralEval(string text, int column)
    {
        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains("literal_eval", error.Problem);
    }

    [Fact]
    public void JsonKeepsInfinityAndNaN()
    {
        Assert.Equal(double.PositiveInfinity, PythonLiteral.ParseJsonOrPython("Infinity"));
        Assert.Equal(double.NegativeInfinity, PythonLiteral.ParseJsonOrPython("-Infinity"));
        Assert.True(double.IsNaN((double)PythonLiteral.ParseJsonOrPython("NaN")!));
    }

    [Fact]
    public void ParsesConstants()
    {
        Assert.Equal(true, PythonLiteral.Parse("True"));
        Assert.Equal(false, PythonLiteral.Parse(" False "));
        Assert.Null(PythonLiteral.Parse("None"));
    }

    [Fact]
    public void ParsesContainersTuplesAndNesting()
    {
        Assert.Equal(new List<object?>(), PythonLiteral.Parse("[]"));
        Assert.Equal(new List<object?>(), PythonLiteral.Parse("()"));
        Assert.Equal(new Dictionary<string, object?>(), PythonLiteral.Parse("{}"));
        Assert.Equal(new List<object?> { 1L }, PythonLiteral.Parse("(1,)"));
        Assert.Equal(1L, PythonLiteral.Parse("(1)"));                                // parentheses, not a tuple
        Assert.Equal(new List<object?> { 1L, "a", null }, PythonLiteral.Parse("(1, 'a', None,)"));
        Assert.Equal(new List<object?> { 1L, 2L }, PythonLiteral.Parse("[1, 2,]"));   // trailing comma
        var nested = (Dictionary<string, object?>)PythonLiteral.Parse("{'a': [(1, [2, {'b': ()}]), {}],\n 'c': {'d': [[]]}} # comment")!;
        var a = (List<object?>)nested["a"]!;
        var tuple = (List<object?>)a[0]!;
        Assert.Equal(1L, tuple[0]);
        Assert.Equal(new List<object?>(), ((Dictionary<string, object?>)((List<object?>)tuple[1]!)[1]!)["b"]);
        Assert.Equal("{'a': 2}", PythonLiteral.Format(PythonLiteral.Parse("{'a': 1, 'a': 2}"))); // last repeated key wins
    }

    [Theory]
    [InlineData("__import__('os').system('echo pwned')", 1, "a call of '__import__'")]
    [InlineData("{'asin': 'A', 'title': open('/etc/passwd').read()}", 24, "a call of 'open'")]
    [InlineData("{'a': eval}", 7, "the name 'eval'")]
    [InlineData("[1, 2] + [3]", 8, "unexpected '+'")]
    [InlineData("1 if True else 2", 3, "unexpected 'i'")]
    [InlineData("{1, 2}", 2, "sets are not supported")]
    [InlineData("{1: 'a'}", 2, "dict keys must be strings")]
    [InlineData("b'bytes'", 1, "bytes literals")]
    [InlineData("f'{__import__(\"os\")}'", 1, "f-strings")]
    [InlineData("3j", 1, "complex numbers")]
    [InlineData("012", 1, "leading zeros")]
    [InlineData("1__0", 1, "invalid '_'")]
    [InlineData("'unterminated", 1, "unterminated string")]
    [InlineData("'ends with backslash\\", 1, "unterminated string")]
    [InlineData(@"'\x4'", 2, @"truncated \xXX")]
    [InlineData(@"'\u12'", 2, @"truncated \uXXXX")]
    [InlineData(@"'\U00110000'", 2, "illegal Unicode")]
    [InlineData(@"'\N{DASH}'", 2, @"\N{...}")]
    [InlineData("", 1, "empty input")]
    [InlineData("[1, 2", 6, "expected ',' or ']'")]
    [InlineData("{'a' 1}", 6, "expected ':'")]
    [InlineData("--5", 2, "must be followed by a number")]
    [InlineData("true", 1, "the name 'true'")]                  // JSON words only in JSON mode
    [InlineData("1 2", 3, "after the literal")]
    [InlineData("'a'.upper()", 4, "after the literal")]
    [InlineData("0x", 1, "missing digits")]
    public void RejectsNonLiteralsWithTheColumn(string text, int column, string problem)
    {
        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Message);
        Assert.Contains($"(column {column})", error.Message);
    }

    [Fact]
    public void RejectsRunawayNesting()
    {
        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(new string('[', 10_000)));
        Assert.Contains("nesting deeper", error.Message);
    }

    [Fact]
    public void JsonModeAcceptsJsonWords()
    {
        var dict = (Dictionary<string, object?>)PythonLiteral.ParseJsonOrPython("{\"a\": true, \"b\": null, \"c\": [false, 1.5e3, \"x\\/y\\u00e9\"]}")!;
        Assert.Equal(true, dict["a"]);
        Assert.Null(dict["b"]);
        Assert.Equal(new List<object?> { false, 1500.0, "x/yé" }, dict["c"]);
    }

    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("tab\tnl\ncr\rbs\\", "'tab\\tnl\\ncr\\rbs\\\\'")]
    [InlineData("\0\u001f\u007f", "'\\x00\\x1f\\x7f'")]
    [InlineData("é中😀", "'é中😀'")]
    [InlineData("\u00a0\u200b\u2028", "'\\xa0\\u200b\\u2028'")]
    public void FormatsStringsLikePythonRepr(string value, string expected) => Assert.Equal(expected, PythonLiteral.Format(value));

    [Fact]
    public void LoneSurrogatesAreEscapedAndReadBack()
    {
        string value = "a\ud800b\udfff";
        Assert.Equal("'a\\ud800b\\udfff'", PythonLiteral.Format(value));
        Assert.Equal(value, PythonLiteral.Parse(PythonLiteral.Format(value)));
    }

    [Theory]
    [InlineData(3.17, "3.17")]
    [InlineData(100.0, "100.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.PositiveInfinity, "1e999")]
    [InlineData(double.NegativeInfinity, "-1e999")]
    public void FormatsFloatsLikePythonRepr(double value, string expected) => Assert.Equal(expected, PythonLiteral.Format(value));

    [Fact]
    public void NaNHasNoLiteralForm() => Assert.Throws<ArgumentException>(() => PythonLiteral.Format(double.NaN));

    [Fact]
    public void FormatsContainersLikePythonRepr()
    {
        var value = new Dictionary<string, object?>
        {
            ["asin"] = "B00X",
            ["price"] = 3.0,
            ["ok"] = true,
            ["none"] = null,
            ["related"] = new Dictionary<string, object?> { ["also_bought"] = new[] { "A", "B" } },
            ["rank"] = new Dictionary<string, long> { ["Toys"] = 5 },
            ["empty"] = new List<object?>(),
        };
        Assert.Equal("{'asin': 'B00X', 'price': 3.0, 'ok': True, 'none': None, 'related': {'also_bought': ['A', 'B']}, " +
                     "'rank': {'Toys': 5}, 'empty': []}", PythonLiteral.Format(value));
        Assert.Throws<ArgumentException>(() => PythonLiteral.Format(new object()));
    }

    [Fact]
    public void FormattedRealLineRoundTrips() =>
        Assert.Equal(RealLine, PythonLiteral.Format(PythonLiteral.Parse(RealLine)));
}
