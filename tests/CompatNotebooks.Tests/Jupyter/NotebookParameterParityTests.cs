using System.Text.Json;
using System.Text.Json.Nodes;
using CompatNotebooks.Runner;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// jupyter/notebook_parameters.py (the Jupyter path has no papermill) must write the same injected cell as
/// <see cref="NotebookParameters"/> (what <c>compat-notebooks run -p</c> does), and refuse the same inputs.
/// </summary>
public sealed class NotebookParameterParityTests
{
    private const string MixedCell = """
        string dataDir = "";          // a comment with "quotes" and a ; semicolon
        var category = "Baby";
        var epochs = 3;
        var seed = 42L;
        var learningRate = 1e-3;
        float margin = 0.5f;
        bool hardNegatives = false;
        decimal price = 1.5m;
        var count = 7u;
        var big = 3000000000;
        long? limit = null;
        var started = DateTime.Now;
        Func<int, int> twice = x => { var local = 2; return local * x; };
        if (hardNegatives) { int inside = 1; }
        int after = 2, other = 3;
        """;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        void Add(string cell, params (string Name, string Value)[] values) =>
            data.Add(cell, JsonSerializer.Serialize(values.ToDictionary(v => v.Name, v => v.Value)));
        Add(MixedCell, ("dataDir", @"C:\data ""real"""), ("category", "Tab\tand\nnewline é"), ("epochs", "10"), ("seed", "7"));
        Add(MixedCell, ("learningRate", "0.5"), ("margin", "2"), ("hardNegatives", "True"), ("price", "1.50"));
        Add(MixedCell, ("learningRate", "-1.25e-5"), ("margin", "1e7"), ("count", "4"), ("big", "5"), ("limit", "-9"));
        Add(MixedCell, ("learningRate", "1e15"), ("after", "1"), ("other", "-4"), ("price", "2e3"));
        Add(MixedCell, ("learningRate", "123456789012345"), ("margin", "0.1"), ("hardNegatives", " false "));
        Add(MixedCell, ("learningRate", "NaN"), ("margin", "-0"));
        Add(MixedCell, ("learningRate", "1e16"), ("margin", "1e9"));
        Add(MixedCell, ("learningRate", "1.5e17"), ("margin", "123456789"));
        Add(MixedCell, ("learningRate", "-Infinity"), ("margin", "1e8"));
        foreach (var name in new[] { "epochs", "nope", "started", "hardNegatives", "twice", "inside", "local" })
            Add(MixedCell, (name, "ten"));
        Add(MixedCell, ("epochs", "99999999999"));
        foreach (var notebook in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "notebooks"), "*.ipynb").Order())
        {
            var cell = ParametersCell(notebook);
            Add(cell, NotebookParameters.DeclaredTypes(cell).Select(kv => (kv.Key, kv.Value switch
            {
                "string" => "some \"text\"",
                "int" => "12",
                "double" => "0.25",
                "bool" => "true",
                _ => "1",
            })).ToArray());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Python_and_CSharp_inject_the_same_cell(string cell, string valuesJson)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(valuesJson)!;
        string expected;
        try
        {
            expected = "ok:" + NotebookParameters.InjectedCell(cell, values);
        }
        catch (ArgumentException e)
        {
            expected = "error:" + e.Message;
        }
        Assert.Equal(expected, Python(cell, values));
    }

    [Fact]
    public void A_wrong_literal_would_be_noticed()
    {
        // The comparison is not vacuous: the two sides differ when one of them formats differently.
        var values = new Dictionary<string, string> { ["learningRate"] = "3" };
        Assert.Equal("ok:" + NotebookParameters.InjectedCell(MixedCell, values), Python(MixedCell, values));
        Assert.NotEqual("ok:" + NotebookParameters.InjectedCell(MixedCell, values).Replace("3.0", "3"), Python(MixedCell, values));
    }

    private static string Python(string cell, IReadOnlyDictionary<string, string> values)
    {
        const string Script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import notebook_parameters as p
            request = json.load(sys.stdin)
            try:
                print("ok:" + p.injected_cell(request["cell"], request["values"]), end="")
            except p.ParameterError as e:
                print("error:" + str(e), end="")
            """;
        var input = new JsonObject { ["cell"] = cell, ["values"] = JsonSerializer.SerializeToNode(values) }.ToJsonString();
        var result = JupyterScripts.RunProcess(JupyterScripts.Python, ["-c", Script, JupyterScripts.Folder], TimeSpan.FromMinutes(1), input);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    private static string ParametersCell(string notebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray();
        var cell = cells.First(c => c!["metadata"]?["tags"] is JsonArray tags && tags.Any(t => (string?)t == "parameters"))!;
        return JupyterNotebookRun.Text(cell["source"]!);
    }
}
