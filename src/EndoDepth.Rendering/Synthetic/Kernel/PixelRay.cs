using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// A pixel's camera ray as the forward model sets it up: its direction in camera space (from the
/// <see cref="EndoscopeRayTable"/>) and in the world, its angle to the optical axis θ/θmax (−1 outside the field of
/// view) and the distance its cone pre-pass block lets it start at. Cheap to rebuild, so the march and the shading each
/// build their own instead of storing it.
/// </summary>
internal readonly struct PixelRay
{
    /// <summary>Camera-space unit direction.</summary>
    public readonly Float3 Camera;
    /// <summary>World-space unit direction.</summary>
    public readonly Float3 World;
    /// <summary>Start distance from the cone pre-pass (mm; 0 without it or outside the field of view).</summary>
    public readonly float Start;
    /// <summary>Angle to the optical axis as a fraction of the half field of view (−1 outside it).</summary>
    public readonly float OffAxis;

    private PixelRay(Float3 camera, Float3 world, float start, float offAxis)
    {
        Camera = camera; World = world; Start = start; OffAxis = offAxis;
    }

    /// <summary>Whether the pixel sees anything (it lies inside the field of view).</summary>
    public bool InView
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => OffAxis >= 0f;
    }

    /// <summary>Pixel <paramref name="index"/>'s ray (row-major index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PixelRay Of<TOut>(int index, in EndoscopeFrameParams f, TOut rays, TOut blockStart) where TOut
        : struct, IElementView<float>
    {
        var w = f.Camera.Width;
        var y = index / w;
        var x = index - y * w;
        var camera = EndoscopeRayTable.Direction(rays, index);
        var offAxis = EndoscopeRayTable.OffAxis(rays, index);
        var start = offAxis >= 0f && f.BlockSize > 1 ? blockStart.Load(f.BlockOf(x, y)) : 0f;
        return new PixelRay(camera, f.Pose.RotateToWorld(camera), start, offAxis);
    }

    /// <summary>The ray's <see cref="MarchingRay"/> from the lens, started at <see cref="Start"/> (finished at once
    /// outside the field of view).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MarchingRay Begin(in EndoscopeFrameParams f) => MarchingRay.Begin(f, f.Pose.Position, World, Start, InView);
}
