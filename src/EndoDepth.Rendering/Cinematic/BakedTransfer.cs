using System.Runtime.CompilerServices;
namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Addressing of a baked transfer-function table (<see cref="TransferFunction.Bake"/>): where an HU value falls, and
/// the
/// largest σt over an HU interval (for majorants). Constants only, so it is callable inside kernels.
/// </summary>
internal static class BakedTransfer
{
    /// <summary>Index and fraction of <paramref name="hu"/> in the table (clamped to its range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Locate(float hu, out int index, out float fraction)
    {
        var x = (hu - TransferFunction.TableHuMin)
            * ((TransferFunction.TableSize - 1) / (TransferFunction.TableHuMax - TransferFunction.TableHuMin));
        x = float.MinNative(float.MaxNative(x, 0f), TransferFunction.TableSize - 1.001f);
        index = (int)x;
        fraction = x - index;
    }

    /// <summary>The largest σt the interpolated table returns for any HU in [lo, hi].</summary>
    public static float MaxSigmaT(float[] baked, float lo, float hi)
    {
        ArgumentNullException.ThrowIfNull(baked);
        Locate(lo, out var a, out _);
        Locate(hi, out var b, out _);
        var m = 0f;
        for (var i = a; i <= b + 1; i++) m = MathF.Max(m, baked[i * TransferFunction.TableStride]);
        return m;
    }
}
