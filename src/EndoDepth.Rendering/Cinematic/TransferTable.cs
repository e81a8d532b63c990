using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// A baked <see cref="TransferFunction"/> as the kernels see it: <see cref="TransferFunction.TableSize"/> entries of
/// <see cref="TransferFunction.TableStride"/> floats, linearly interpolated. A value type usable inside kernels.
/// </summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct TransferTable<TView> where TView : struct, IElementView<float>
{
    /// <summary>The baked entries (<see cref="TransferFunction.Bake"/>).</summary>
    public TView Table;

    /// <summary>Wraps a baked table.</summary>
    public TransferTable(TView table) { Table = table; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly float Lerp(int i, float f, int field)
    {
        var a = Table.Load(i * TransferFunction.TableStride + field);
        var b = Table.Load((i + 1) * TransferFunction.TableStride + field);
        return a + (b - a) * f;
    }

    /// <summary>Extinction σt (1/mm) at <paramref name="hu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float SigmaT(float hu)
    {
        BakedTransfer.Locate(hu, out var i, out var f);
        return Lerp(i, f, 0);
    }

    /// <summary>All properties at <paramref name="hu"/>: albedo, colour, roughness and specular.</summary>
    public readonly void Material(float hu, out float albedo, out Float3 colour, out float roughness,
        out float specular)
    {
        BakedTransfer.Locate(hu, out var i, out var f);
        albedo = Lerp(i, f, 1);
        colour = new Float3(Lerp(i, f, 2), Lerp(i, f, 3), Lerp(i, f, 4));
        roughness = Lerp(i, f, 5);
        specular = Lerp(i, f, 6);
    }
}
