using System.Text;

namespace EndoDepth.Benchmarks.Volumes;

/// <summary>
/// Writes a synthetic CT series (explicit VR little endian, int16 stored, rescale −1024) for load benchmarks.
/// </summary>
internal static class SyntheticDicomSeries
{
    public static void Write(string folder, int columns, int rows, int slices)
    {
        Directory.CreateDirectory(folder);
        var pixels = new byte[columns * rows * 2];
        var rng = new Random(1);
        for (var k = 0; k < slices; k++)
        {
            for (var n = 0; n < columns * rows; n++)
            {
                var v = (short)(1024 + ((n % columns) + (n / columns) + k) % 2000 - 1000 + rng.Next(8));
                pixels[2 * n] = (byte)v; pixels[2 * n + 1] = (byte)(v >> 8);
            }
            using var fs = File.Create(Path.Combine(folder, $"slice{k:D4}.dcm"));
            var w = new BinaryWriter(fs);
            w.Write(new byte[128]); w.Write("DICM"u8);
            Str(w, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
            Str(w, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
            Str(w, 0x0008, 0x0018, "UI", $"2.25.77{k}");
            Str(w, 0x0008, 0x0060, "CS", "CT");
            Str(w, 0x0020, 0x000E, "UI", "2.25.7777");
            Str(w, 0x0020, 0x0013, "IS", (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Str(w, 0x0020, 0x0032, "DS", FormattableString.Invariant($"-200\\-200\\{-k * 0.625:F3}"));
            Str(w, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
            U16(w, 0x0028, 0x0002, 1);
            Str(w, 0x0028, 0x0004, "CS", "MONOCHROME2");
            U16(w, 0x0028, 0x0010, (ushort)rows);
            U16(w, 0x0028, 0x0011, (ushort)columns);
            Str(w, 0x0028, 0x0030, "DS", "0.78\\0.78");
            U16(w, 0x0028, 0x0100, 16);
            U16(w, 0x0028, 0x0101, 16);
            U16(w, 0x0028, 0x0102, 15);
            U16(w, 0x0028, 0x0103, 1);
            Str(w, 0x0028, 0x1052, "DS", "-1024");
            Str(w, 0x0028, 0x1053, "DS", "1");
            w.Write((ushort)0x7FE0);
            w.Write((ushort)0x0010);
            w.Write("OW"u8);
            w.Write((ushort)0);
            w.Write((uint)pixels.Length);
            w.Write(pixels);
        }
    }

    private static void Str(BinaryWriter w, ushort g, ushort e, string vr, string value)
    {
        if (value.Length % 2 == 1) value += vr == "UI" ? "\0" : " ";
        w.Write(g);
        w.Write(e);
        w.Write(Encoding.ASCII.GetBytes(vr));
        w.Write((ushort)value.Length);
        w.Write(Encoding.ASCII.GetBytes(value));
    }

    private static void U16(BinaryWriter w, ushort g, ushort e, ushort v)
    {
        w.Write(g); w.Write(e); w.Write("US"u8); w.Write((ushort)2); w.Write(v);
    }
}
