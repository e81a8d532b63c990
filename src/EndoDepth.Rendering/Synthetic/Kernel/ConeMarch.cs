using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Surfaces;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// The cone of one pre-pass block (<see cref="EndoscopePixel.ConeStarts{TGrid, TOut}"/>): it contains all the block's
/// pixel rays — around the mean of its corner pixels' rays, a hair wider than the widest of them (a pinhole block's
/// rays
/// are convex combinations of its corner rays; a fisheye's, to second order in the block size) — and is marched with
/// the largest steps for which it stays inside the free ball of radius f: δ = (0.9·f − t·tan α)/(1 + tan α).
/// Split into
/// <see cref="SampleAt{TGrid}"/> and <see cref="Accept"/> so that several cones advance in lockstep.
/// </summary>
internal struct ConeMarch
{
    internal const int MaxSteps = 48;
    /// <summary>The apex (the lens) and the unit axis, world frame.</summary>
    public Float3 Origin, Direction;
    /// <summary>tan α of the half-angle that contains the block's rays.</summary>
    public float TanA;
    private int _steps;

    /// <summary>The block.</summary>
    public int Block;
    /// <summary>Distance along the cone's axis up to which every ray of the block is in free space (mm).</summary>
    public float T;
    /// <summary>Whether the cone still advances.</summary>
    public bool Active;

    /// <summary>The cone of block <paramref name="block"/> (inactive when the block does not exist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ConeMarch Begin<TOut>(int block, in EndoscopeFrameParams f, TOut rays) where TOut
        : struct, IElementView<float>
    {
        var cone = new ConeMarch { Block = block, Active = block < f.BlockCount };
        if (!cone.Active) return cone;
        var w = f.Camera.Width;
        var bx = block % f.BlocksX; var by = block / f.BlocksX;
        var x0 = bx * f.BlockSize; var y0 = by * f.BlockSize;
        var x1 = Math.Min(x0 + f.BlockSize, w) - 1; var y1 = Math.Min(y0 + f.BlockSize, f.Camera.Height) - 1;
        var c00 = EndoscopeRayTable.Direction(rays, y0 * w + x0);
        var c10 = EndoscopeRayTable.Direction(rays, y0 * w + x1);
        var c01 = EndoscopeRayTable.Direction(rays, y1 * w + x0);
        var c11 = EndoscopeRayTable.Direction(rays, y1 * w + x1);
        var axis = Float3.Normalize(c00 + c10 + c01 + c11);
        var cosA = MathF.Min(MathF.Min(Float3.Dot(axis, c00), Float3.Dot(axis, c10)),
            MathF.Min(Float3.Dot(axis, c01), Float3.Dot(axis, c11)));
        cosA = MathF.Min(cosA, 0.99999f) * 0.9999f; // a hair wider than the corner rays
        cone.TanA = MathF.Sqrt(MathF.Max(0f, 1f - cosA * cosA)) / cosA;
        cone.Direction = f.Pose.RotateToWorld(axis);
        cone.Origin = f.Pose.Position;
        return cone;
    }

    /// <summary>The field at the cone's apex-side point on its axis (call only while <see cref="Active"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float SampleAt<TGrid>(in SdfGridShape g, TGrid grid) where TGrid : struct, IElementView<float> =>
        g.Sample(grid, Origin + Direction * T);

    /// <summary>Takes the field value at the current point and steps (or stops when the step is under 0.25
    /// mm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Accept(float value, float stepScale, float maxDistance)
    {
        if (!Active) return;
        var step = (0.9f * stepScale * value - T * TanA) / (1f + TanA);
        if (step < 0.25f || T + step > maxDistance) { Active = false; return; }
        T += step;
        if (++_steps >= MaxSteps) Active = false;
    }
}
