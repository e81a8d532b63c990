using EndoDepth.IO;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// Raw samples of a 16-bit grey PNG (SimCol3D's depth), read through <see cref="DepthPng"/> at one unit per sample.
/// </summary>
public sealed class Png16Decoder : IRawDepthDecoder
{
    /// <inheritdoc />
    public RawDepthImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var d = DepthPng.Read(path, 1f);
        var samples = new ushort[d.Millimetres.Length];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = d.Valid[i] ? (ushort)Math.Round(d.Millimetres[i]) : (ushort)0;
        return new RawDepthImage(d.Width, d.Height, samples);
    }
}
