using System.Reflection;
using NetArchTest.Rules;

namespace CompatNotebooks.Tests.Architecture;

/// <summary>
/// The layering of the two libraries, checked on the compiled assemblies: data flows one way through the engine
/// (Data ← Catalog ← Sampling ← Models ← Training ← Inference ← Evaluation ← Recommendation; Embedding on Data and
/// Threading only), and the engine knows nothing of notebooks, charts or the notebook host. A new back-edge fails here.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Engine = typeof(CompatNotebooks.Data.FeatureMatrix).Assembly;
    private static readonly Assembly Surface = typeof(CompatNotebooks.Notebook.NotebookSetup).Assembly;
    private static readonly Assembly Cli = typeof(CompatNotebooks.Cli.CommandLine).Assembly;

    /// <summary>Each engine namespace and the engine namespaces it may use (besides its own).</summary>
    public static TheoryData<string, string[]> EngineLayers => new()
    {
        { "Randomness", [] },
        { "Threading", [] },
        { "Interop", [] },
        { "Data", [] },
        { "Synthetic", ["Data", "Randomness"] },
        { "Location", ["Synthetic", "Data"] },
        { "Catalog", ["Data"] },
        { "Sampling", ["Catalog", "Data", "Randomness"] },
        { "Models", ["Data", "Interop", "Randomness"] },
        { "Training", ["Models", "Sampling", "Catalog", "Data", "Threading", "Randomness", "Interop"] },
        { "Inference", ["Training", "Models", "Sampling", "Catalog", "Data", "Threading", "Randomness"] },
        { "Evaluation", ["Inference", "Training", "Models", "Sampling", "Catalog", "Data", "Threading", "Randomness"] },
        { "Recommendation", ["Evaluation", "Inference", "Training", "Models", "Sampling", "Catalog", "Data", "Threading", "Randomness"] },
        { "Embedding", ["Data", "Threading", "Randomness"] },
    };

    private static readonly string[] AllEngineNamespaces =
        ["Randomness", "Threading", "Interop", "Data", "Synthetic", "Location", "Catalog", "Sampling", "Models", "Training",
         "Inference", "Evaluation", "Recommendation", "Embedding"];

    [Theory]
    [MemberData(nameof(EngineLayers))]
    public void Engine_namespace_uses_only_the_layers_below_it(string layer, string[] allowed)
    {
        var forbidden = AllEngineNamespaces.Where(n => n != layer && !allowed.Contains(n)).Select(n => $"CompatNotebooks.{n}").ToArray();
        var result = Types.InAssembly(Engine).That().ResideInNamespace($"CompatNotebooks.{layer}")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"CompatNotebooks.{layer} uses a layer above it: {Offenders(result)}");
    }

    [Fact]
    public void Every_engine_namespace_has_a_place_in_the_layering()
    {
        var namespaces = Engine.GetTypes().Select(t => t.Namespace).Where(n => n is not null && n.StartsWith("CompatNotebooks.", StringComparison.Ordinal))
            .Select(n => n!["CompatNotebooks.".Length..].Split('.')[0]).Distinct().Order().ToArray();
        Assert.Equal(AllEngineNamespaces.Order().ToArray(), namespaces);
    }

    [Fact]
    public void Engine_knows_no_notebook_host_charts_or_tables()
    {
        var result = Types.InAssembly(Engine).ShouldNot().HaveDependencyOnAny(
            "Plotly", "FSharp", "Microsoft.DotNet.Interactive", "Microsoft.Data.Analysis",
            "CompatNotebooks.Notebook", "CompatNotebooks.Plotting", "CompatNotebooks.Runner", "CompatNotebooks.Cli").GetResult();
        Assert.True(result.IsSuccessful, $"engine types that reach the notebook surface: {Offenders(result)}");
        var references = Engine.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => r.StartsWith("Plotly", StringComparison.Ordinal) || r.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal)
            || r == "Microsoft.Data.Analysis" || r == "FSharp.Core" || r == "CompatNotebooks.Notebooks");
    }

    [Fact]
    public void Notebook_surface_does_not_reach_the_runner_or_the_cli()
    {
        var result = Types.InAssembly(Surface).ShouldNot().HaveDependencyOnAny("CompatNotebooks.Runner", "CompatNotebooks.Cli").GetResult();
        Assert.True(result.IsSuccessful, Offenders(result));
    }

    [Fact]
    public void Cli_calls_the_engine_and_the_runner_not_the_notebook_surface()
    {
        var result = Types.InAssembly(Cli).ShouldNot().HaveDependencyOnAny("CompatNotebooks.Notebook", "CompatNotebooks.Plotting", "Plotly", "Microsoft.Data.Analysis")
            .GetResult();
        Assert.True(result.IsSuccessful, $"CLI types that use the notebook surface: {Offenders(result)}");
    }

    private static string Offenders(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);
}
