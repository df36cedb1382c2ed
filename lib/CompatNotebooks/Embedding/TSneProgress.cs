namespace CompatNotebooks.Embedding;

/// <summary>A progress report of a t-SNE run, sent every <see cref="TSneOptions.CheckInterval"/> iterations and at the end.</summary>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="TotalIterations">Iterations planned.</param>
/// <param name="KullbackLeibler">KL(P‖Q) of the current embedding for the un-exaggerated P (Z from the gradient method).</param>
/// <param name="GradientNorm">Norm of the gain-scaled gradient of the last step.</param>
/// <param name="Exaggerating">True while early exaggeration is on.</param>
public readonly record struct TSneProgress(int Iteration, int TotalIterations, double KullbackLeibler, double GradientNorm, bool Exaggerating);
