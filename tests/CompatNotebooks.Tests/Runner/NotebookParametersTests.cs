using CompatNotebooks.Runner;

namespace CompatNotebooks.Tests.Runner;

public sealed class NotebookParametersTests
{
    private const string Cell = """
        string dataDir = "";          // a comment
        var category = "Baby";
        var epochs = 3;
        var seed = 42L;
        var learningRate = 1e-3;
        float margin = 0.5f;
        bool hardNegatives = false;
        var started = DateTime.Now;
        Func<int, int> twice = x => { var local = 2; return local * x; };
        """;

    [Fact]
    public void Declared_types_come_from_explicit_types_and_literal_initializers()
    {
        var types = NotebookParameters.DeclaredTypes(Cell);
        Assert.Equal("string", types["dataDir"]);
        Assert.Equal("string", types["category"]);
        Assert.Equal("int", types["epochs"]);
        Assert.Equal("long", types["seed"]);
        Assert.Equal("double", types["learningRate"]);
        Assert.Equal("float", types["margin"]);
        Assert.Equal("bool", types["hardNegatives"]);
        Assert.Null(types["started"]);
        Assert.False(types.ContainsKey("local")); // inside a lambda, not a parameter
    }

    [Fact]
    public void Injected_cell_assigns_typed_literals()
    {
        var code = NotebookParameters.InjectedCell(Cell, new Dictionary<string, string>
        {
            ["dataDir"] = @"C:\data ""real""",
            ["epochs"] = "10",
            ["seed"] = "7",
            ["learningRate"] = "0.5",
            ["margin"] = "2",
            ["hardNegatives"] = "True",
        });
        Assert.Contains("dataDir = \"C:\\\\data \\\"real\\\"\";", code);
        Assert.Contains("epochs = 10;", code);
        Assert.Contains("seed = 7L;", code);
        Assert.Contains("learningRate = 0.5;", code);
        Assert.Contains("margin = 2f;", code);
        Assert.Contains("hardNegatives = true;", code);
    }

    [Theory]
    [InlineData("epochs", "ten", "not a valid int")]
    [InlineData("nope", "1", "'nope' is not declared")]
    [InlineData("started", "now", "cannot be read from a `var` declaration")]
    [InlineData("hardNegatives", "yes", "not a valid bool")]
    [InlineData("margin", "NaNf", "not a valid float")]
    public void Bad_parameters_are_reported_by_name(string name, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => NotebookParameters.InjectedCell(Cell, new Dictionary<string, string> { [name] = value }));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("double", "3", "3.0")]
    [InlineData("double", "-1.25e-5", "-1.25E-05")]
    [InlineData("int", "-4", "-4")]
    [InlineData("decimal", "1.5", "1.5m")]
    [InlineData("string?", "a\nb", "\"a\\nb\"")]
    [InlineData("float", "NaN", "float.NaN")]
    [InlineData("float", "Infinity", "float.PositiveInfinity")]
    [InlineData("float?", "-Infinity", "float.NegativeInfinity")]
    [InlineData("float", "2.5", "2.5f")]
    [InlineData("double", "NaN", "double.NaN")]
    [InlineData("double", "-Infinity", "double.NegativeInfinity")]
    public void Literals_are_valid_csharp(string type, string value, string expected) =>
        Assert.Equal(expected, NotebookParameters.Literal(type, value));

    [Fact]
    public void Every_type_read_from_a_var_literal_can_be_set()
    {
        // DeclaredTypes reads uint/ulong from literals such as 7u or 42UL; Literal must accept what it returns.
        const string unsigned = "var count = 7u;\nvar seed = 42UL;\nvar big = 3000000000;";
        var types = NotebookParameters.DeclaredTypes(unsigned);
        Assert.Equal("uint", types["count"]);
        Assert.Equal("ulong", types["seed"]);
        Assert.Equal("uint", types["big"]); // too big for int: C# makes it a uint
        var code = NotebookParameters.InjectedCell(unsigned, new Dictionary<string, string> { ["count"] = "8", ["seed"] = "18446744073709551615" });
        Assert.Contains("count = 8u;", code);
        Assert.Contains("seed = 18446744073709551615UL;", code);
        var e = Assert.Throws<ArgumentException>(() => NotebookParameters.Literal("uint", "-1", "count"));
        Assert.Contains("not a valid uint", e.Message);
    }
}
