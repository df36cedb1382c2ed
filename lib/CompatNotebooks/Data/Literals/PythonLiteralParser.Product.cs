using System.Runtime.CompilerServices;
using static CompatNotebooks.Data.ProductMetadataMapper;

namespace CompatNotebooks.Data;

// The typed fast path for metadata lines: reads the known keys of a product dict straight into a
// ProductMetadataBuilder (no intermediate Dictionary/List<object?> per line, string lists built as string[]).
// It only handles the regular shape; on anything else — a duplicate key, a None where a list is expected, a
// non-string in an ASIN list, any syntax error — it gives up and the caller reruns the line through the generic
// parser + mapper, which then produce the canonical record or error. So the two paths cannot disagree.
internal ref partial struct PythonLiteralParser
{
    /// <summary>Thrown when the fast path gives up on a line (rare); never escapes the reader.</summary>
    internal sealed class GiveUp : Exception;

    [ThreadStatic] private static List<string>? _strings;
    [ThreadStatic] private static List<IReadOnlyList<string>>? _paths;
    [ThreadStatic] private static List<string>? _otherKeys; // keys outside the bit set, to catch repeats

    // Bits of the known keys already seen (a repeated key makes Python keep the last value: left to the generic path).
    private const int SeenAsin = 1, SeenTitle = 2, SeenPrice = 4, SeenImUrl = 8, SeenBrand = 16, SeenDescription = 32,
        SeenSalesRank = 64, SeenCategories = 128, SeenRelated = 256;

    /// <summary>Parses a whole line as a product dict; false (or a <see cref="PythonLiteralException"/>,
    /// <see cref="GiveUp"/> or <see cref="ProductMetadataMapper.FieldException"/>) means "use the generic path".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParseProduct(out ProductMetadata? product)
    {
        product = null;
        SkipSpace();
        if (Peek() != '{') return false;
        Enter();
        _pos++;
        var builder = new ProductMetadataBuilder();
        int seen = 0;
        var otherKeys = _otherKeys ??= new List<string>(8);
        otherKeys.Clear();
        SkipSpace();
        if (Peek() == '}') return false; // no asin: the generic path reports it
        while (true)
        {
            if (Peek() is not ('\'' or '"')) return false;
            string key = ParseStrings();
            SkipSpace();
            if (Peek() != ':') return false;
            _pos++;
            SkipSpace();
            char c = Peek();
            switch (key)
            {
                case "asin": Mark(ref seen, SeenAsin); StringField(ref builder.Asin, key, c, ref builder); break;
                case "title": Mark(ref seen, SeenTitle); StringField(ref builder.Title, key, c, ref builder); break;
                case "imUrl": Mark(ref seen, SeenImUrl); StringField(ref builder.ImageUrl, key, c, ref builder); break;
                case "brand": Mark(ref seen, SeenBrand); StringField(ref builder.Brand, key, c, ref builder); break;
                case "description":
                    Mark(ref seen, SeenDescription);
                    if (c == '[') builder.Description = string.Join("\n", ParseStringList());
                    else StringField(ref builder.Description, key, c, ref builder);
                    break;
                case "price": Mark(ref seen, SeenPrice); builder.Accept(key, ParseValue()); break;
                case "salesRank": Mark(ref seen, SeenSalesRank); builder.Accept(key, ParseValue()); break;
                case "categories":
                    Mark(ref seen, SeenCategories);
                    if (c == '[') builder.Categories = ParseCategoryPaths();
                    else builder.Accept(key, ParseValue());
                    break;
                case "related":
                    Mark(ref seen, SeenRelated);
                    if (c == '{') ParseRelated(ref builder);
                    else builder.Accept(key, ParseValue());
                    break;
                default:
                    // Unknown keys (and the JSON release's flat fields) go through the generic value + mapper.
                    MarkOther(otherKeys, key);
                    builder.Accept(key, ParseValue());
                    break;
            }
            if (AfterItem('}', typedFastPath: true)) break;
        }
        _depth--;
        SkipSpace();
        if (_pos < _text.Length) return false;
        if (builder.Asin is not { Length: > 0 } asin) return false;
        product = builder.Build(asin);
        return true;
    }

    private static void Mark(ref int seen, int bit)
    {
        if ((seen & bit) != 0) throw new GiveUp();
        seen |= bit;
    }

    /// <summary>A key outside the known set (few per line, usually none): a repeat gives up.</summary>
    private static void MarkOther(List<string> otherKeys, string key)
    {
        if (otherKeys.Contains(key)) throw new GiveUp();
        otherKeys.Add(key);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StringField(ref string? field, string key, char c, ref ProductMetadataBuilder builder)
    {
        if (c is '\'' or '"') field = ParseStrings();
        else builder.Accept(key, ParseValue()); // None, or a wrong type the mapper reports
    }

    /// <summary><c>[['a', 'b'], ['c']]</c> → string arrays.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IReadOnlyList<string>[] ParseCategoryPaths()
    {
        Enter();
        _pos++; // [
        var paths = _paths ??= new List<IReadOnlyList<string>>(8);
        paths.Clear();
        SkipSpace();
        if (Peek() == ']') { _pos++; _depth--; return []; }
        while (true)
        {
            if (Peek() != '[') throw new GiveUp();
            paths.Add(ParseStringList());
            if (AfterItem(']', typedFastPath: true)) break;
        }
        _depth--;
        var result = paths.ToArray();
        paths.Clear();
        return result;
    }

    /// <summary><c>['a', 'b']</c> → string array (only plain quoted strings; anything else gives up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string[] ParseStringList()
    {
        Enter();
        _pos++; // [
        var items = _strings ??= new List<string>(64);
        items.Clear();
        SkipSpace();
        if (Peek() == ']') { _pos++; _depth--; return []; }
        while (true)
        {
            if (Peek() is not ('\'' or '"')) throw new GiveUp();
            items.Add(ParseStrings());
            if (AfterItem(']', typedFastPath: true)) break;
        }
        _depth--;
        var result = items.ToArray();
        items.Clear();
        return result;
    }

    /// <summary>The <c>related</c> dict: the four known ASIN lists typed, anything else through the mapper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseRelated(ref ProductMetadataBuilder builder)
    {
        Enter();
        _pos++; // {
        int seen = 0;
        SkipSpace();
        if (Peek() == '}') { _pos++; _depth--; return; }
        while (true)
        {
            if (Peek() is not ('\'' or '"')) throw new GiveUp();
            string relation = ParseStrings();
            SkipSpace();
            if (Peek() != ':') throw new GiveUp();
            _pos++;
            SkipSpace();
            bool list = Peek() == '[';
            switch (relation)
            {
                case "also_bought": Mark(ref seen, 1); if (list) builder.AlsoBought = ParseStringList(); else builder.AcceptRelated(relation, ParseValue()); break;
                case "also_viewed": Mark(ref seen, 2); if (list) builder.AlsoViewed = ParseStringList(); else builder.AcceptRelated(relation, ParseValue()); break;
                case "bought_together": Mark(ref seen, 4); if (list) builder.BoughtTogether = ParseStringList(); else builder.AcceptRelated(relation, ParseValue()); break;
                case "buy_after_viewing": Mark(ref seen, 8); if (list) builder.BuyAfterViewing = ParseStringList(); else builder.AcceptRelated(relation, ParseValue()); break;
                default:
                    MarkOther(_otherKeys!, "related." + relation);
                    builder.AcceptRelated(relation, ParseValue());
                    break;
            }
            if (AfterItem('}', typedFastPath: true)) break;
        }
        _depth--;
    }
}
