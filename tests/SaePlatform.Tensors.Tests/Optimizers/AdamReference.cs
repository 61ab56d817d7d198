namespace SaePlatform.Tensors.Tests.Optimizers;

/// <summary>
/// Float64 transcription of torch.optim.Adam / AdamW (_single_tensor_adam) for one parameter, written
/// independently of the engine so tests can compare against it.
/// </summary>
internal sealed class AdamReference(float[] initial, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
{
    private readonly double[] _values = Array.ConvertAll(initial, x => (double)x);
    private readonly double[] _firstMoment = new double[initial.Length];
    private readonly double[] _secondMoment = new double[initial.Length];
    private int _stepCount;

    public double[] Values => _values;

    public void Step(float[] grad)
    {
        _stepCount++;
        double bias1 = 1 - Math.Pow(beta1, _stepCount), bias2 = 1 - Math.Pow(beta2, _stepCount);
        for (int i = 0; i < _values.Length; i++)
        {
            double g = grad[i];
            if (decoupled) _values[i] *= 1 - lr * weightDecay;
            else g += weightDecay * _values[i];
            _firstMoment[i] = beta1 * _firstMoment[i] + (1 - beta1) * g;
            _secondMoment[i] = beta2 * _secondMoment[i] + (1 - beta2) * g * g;
            double denom = Math.Sqrt(_secondMoment[i]) / Math.Sqrt(bias2) + eps;
            _values[i] -= lr / bias1 * _firstMoment[i] / denom;
        }
    }
}
