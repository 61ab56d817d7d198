namespace SaePlatform.Tensors.Tests.Optimizers;

/// <summary>
/// Float64 transcription of torch.optim.Adam / AdamW (_single_tensor_adam) for one parameter, written
/// independently of the engine so tests can compare against it.
/// </summary>
internal sealed class AdamReference(float[] initial, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
{
    private readonly double[] _p = Array.ConvertAll(initial, x => (double)x);
    private readonly double[] _m = new double[initial.Length];
    private readonly double[] _v = new double[initial.Length];
    private int _t;

    public double[] Values => _p;

    public void Step(float[] grad)
    {
        _t++;
        double bias1 = 1 - Math.Pow(beta1, _t), bias2 = 1 - Math.Pow(beta2, _t);
        for (int i = 0; i < _p.Length; i++)
        {
            double g = grad[i];
            if (decoupled) _p[i] *= 1 - lr * weightDecay;
            else g += weightDecay * _p[i];
            _m[i] = beta1 * _m[i] + (1 - beta1) * g;
            _v[i] = beta2 * _v[i] + (1 - beta2) * g * g;
            double denom = Math.Sqrt(_v[i]) / Math.Sqrt(bias2) + eps;
            _p[i] -= lr / bias1 * _m[i] / denom;
        }
    }
}
