using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// Depth in the SimCol3D challenge's submission format (Rau et al., MICCAI 2022 SimCol-to-3D, task 1; its
/// participant template saves each prediction with <c>np.save(OUT/depth/FrameBuffer_NNNN, np.float16(depth))</c>):
/// a (height, width) float16 .npy whose value 1 is 20 cm, i.e. <b>value = mm / 200</b>, in [0, 1] (the organisers
/// clip to that range, so values are clipped here), invalid pixels 0. The same scale as the challenge's ground truth,
/// which the SimCol3D importer reads as mm = v / 255 / 256 · 200. The template expects 475×475 frames, the
/// challenge's size.
/// </summary>
public static class SimCol3DDepth
{
    /// <summary>Millimetres at value 1: the challenge's 20 cm.</summary>
    public const float MillimetresAtOne = 200f;

    /// <summary>Writes <paramref name="depth"/> atomically as a SimCol3D float16 .npy.</summary>
    public static void Write(string path, DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(depth);
        AtomicFile.Write(path, s => Write(s, depth));
    }

    /// <summary>Writes <paramref name="depth"/> to a stream as a SimCol3D float16 .npy (not atomic).</summary>
    public static void Write(Stream stream, DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(depth);
        var v = new Half[depth.Millimetres.Length];
        for (var i = 0; i < v.Length; i++)
        {
            var mm = depth.Millimetres[i];
            v[i] = depth.Valid[i] && float.IsFinite(mm) ? (Half)Math.Clamp(mm / MillimetresAtOne, 0f, 1f) : Half.Zero;
        }
        NpyFile.WriteFloat16(stream, v, [depth.Height, depth.Width]);
    }
}
