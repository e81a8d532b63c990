using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// The camera-space ray of every pixel of one camera model (<see cref="CameraModel.Unproject"/> at the pixel centre)
/// and its angle to the optical axis as a fraction of the half field of view (for vignetting), computed once per camera
/// and read by every frame's kernel instead of evaluating the projection's sine and cosine per pixel.
/// </summary>
internal sealed class EndoscopeRayTable
{
    /// <summary>Floats per pixel: direction x, y, z and θ/θmax (−1 outside the field of view).</summary>
    public const int Stride = 4;

    private EndoscopeRayTable(CameraModel camera, float[] values) { Camera = camera; Values = values; }

    /// <summary>The camera model the table was made for.</summary>
    public CameraModel Camera { get; }

    /// <summary>Row-major pixels, <see cref="Stride"/> floats each.</summary>
    public float[] Values { get; }

    /// <summary>Kernel side: the camera-space ray of pixel <paramref name="index"/> from a table's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float3 Direction<TView>(TView table, int index) where TView : struct, IElementView<float>
    {
        var o = index * Stride;
        return new Float3(table.Load(o), table.Load(o + 1), table.Load(o + 2));
    }

    /// <summary>Kernel side: θ/θmax of pixel <paramref name="index"/> (−1 outside the field of view).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float OffAxis<TView>(TView table, int index) where TView : struct, IElementView<float> =>
        table.Load(index * Stride + 3);

    /// <summary>Computes the table of <paramref name="camera"/>.</summary>
    public static EndoscopeRayTable For(CameraModel camera)
    {
        var w = camera.Width;
        var values = new float[(long)w * camera.Height * Stride];
        Parallel.For(0, camera.Height, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var o = (y * w + x) * Stride;
                var inside = camera.Unproject(x + 0.5f, y + 0.5f, out var d);
                values[o] = d.X; values[o + 1] = d.Y; values[o + 2] = d.Z;
                values[o + 3] = inside ? camera.OffAxisAngle(x + 0.5f, y + 0.5f) / camera.MaxTheta : -1f;
            }
        });
        return new EndoscopeRayTable(camera, values);
    }
}
