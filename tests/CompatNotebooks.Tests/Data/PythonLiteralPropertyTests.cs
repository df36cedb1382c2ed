using System.Diagnostics;
using System.Numerics;
using System.Text;
using CompatNotebooks.Data;
using FsCheck;
using FsCheck.Fluent;

namespace CompatNotebooks.Tests.Data;

/// <summary>Random literal trees survive Format → Parse unchanged, and Python itself agrees with our repr.</summary>
public class PythonLiteralPropertyTests
{
    /// <summary>Any UTF-16 code unit (lone surrogates and controls included), biased towards quotes and backslashes.</summary>
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E).Select(i => (char)i)),
        (2, Gen.Elements('\'', '"', '\\', '\n', '\r', '\t', '\0', '#', '{', '}')),
        (2, Gen.Choose(0, 0xFFFF).Select(i => (char)i)));

    /// <summary>Characters whose printability every Unicode version agrees on (for comparing with Python's repr).</summary>
    private static readonly Gen<char> StableChar = Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E).Select(i => (char)i)),
        (2, Gen.Elements('\'', '"', '\\', '\n', '\r', '\t', '\0', '\u00e9', '\u00a0', '\u4e2d')),
        (2, Gen.Choose(0, 0x7FF).Select(i => (char)i)));

    private static readonly Gen<string> AnyString = Gen.ArrayOf(AnyChar).Select(chars => new string(chars));

    private static readonly Gen<object?> Scalar = MakeScalar(AnyString, finite: false);

    private static Gen<object?> MakeScalar(Gen<string> strings, bool finite) => Gen.OneOf(
        strings.Select(s => (object?)s),
        Gen.Two(Gen.Choose(int.MinValue, int.MaxValue)).Select(t => (object?)(((long)t.Item1 << 32) ^ (uint)t.Item2)),
        Gen.Choose(-1000, 1000).Select(i => (object?)(long)i),
        // Any bit pattern but NaN's: NaN has no Python literal form (repr gives the name nan, which literal_eval rejects).
        Gen.Two(Gen.Choose(int.MinValue, int.MaxValue)).Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) ^ (uint)t.Item2))
            .Select(d => (object?)(double.IsNaN(d) ? 1.5 : d)),
        Gen.Choose(-100000, 100000).Select(i => (object?)(i / 100.0)),
        Gen.Choose(1, 40).Select(e => (object?)(BigInteger.Pow(10, 19 + e) + e)),
        finite ? Gen.Elements<object?>(true, false, null, 0.0, -0.0, 1e300, 5e-324)
               : Gen.Elements<object?>(true, false, null, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0));

    /// <summary>A literal tree: containers hold at most 6 items and nesting halves the size each level, so trees stay small.</summary>
    private static Gen<object?> Literal(int size) => Literal(size, AnyString, Scalar);

    private static Gen<object?> Literal(int size, Gen<string> strings, Gen<object?> scalar) => size <= 1
        ? scalar
        : Gen.Frequency(
            (3, scalar),
            (1, Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Literal(size / 2, strings, scalar), n)).Select(items => (object?)items.ToList())),
            (1, Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Gen.Zip(strings, Literal(size / 2, strings, scalar)), n))
                .Select(pairs =>
                {
                    var dict = new Dictionary<string, object?>();
                    foreach (var (key, value) in pairs) dict[key] = value;
                    return (object?)dict;
                })));

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property FormatThenParseIsIdentity() =>
        Prop.ForAll(Arb.From(Gen.Sized(Literal)), value =>
        {
            string text = PythonLiteral.Format(value);
            return LiteralEquals(value, PythonLiteral.Parse(text)) && PythonLiteral.Format(PythonLiteral.Parse(text)) == text;
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property ParseNeverThrowsAnythingButPythonLiteralException() =>
        Prop.ForAll(Arb.From(AnyString), text =>
        {
            try { PythonLiteral.Parse(text); }
            catch (PythonLiteralException e) { return e.Column >= 1 && e.Column <= text.Length + 1; }
            return true;
        });

    /// <summary>Python's own <c>ast.literal_eval</c> must read our output and <c>repr</c> must write it back
    /// identically (finite floats — Python's repr of inf is not a literal — and long-assigned code points).</summary>
    [Fact]
    public void PythonReadsOurLiteralsAndWritesThemBackIdentically()
    {
        const string Python = "/usr/bin/python3";
        Assert.True(File.Exists(Python), "the Debian python3 this repository's benchmarks use is missing");
        var stableStrings = Gen.ArrayOf(StableChar).Select(chars => new string(chars));
        var stableScalar = MakeScalar(stableStrings, finite: true);
        var values = Gen.Sample(Gen.Sized(size => Literal(size, stableStrings, stableScalar)), 200, new Rnd(1234UL, 0x9E3779B97F4A7C15UL), 30)
            .Where(v => PythonSafe(v)).Take(180).ToList();
        Assert.True(values.Count > 150, $"only {values.Count} samples");
        var input = new StringBuilder();
        foreach (var v in values) input.Append(PythonLiteral.Format(v)).Append('\n');
        var start = new ProcessStartInfo(Python, ["-c",
            "import sys, ast\nfor line in sys.stdin.read().split('\\n')[:-1]:\n    print(repr(ast.literal_eval(line)))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        var outcome = BoundedProcess.Run(start, BoundedProcess.ShortLimit, input.ToString());
        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        var lines = outcome.StandardOutput.Split('\n')[..^1];
        Assert.Equal(values.Count, lines.Length);
        for (int i = 0; i < values.Count; i++) Assert.Equal(PythonLiteral.Format(values[i]), lines[i]);
    }

    private static bool PythonSafe(object? value) => value switch
    {
        double d => double.IsFinite(d),
        List<object?> list => list.All(PythonSafe),
        Dictionary<string, object?> dict => dict.All(kv => PythonSafe(kv.Key) && PythonSafe(kv.Value)),
        _ => true,
    };

    internal static bool LiteralEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => LiteralEquals(p.First, p.Second)),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
            x.Count == y.Count && x.Keys.SequenceEqual(y.Keys) && x.All(kv => LiteralEquals(kv.Value, y[kv.Key])),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        _ => Equals(a, b),
    };
}
