using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompatNotebooks.Runner;

/// <summary>
/// Papermill-style parameters for C# notebooks: reads the variables the <c>parameters</c> cell declares (and their
/// types) and writes the cell that assigns new values, each formatted as a C# literal of the declared type.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag marking the cell whose variables can be set from the command line.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the runner inserts after it.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>
    /// Top-level variables declared in <paramref name="parametersCell"/>, name → C# type keyword (<c>int</c>,
    /// <c>double</c>, <c>string</c>…). <c>var</c> declarations take the type of their literal initializer; other
    /// <c>var</c> initializers map to null (the type cannot be known without compiling).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DeclaredTypes(string parametersCell)
    {
        var tree = CSharpSyntaxTree.ParseText(parametersCell, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            // Only top-level script variables: not locals inside lambdas or methods.
            if (declaration.Parent is not (LocalDeclarationStatementSyntax { Parent: GlobalStatementSyntax } or FieldDeclarationSyntax))
                continue;
            foreach (var variable in declaration.Variables)
            {
                types[variable.Identifier.Text] = declaration.Type.IsVar
                    ? LiteralType(variable.Initializer?.Value)
                    : declaration.Type.ToString();
            }
        }
        return types;
    }

    /// <summary>
    /// The source of the injected cell: one assignment per parameter, values typed after the declarations in
    /// <paramref name="parametersCell"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is not declared there, its type is unknown, or the value
    /// does not parse as that type.</exception>
    public static string InjectedCell(string parametersCell, IReadOnlyDictionary<string, string> values)
    {
        var declared = DeclaredTypes(parametersCell);
        var lines = new List<string> { "// Parameters set by `compat-notebooks run -p name=value`." };
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetValue(name, out var type))
                throw new ArgumentException(
                    $"parameter '{name}' is not declared in the parameters cell (declared: {string.Join(", ", declared.Keys.Order())})");
            if (type is null)
                throw new ArgumentException(
                    $"parameter '{name}': its type cannot be read from a `var` declaration without a literal; declare it with an explicit type");
            lines.Add($"{name} = {Literal(type, value, name)};");
        }
        return string.Join('\n', lines);
    }

    /// <summary>Formats <paramref name="value"/> as a C# literal of type <paramref name="type"/>.</summary>
    public static string Literal(string type, string value, string name = "value")
    {
        var bare = type.TrimEnd('?');
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            return bare switch
            {
                "string" or "String" or "System.String" => SymbolDisplay.FormatLiteral(value, quote: true),
                "int" or "Int32" => int.Parse(value, NumberStyles.Integer, invariant).ToString(invariant),
                "long" or "Int64" => long.Parse(value, NumberStyles.Integer, invariant).ToString(invariant) + "L",
                "uint" or "UInt32" => uint.Parse(value, NumberStyles.Integer, invariant).ToString(invariant) + "u",
                "ulong" or "UInt64" => ulong.Parse(value, NumberStyles.Integer, invariant).ToString(invariant) + "UL",
                "double" or "Double" => DoubleLiteral(double.Parse(value, NumberStyles.Float, invariant)),
                "float" or "Single" => FloatLiteral(float.Parse(value, NumberStyles.Float, invariant)),
                "decimal" or "Decimal" => decimal.Parse(value, NumberStyles.Float, invariant).ToString(invariant) + "m",
                "bool" or "Boolean" => bool.Parse(value) ? "true" : "false",
                _ => throw new ArgumentException($"parameter '{name}': type `{type}` cannot be set from the command line (use string, bool, int, long, uint, ulong, float, double or decimal)"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"parameter '{name}': '{value}' is not a valid {type}", e);
        }
    }

    private static string DoubleLiteral(double d)
    {
        if (double.IsNaN(d))
            return "double.NaN";
        if (double.IsInfinity(d))
            return d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    // NaN and the infinities have no literal: "NaNf" would not compile, so they are named by their constants.
    private static string FloatLiteral(float f)
    {
        if (float.IsNaN(f))
            return "float.NaN";
        if (float.IsInfinity(f))
            return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        return f.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    private static string? LiteralType(ExpressionSyntax? initializer)
    {
        if (initializer is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negative)
            initializer = negative.Operand;
        if (initializer is not LiteralExpressionSyntax literal)
            return null;
        return literal.Kind() switch
        {
            SyntaxKind.StringLiteralExpression => "string",
            SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression => "bool",
            SyntaxKind.NumericLiteralExpression => literal.Token.Value switch
            {
                int => "int",
                long => "long",
                uint => "uint",
                ulong => "ulong",
                float => "float",
                double => "double",
                decimal => "decimal",
                _ => null,
            },
            _ => null,
        };
    }
}
