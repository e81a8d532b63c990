using System.Globalization;
using System.Text;
using EndoDepth.Imaging;

namespace EndoDepth.GpuCheck;

/// <summary>The rows of the check: an equality row per kernel and a timing row per workload.</summary>
internal sealed class CheckReport(string device, int size, int spp)
{
    private readonly List<(string Kernel, string Measure, string Value, bool Passed)> _equality = [];
    private readonly List<(string Workload, double DeviceMs, double HostMs)> _timings = [];

    public bool Passed => _equality.All(r => r.Passed);

    /// <summary>Depth must agree bit for bit where both launchers found a surface, and on which pixels they did.
    /// </summary>
    public void AddDepth(string kernel, IEnumerable<(DepthMap OnDevice, DepthMap OnHost)> pairs)
    {
        int same = 0, validBoth = 0, validDiffer = 0;
        var maxDiff = 0.0;
        foreach (var (onDevice, onHost) in pairs)
        for (var i = 0; i < onHost.Millimetres.Length; i++)
        {
            if (onDevice.Valid[i] != onHost.Valid[i]) { validDiffer++; continue; }
            if (!onHost.Valid[i]) continue;
            validBoth++;
            var a = onDevice.Millimetres[i];
            var b = onHost.Millimetres[i];
            if (BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b)) same++;
            maxDiff = Math.Max(maxDiff, Math.Abs(a - b));
        }
        _equality.Add((kernel, "depth bit-equal", $"{same}/{validBoth} pixels; max abs Δ {maxDiff:G3} mm; " +
            $"validity differs on {validDiffer}", same == validBoth && validDiffer == 0));
    }

    /// <summary>Images of a Monte Carlo estimate agree within the noise: their means within
    /// <paramref name="tolerance"/> (relative).</summary>
    public void AddImage(string kernel, IReadOnlyList<(ImageF OnDevice, ImageF OnHost)> pairs, double tolerance)
    {
        var deviceData = pairs.SelectMany(p => p.OnDevice.Data).ToArray();
        var hostData = pairs.SelectMany(p => p.OnHost.Data).ToArray();
        var a = deviceData.Average(v => (double)v);
        var b = hostData.Average(v => (double)v);
        var rel = Math.Abs(a - b) / Math.Max(1e-12, Math.Abs(b));
        var rms = Math.Sqrt(deviceData.Zip(hostData, (x, y) => (double)(x - y) * (x - y)).Average());
        _equality.Add((kernel, "image mean", $"{a:G4} vs {b:G4} (rel {rel:G2}, tolerance {tolerance:G2}); " +
            $"rms Δ {rms:G3}", rel <= tolerance));
    }

    public void AddTiming(string workload, double deviceMs, double hostMs) =>
        _timings.Add((workload, deviceMs, hostMs));

    public string ToMarkdown()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"## GPU check: {device}, {size}², {spp} spp").AppendLine();
        s.AppendLine("| kernel | measure | device vs Parallel.For | passed |").AppendLine("|---|---|---|---|");
        foreach (var r in _equality)
            s.AppendLine(CultureInfo.InvariantCulture, $"| {r.Kernel} | {r.Measure} | {r.Value} | {(r.Passed ? "yes" : "NO")} |");
        s.AppendLine().AppendLine("| workload | device (ms) | Parallel.For (ms) | ratio |").AppendLine("|---|---|---|---|");
        foreach (var t in _timings)
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Workload} | {t.DeviceMs:F1} | {t.HostMs:F1} | {t.HostMs / t.DeviceMs:F1}× |");
        return s.ToString();
    }
}
