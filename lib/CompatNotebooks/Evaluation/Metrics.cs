using CompatNotebooks.Data;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Evaluation;

/// <summary>Held-out quality of a compatibility model.</summary>
/// <param name="Pairs">Pairs evaluated.</param>
/// <param name="Positives">Compatible (also_bought) pairs among them.</param>
/// <param name="Accuracy">Fraction classified correctly at p = 0.5 (predicted compatible when p &gt; 0.5).</param>
/// <param name="Auc">Area under the ROC curve: the probability that a random positive outscores a random negative
/// (ties count one half); NaN without both classes.</param>
/// <param name="LogLoss">Mean per-pair loss −log p(true label).</param>
public sealed record EvaluationResult(int Pairs, int Positives, double Accuracy, double Auc, double LogLoss)
{
    /// <summary>Incompatible (negative) pairs.</summary>
    public int Negatives => Pairs - Positives;
}

/// <summary>One point of a ROC curve: classifying pairs with logit ≥ <see cref="Threshold"/> as compatible.</summary>
/// <param name="FalsePositiveRate">Negatives above the threshold / negatives.</param>
/// <param name="TruePositiveRate">Positives above the threshold / positives.</param>
/// <param name="Threshold">The logit threshold (+∞ for the first point).</param>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>
/// Metrics on held-out pairs: accuracy at 0.5, exact ROC AUC (ties handled), mean log loss, ROC curve points — and
/// the book's flawed "accuracy", kept under a name that says what it measures.
/// </summary>
public static class Metrics
{
    /// <summary>Scores <paramref name="pairs"/> with <paramref name="model"/> and computes every metric.</summary>
    public static EvaluationResult Evaluate(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int threads = 0) =>
        Evaluate(PairScorer.Logits(model, features, pairs, threads), Labels(pairs));

    /// <summary>Scores <paramref name="pairs"/> with plain <paramref name="parameters"/> and computes every metric.</summary>
    public static EvaluationResult Evaluate(CompatibilityParameters parameters, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int threads = 0) =>
        Evaluate(PairScorer.Logits(parameters, features, pairs, threads), Labels(pairs));

    /// <summary>Accuracy, AUC and log loss of the model <paramref name="trainer"/> is training, on held-out
    /// <paramref name="pairs"/> (scored with the trainer's own workers, block by block when it trains block-local from a
    /// memory mapping: <see cref="PairScoringOrder.Automatic"/>).</summary>
    public static EvaluationResult Evaluate(FusedTrainer trainer, IReadOnlyList<CompatPair> pairs) =>
        Evaluate(trainer, pairs, PairScoringOrder.Automatic);

    /// <summary>
    /// Accuracy, AUC and log loss of the model <paramref name="trainer"/> is training, on held-out
    /// <paramref name="pairs"/>, the features read in <paramref name="order"/> (e.g.
    /// <see cref="PairScoringOrder.BlockLocal"/> when they do not fit in memory). The logits are put back in the pairs'
    /// order and are bit-identical whatever the order, so every metric is too.
    /// </summary>
    public static EvaluationResult Evaluate(FusedTrainer trainer, IReadOnlyList<CompatPair> pairs, PairScoringOrder order)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return Evaluate(trainer.Logits(pairs, order), Labels(pairs));
    }

    /// <summary>Every metric from logits and labels.</summary>
    public static EvaluationResult Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<bool> labels)
    {
        CheckLengths(logits, labels);
        int positives = 0;
        foreach (var y in labels) if (y) positives++;
        return new EvaluationResult(logits.Length, positives, Accuracy(logits, labels), Auc(logits, labels), LogLoss(logits, labels));
    }

    /// <summary>The labels y of <paramref name="pairs"/> (true = compatible).</summary>
    public static bool[] Labels(IReadOnlyList<CompatPair> pairs)
    {
        var labels = new bool[pairs.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = pairs[i].Compatible;
        return labels;
    }

    /// <summary>Fraction of pairs with (p &gt; 0.5) == y, i.e. (logit &gt; 0) == y.</summary>
    public static double Accuracy(ReadOnlySpan<float> logits, ReadOnlySpan<bool> labels)
    {
        CheckLengths(logits, labels);
        if (logits.Length == 0) return double.NaN;
        int correct = 0;
        for (int i = 0; i < logits.Length; i++)
            if (logits[i] > 0 == labels[i]) correct++;
        return (double)correct / logits.Length;
    }

    /// <summary>Mean of −log p(y) = softplus(z) − y·z, finite for any logit.</summary>
    public static double LogLoss(ReadOnlySpan<float> logits, ReadOnlySpan<bool> labels)
    {
        CheckLengths(logits, labels);
        if (logits.Length == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
            sum += StableMath.Loss(logits[i], labels[i]);
        return sum / logits.Length;
    }

    /// <summary>
    /// Exact ROC AUC by the rank-sum (Mann–Whitney) formula with mid-ranks for tied scores, so a tie between a
    /// positive and a negative counts one half. NaN when either class is absent.
    /// </summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        CheckLengths(scores, labels);
        var order = SortedIndices(scores);
        long positives = 0;
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double midRank = (start + end) / 2.0 + 1; // 1-based ranks start+1 … end+1
            for (int i = start; i <= end; i++)
                if (labels[order[i]]) { positives++; positiveRankSum += midRank; }
            start = end + 1;
        }
        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// ROC curve points from (0, 0) to (1, 1), one per distinct score (tied scores move diagonally). With
    /// <paramref name="maxPoints"/> &gt; 0 the points are thinned evenly for plotting (ends kept).
    /// </summary>
    public static IReadOnlyList<RocPoint> RocCurve(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int maxPoints = 0)
    {
        CheckLengths(scores, labels);
        var order = SortedIndices(scores);
        Array.Reverse(order); // highest score first
        long positives = 0;
        foreach (var y in labels) if (y) positives++;
        long negatives = labels.Length - positives;
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        long tp = 0, fp = 0;
        for (int start = 0; start < order.Length;)
        {
            float threshold = scores[order[start]];
            int end = start;
            while (end < order.Length && scores[order[end]] == threshold)
            {
                if (labels[order[end]]) tp++; else fp++;
                end++;
            }
            points.Add(new RocPoint(negatives == 0 ? 0 : (double)fp / negatives, positives == 0 ? 0 : (double)tp / positives, threshold));
            start = end;
        }
        if (maxPoints <= 2 || points.Count <= maxPoints) return points;
        var thinned = new List<RocPoint>(maxPoints);
        for (int i = 0; i < maxPoints; i++)
            thinned.Add(points[(int)Math.Round((double)i * (points.Count - 1) / (maxPoints - 1))]);
        return thinned;
    }

    /// <summary>
    /// The seed notebook's "accuracy": it compared the <em>loss</em> −log p(y) with 0.5 — counting a positive as
    /// right when its loss exceeds 0.5 (p &lt; 0.61) and a negative as right when its loss is at most 0.5
    /// (p ≤ 0.39). Kept only to show why it misleads; use <see cref="Accuracy"/>.
    /// </summary>
    public static double BooksLossThresholdAccuracy(ReadOnlySpan<float> logits, ReadOnlySpan<bool> labels)
    {
        CheckLengths(logits, labels);
        if (logits.Length == 0) return double.NaN;
        int counted = 0;
        for (int i = 0; i < logits.Length; i++)
            if (StableMath.Loss(logits[i], labels[i]) > 0.5 == labels[i]) counted++;
        return (double)counted / logits.Length;
    }

    private static int[] SortedIndices(ReadOnlySpan<float> scores)
    {
        var keys = scores.ToArray();
        for (int i = 0; i < keys.Length; i++)
            if (float.IsNaN(keys[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        return order;
    }

    private static void CheckLengths(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.");
    }
}
