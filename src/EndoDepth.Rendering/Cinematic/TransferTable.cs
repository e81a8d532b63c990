using EndoDepth.Geometry;
using ILGPU;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A baked <see cref="TransferFunction"/> as the kernels see it: <see cref="TransferFunction.TableSize"/> entries of
/// <see cref="TransferFunction.TableStride"/> floats, linearly interpolated. A value type usable inside kernels.
/// </summary>
public struct TransferTable
{
    /// <summary>The baked entries (<see cref="TransferFunction.Bake"/>).</summary>
    public ArrayView<float> Table;

    /// <summary>Wraps a baked table.</summary>
    public TransferTable(ArrayView<float> table) { Table = table; }

    private static void Locate(float hu, out int i, out float f)
    {
        var x = (hu - TransferFunction.TableHuMin) * ((TransferFunction.TableSize - 1) / (TransferFunction.TableHuMax - TransferFunction.TableHuMin));
        x = MathF.Min(MathF.Max(x, 0f), TransferFunction.TableSize - 1.001f);
        i = (int)x;
        f = x - i;
    }

    private readonly float Lerp(int i, float f, int field)
    {
        var a = Table[i * TransferFunction.TableStride + field];
        var b = Table[(i + 1) * TransferFunction.TableStride + field];
        return a + (b - a) * f;
    }

    /// <summary>Extinction σt (1/mm) at <paramref name="hu"/>.</summary>
    public readonly float SigmaT(float hu)
    {
        Locate(hu, out var i, out var f);
        return Lerp(i, f, 0);
    }

    /// <summary>All properties at <paramref name="hu"/>: albedo, colour, roughness and specular.</summary>
    public readonly void Material(float hu, out float albedo, out Float3 colour, out float roughness, out float specular)
    {
        Locate(hu, out var i, out var f);
        albedo = Lerp(i, f, 1);
        colour = new Float3(Lerp(i, f, 2), Lerp(i, f, 3), Lerp(i, f, 4));
        roughness = Lerp(i, f, 5);
        specular = Lerp(i, f, 6);
    }

    /// <summary>Host side: the largest σt the table returns for any HU in [lo, hi] (for majorants).</summary>
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
