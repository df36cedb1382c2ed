using System.Runtime.Intrinsics;
using CompatNotebooks.Threading;

namespace CompatNotebooks.Training;

/// <summary>
/// Adam or SGD on the fused parameters. The workers' gradient buffers are summed in worker order inside the update,
/// so the result depends only on the thread count, never on timing. The update runs on the trainer's team, each
/// member on a fixed slice of the parameters (elementwise, so the split does not change the result).
/// </summary>
internal sealed unsafe class FusedOptimizer : IDisposable
{
    private readonly FusedParameters _model;
    private readonly FusedTrainerOptions _options;
    private readonly NativeBuffer _m1, _v1, _m2, _v2;
    private double _mc, _vc;

    public FusedOptimizer(FusedParameters model, FusedTrainerOptions options)
    {
        _model = model;
        _options = options;
        bool adam = options.Optimizer == TrainingOptimizer.Adam;
        long length = adam ? model.Length : 0;
        _m1 = new NativeBuffer(length); _v1 = new NativeBuffer(length);
        _m2 = new NativeBuffer(length); _v2 = new NativeBuffer(length);
    }

    /// <summary>Optimiser steps taken (Adam's t).</summary>
    public long Steps { get; private set; }

    public void Step(IReadOnlyList<GradientWorker> workers, int activeWorkers, WorkerTeam team)
    {
        Steps++;
        double gc = 0;
        for (int w = 0; w < activeWorkers; w++) gc += workers[w].Gc;
        var g1 = new float*[activeWorkers];
        var g2 = new float*[activeWorkers];
        for (int w = 0; w < activeWorkers; w++) { g1[w] = workers[w].G1.Pointer; g2[w] = workers[w].G2.Pointer; }

        double lr = _options.LearningRate;
        int members = team.Size;
        // Slices of whole 16-float vectors, so every member runs the vector loop and only the last one a tail.
        long vectors = (_model.Length + 15) / 16;
        long Bound(int t) => Math.Min(_model.Length, vectors * t / members * 16);
        if (_options.Optimizer == TrainingOptimizer.Sgd)
        {
            team.Run(members, t =>
            {
                Sgd(_model.W1.Pointer, g1, (float)lr, Bound(t), Bound(t + 1));
                Sgd(_model.W2.Pointer, g2, (float)lr, Bound(t), Bound(t + 1));
            });
            _model.C = (float)(_model.C - _options.BiasLearningRate * gc);
            return;
        }
        double b1 = _options.Beta1, b2 = _options.Beta2, eps = _options.Epsilon;
        double correction1 = 1 - Math.Pow(b1, Steps), correction2 = 1 - Math.Pow(b2, Steps);
        // p ← p − lr·(m/c1)/(√(v/c2) + ε), written as p ← p − α·m/(√v + ε̂) with α = lr·√c2/c1, ε̂ = ε·√c2.
        float alpha = (float)(lr * Math.Sqrt(correction2) / correction1);
        float epsHat = (float)(eps * Math.Sqrt(correction2));
        team.Run(members, t =>
        {
            Adam(_model.W1.Pointer, _m1.Pointer, _v1.Pointer, g1, (float)b1, (float)b2, alpha, epsHat, Bound(t), Bound(t + 1));
            Adam(_model.W2.Pointer, _m2.Pointer, _v2.Pointer, g2, (float)b1, (float)b2, alpha, epsHat, Bound(t), Bound(t + 1));
        });
        _mc = b1 * _mc + (1 - b1) * gc;
        _vc = b2 * _vc + (1 - b2) * gc * gc;
        double biasAlpha = _options.BiasLearningRate * Math.Sqrt(correction2) / correction1;
        _model.C = (float)(_model.C - biasAlpha * _mc / (Math.Sqrt(_vc) + epsHat));
    }

    private static void Adam(float* p, float* m, float* v, float*[] grads, float b1, float b2, float alpha, float eps, long from, long to)
    {
        long length = to, i = from;
        var vb1 = Vector512.Create(b1); var vb1c = Vector512.Create(1 - b1);
        var vb2 = Vector512.Create(b2); var vb2c = Vector512.Create(1 - b2);
        var valpha = Vector512.Create(alpha); var veps = Vector512.Create(eps);
        for (; i + 16 <= length; i += 16)
        {
            var g = Vector512.Load(grads[0] + i);
            for (int w = 1; w < grads.Length; w++) g += Vector512.Load(grads[w] + i);
            var mi = vb1 * Vector512.Load(m + i) + vb1c * g;
            var vi = vb2 * Vector512.Load(v + i) + vb2c * g * g;
            Vector512.Store(mi, m + i);
            Vector512.Store(vi, v + i);
            Vector512.Store(Vector512.Load(p + i) - valpha * mi / (Vector512.Sqrt(vi) + veps), p + i);
        }
        for (; i < length; i++)
        {
            float g = grads[0][i];
            for (int w = 1; w < grads.Length; w++) g += grads[w][i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= alpha * m[i] / (MathF.Sqrt(v[i]) + eps);
        }
    }

    private static void Sgd(float* p, float*[] grads, float lr, long from, long to)
    {
        for (long i = from; i < to; i++)
        {
            float g = grads[0][i];
            for (int w = 1; w < grads.Length; w++) g += grads[w][i];
            p[i] -= lr * g;
        }
    }

    public void Dispose()
    {
        _m1.Dispose(); _v1.Dispose(); _m2.Dispose(); _v2.Dispose();
    }
}
