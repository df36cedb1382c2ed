using CompatNotebooks.Cli;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Tests.Runner;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Cli;

/// <summary>What System.CommandLine binds and rejects, checked on the parse result (nothing runs).</summary>
public class CommandLineParsingTests
{
    private static string Errors(params string[] args) =>
        string.Join("\n", CommandLine.Parse(args).Errors.Select(e => e.Message));

    [Fact]
    public void Enum_options_bind_case_insensitively_to_the_library_enums()
    {
        var parsed = CommandLine.Parse(["train", "--category", "Baby", "--model", "INNER", "--negatives", "same-category",
            "--kernels", "sparse", "--optimizer", "sgd"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(CompatibilityKind.InnerProduct, parsed.GetValue<CompatibilityKind>("--model"));
        Assert.Equal(NegativeSampling.SameSubcategory, parsed.GetValue<NegativeSampling>("--negatives"));
        Assert.Equal(FeatureKernels.Sparse, parsed.GetValue<FeatureKernels>("--kernels"));
        Assert.Equal(TrainingOptimizer.Sgd, parsed.GetValue<TrainingOptimizer>("--optimizer"));
    }

    [Theory]
    [InlineData("--model", "cosine", "euclidean, inner")]
    [InlineData("--negatives", "hard", "random, same-category")]
    [InlineData("--kernels", "1", "auto, dense, sparse")] // a number is not a name
    [InlineData("--order", "diagonal", "shuffled, block-local")]
    public void A_bad_choice_lists_the_accepted_names(string option, string value, string names) =>
        Assert.Contains($"{option} must be one of {names}; got '{value}'", Errors("train", "--category", "Baby", option, value));

    [Fact]
    public void Block_local_order_binds_with_its_budget_and_excludes_anchor_groups()
    {
        var parsed = CommandLine.Parse(["train", "--category", "Baby", "--order", "Block-Local", "--block-budget", "64"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(PairOrder.BlockLocal, parsed.GetValue<PairOrder>("--order"));
        Assert.Equal(64, parsed.GetValue<int>("--block-budget"));
        Assert.Contains("two different epoch orders", Errors("train", "--category", "Baby", "--order", "block-local", "--group-anchors"));
        Assert.Empty(Errors("train", "--category", "Baby", "--order", "shuffled", "--group-anchors"));
    }

    [Fact]
    public void Order_seed_binds_and_must_not_be_negative()
    {
        var parsed = CommandLine.Parse(["train", "--category", "Baby", "--order-seed", "1001"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(1001, parsed.GetValue<int>("--order-seed"));
        Assert.Contains("--order-seed must be between 0", Errors("train", "--category", "Baby", "--order-seed", "-3"));
    }

    [Fact]
    public void Sample_data_takes_one_category_by_the_other_commands_spelling()
    {
        var parsed = CommandLine.Parse(["sample-data", "--out", "x", "--category", "Clothing_Shoes_and_Jewelry", "--items", "1500000"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal("Clothing_Shoes_and_Jewelry", parsed.GetValue<string>("--categories"));
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("train")]
    public void Empty_data_folder_is_a_usage_error(string command) =>
        Assert.Contains("--data is empty", Errors(command, "--category", "Baby", "--data", ""));

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "-1")]
    [InlineData("--test-fraction", "0")]
    [InlineData("--test-fraction", "0.95")]
    [InlineData("--lr", "NaN")]
    [InlineData("--style-dim", "x")]
    public void Out_of_range_numbers_are_usage_errors(string option, string value) =>
        Assert.Contains(option, Errors("train", "--category", "Baby", option, value));

    [Fact]
    public void Words_starting_with_an_at_sign_are_literal_not_response_files()
    {
        var parsed = CommandLine.Parse(["inspect", "--category", "@Baby"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal("@Baby", parsed.GetValue<string>("--category"));
    }

    [Fact]
    public void Train_defaults_are_the_notebooks()
    {
        var parsed = CommandLine.Parse(["train", "--category", "Baby"]);
        Assert.Empty(parsed.Errors);
        // Notebooks 01 and 03 declare these in their parameters cell.
        foreach (var notebook in new[] { "01-visual-compatibility.ipynb", "03-inner-product-vs-euclidean.ipynb" })
        {
            string text = File.ReadAllText(RepositoryPaths.Notebook(notebook));
            Assert.Contains($"double testFraction = {parsed.GetValue<double>("--test-fraction"):0.0#};", text);
            Assert.Contains($"int seed = {parsed.GetValue<int>("--seed")};", text);
            Assert.Contains($"int epochs = {parsed.GetValue<int>("--epochs")};", text);
            Assert.Contains($"int styleDim = {parsed.GetValue<int>("--style-dim")};", text);
        }
    }

    [Fact]
    public void Help_states_the_exit_codes()
    {
        foreach (var command in CommandLine.CreateRoot().Subcommands.Prepend(CommandLine.CreateRoot()))
            Assert.Contains("1 data or file error (or a failed notebook), 2 usage error", command.Description);
    }

    [Fact]
    public void Library_policy_hints_become_cli_advice()
    {
        string nan = LibraryHints.ForCli("Feature file 'f', record 3 (byte offset 9): ASIN X holds NaN at value 2 (byte offset 17). Use InvalidValuePolicy.SkipRow to skip and count such rows.");
        Assert.DoesNotContain("Policy.", nan);
        Assert.StartsWith("Feature file 'f', record 3 (byte offset 9): ASIN X holds NaN at value 2 (byte offset 17).", nan);
        string duplicate = LibraryHints.ForCli("Feature file 'f', record 4 (byte offset 9): duplicate ASIN X (first at record 1, byte offset 3). Use DuplicatePolicy.KeepFirst to keep the first and count the rest.");
        Assert.DoesNotContain("Policy.", duplicate);
        Assert.Contains("without --strict", duplicate);
    }
}
