using CompatNotebooks.Notebook;
using CompatNotebooks.Plotting;
using CompatNotebooks.Training;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace CompatNotebooks.Tests.Notebook;

/// <summary>The calls notebook cells make: results come back from progress displays, tables take named rows, charts take results.</summary>
public sealed class NotebookApiTests
{
    [Fact]
    public void Progress_train_returns_the_trainers_result_and_passes_it_a_progress_sink()
    {
        IProgress<TrainingProgress>? given = null;
        var result = Progress.Train("t", p =>
        {
            given = p;
            p.Report(new TrainingProgress(1, 1, 10, 10, 0.5, 100, TimeSpan.FromSeconds(1), TimeSpan.Zero));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.IsType<TrainingProgressDisplay>(given);
    }

    [Fact]
    public void Progress_run_returns_the_result_and_completes_the_bar()
    {
        ProgressDisplay? bar = null;
        var result = Progress.Run("count", 3, b =>
        {
            bar = b;
            b.Report(1);
            return "done";
        });
        Assert.Equal("done", result);
        Assert.True(bar!.State.Finished);
        Assert.Equal(3, bar.State.Done);
    }

    [Fact]
    public void Named_rows_put_the_names_first_and_one_column_per_selector()
    {
        var frame = DataFrames.Named("pairs", ("train", new[] { 1, 2, 3 }), ("test", new[] { 4 }))
            .With(("count", a => a.Length), ("sum", a => a.Sum() / 2.0));
        Assert.Equal(["pairs", "count", "sum"], frame.Columns.Select(c => c.Name));
        Assert.Equal("test", frame.Columns["pairs"][1]);
        Assert.Equal(3L, frame.Columns["count"][0]);
        Assert.Equal(2.0, frame.Columns["sum"][1]);
    }

    [Fact]
    public void Values_make_a_two_column_table_typed_by_its_values()
    {
        var frame = DataFrames.Values("items", "count", ("kept", 120), ("left out", 7));
        Assert.Equal(["items", "count"], frame.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["count"]);
        Assert.Equal(7L, frame.Columns["count"][1]);
    }

    [Fact]
    public void Plain_text_tables_separate_columns_and_round_numbers()
    {
        var frame = DataFrames.Named("model", ("book loop", (Accuracy: 0.76874192229394370, Auc: 0.6358884630015221, Pairs: 12345)))
            .With(("accuracy", r => r.Accuracy), ("AUC", r => r.Auc), ("pairs", r => r.Pairs));
        var text = DataFrameText.Render(frame);
        var lines = text.Split('\n');
        Assert.Equal(["model", "accuracy", "AUC", "pairs"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["book", "loop", "0.7687", "0.6359", "12,345"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("(1 row)", lines[^1]);
        Assert.DoesNotContain("0.76874192", text);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.000012345, "1.234E-05")]
    [InlineData(1234.5678, "1235")]
    [InlineData(-0.0123456, "-0.01235")]
    [InlineData(double.NaN, "NaN")]
    public void Plain_text_cells_keep_four_significant_digits(double value, string expected) =>
        Assert.Equal(expected, DataFrameText.Cell(value));

    [Fact]
    public void Epoch_loss_chart_takes_a_training_result()
    {
        var run = new TrainingResult(3, 300, TimeSpan.FromSeconds(1), [0.69, 0.6, 0.55]);
        var json = GenericChart.toFigureJson(TrainingCharts.EpochLoss(run, "loss"));
        Assert.Contains("\"x\":[1.0,2.0,3.0]", json);
        Assert.Contains("\"y\":[0.69,0.6,0.55]", json);
    }

    [Fact]
    public void Bars_take_counts_from_a_dictionary_or_CountBy()
    {
        var fromCountBy = GenericChart.toFigureJson(CountCharts.Bars(new[] { "a", "b", "a" }.CountBy(s => s), "t", "letter"));
        Assert.Contains("\"x\":[\"a\",\"b\"]", fromCountBy);
        Assert.Contains("\"y\":[2,1]", fromCountBy);
    }
}
