using System.Globalization;
using System.Text;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>
/// Writes a run folder the way a training run streams it (<c>M/L_training_log.jsonl</c>, one JSON object per logged
/// step, flushed line by line), written by hand here so the dashboard's reader is checked against the agreed format.
/// </summary>
internal sealed class FakeRun(string saeDir, string model, string layer)
{
    public string ModelDirectory { get; } = Directory.CreateDirectory(Path.Combine(saeDir, model)).FullName;

    public string Id => $"{model}/{layer}";

    public string File(string suffix) => Path.Combine(ModelDirectory, layer + suffix);

    /// <summary>The loss this fake run logs at <paramref name="step"/>: a falling curve.</summary>
    public static double Loss(long step) => 2.0 / (1 + step / 50.0) + 0.01;

    /// <summary>Appends logged steps [from, to) every <paramref name="every"/> steps.</summary>
    public void Append(long from, long to, long every = 1, bool densityEvery100 = false)
    {
        var text = new StringBuilder();
        for (long s = from; s < to; s += every)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"step\": {s}, \"wall_time\": {1_700_000_000 + s * 0.05:R}, ")
                .Append(CultureInfo.InvariantCulture, $"\"losses/overall_loss\": {Loss(s):R}, \"metrics/l0\": {20 + s % 7}, \"details/grad_norm\": null");
            if (densityEvery100 && s % 100 == 0)
                text.Append(CultureInfo.InvariantCulture, $", \"feature_density_hist/zero\": {s / 100}, \"feature_density_hist/1e-2_to_1e-1\": {500 - s / 100}, \"sparsity/dead_features\": {s / 100}");
            text.Append("}\n");
        }
        System.IO.File.AppendAllText(File("_training_log.jsonl"), text.ToString());
    }

    public void WriteConfig(string text) => System.IO.File.WriteAllText(File("_config.yaml"), text);
}
