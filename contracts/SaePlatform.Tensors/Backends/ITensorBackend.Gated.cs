namespace SaePlatform.Tensors.Backends;

// The gated SAE's magnitude path (Rajamanoharan et al. 2024) as one pass forward and one backward.
public partial interface ITensorBackend
{
    /// <summary>
    /// features = 1[gate &gt; 0] * max(0, (gate - bGate) * exp(rMag) + bMag), where gate = ReLU(pi_gate) is the
    /// gate activity [rows, n] and bGate, rMag, bMag are [n].
    /// </summary>
    void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features);

    /// <summary>
    /// Backward of <see cref="GatedMagnitudeForward"/> given the features' gradient, with m = gradFeatures where
    /// the features are positive (else 0; recomputed from gate and the vectors rather than read back) and
    /// e = exp(rMag): gradGate = m * e + betaGate * gradGate; gradBMag = colsum(m); gradRMag = e * colsum(m * (gate - bGate)); gradBGate = -e * colsum(m); each plus its
    /// beta times its old value. Column sums are accumulated in float64 in a fixed order. Any output may be null.
    /// </summary>
    void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag,
        Tensor? gradGate, float betaGate, Tensor? gradBGate, float betaBGate, Tensor? gradRMag, float betaRMag,
        Tensor? gradBMag, float betaBMag);
}
