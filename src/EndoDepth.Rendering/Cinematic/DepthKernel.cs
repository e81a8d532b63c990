using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>Per-launch parameters of the <see cref="DepthKernel"/>. A value type usable inside kernels.</summary>
internal struct DepthParams
{
    /// <summary>The camera.</summary>
    public CameraModel Camera;
    /// <summary>Camera → world.</summary>
    public RigidPose Pose;
    /// <summary>Accumulated opacity at which a ray terminates (the paper's threshold; default 0.5).</summary>
    public float Threshold;
    /// <summary>March step (mm).</summary>
    public float StepMm;
}

/// <summary>
/// Depth by ray termination (paper §2.2): each primary ray accumulates opacity front to back through the reference
/// opacity ramp, α(t) = 1 − exp(−∫₀ᵗ σt) (trapezoidal rule on a regular lattice of steps, empty macro cells
/// skipped);
/// where α first reaches the threshold (linear interpolation inside the step) the z-depth (mm) and the unit normal
/// −∇HU/|∇HU| (world frame) are recorded. Rays that never reach it are invalid (depth 0). No Monte Carlo.
/// </summary>
internal static class DepthKernel
{
    /// <summary>
    /// The kernel body for pixel <paramref name="index"/> (row-major). Writes <paramref name="depth"/>[index] and the
    /// planar normal <paramref name="normals"/>[c·N + index]. The march starts at the pixel's tile start
    /// <paramref name="starts"/> (<see cref="PrimaryStart"/>; σt = 0 before it).
    /// </summary>
    public static void Pixel<TView>(int index, DepthParams p, Medium<TView> reference, TView starts, TView depth,
        TView normals)
        where TView : struct, IElementView<float>
    {
        var n = p.Camera.Width * p.Camera.Height;
        var x = index % p.Camera.Width;
        var y = index / p.Camera.Width;
        depth.Store(index, 0f);
        normals.Store(index, 0f); normals.Store(n + index, 0f); normals.Store(2 * n + index, 0f);
        if (!p.Camera.Unproject(x + 0.5f, y + 0.5f, out var dc)) return;
        var d = p.Pose.RotateToWorld(dc);
        var o = p.Pose.Position;
        var ov = reference.Field.ToVoxel(o);
        var dv = reference.Field.DirectionToVoxel(d);
        var walk = default(CellWalk);
        if (!walk.Begin(ov, dv, starts.Load(PrimaryStart.TileOf(x, y, p.Camera.Width)), float.MaxValue,
            reference.Field.Nx, reference.Field.Ny, reference.Field.Nz,
                reference.CellSize, reference.Cx, reference.Cy, reference.Cz)) return;
        var tauStar = -MathF.Log(1f - p.Threshold);
        var h = p.StepMm;
        var tau = 0f;
        var sigmaPrev = 0f;
        var lastStep = -2;
        while (true)
        {
            if (!reference.ToOccupiedCell(ref walk, out var majorant)) return; // empty space, see EmptySpace
            if (majorant <= 0f)
            {
                if (!walk.Advance()) return;
                continue;
            }
            var step = (int)MathF.Ceiling(walk.T0 / h);
            while (step * h < walk.T1)
            {
                var t = step * h;
                var sigma = reference.Transfer.SigmaT(reference.Field.SampleAlong(ov, dv, t));
                if (lastStep != step - 1) sigmaPrev = 0f; // the previous lattice point lay in an empty cell
                var next = tau + 0.5f * (sigmaPrev + sigma) * h; // trapezoidal optical depth
                if (next >= tauStar && step > 0)
                {
                    var f = (tauStar - tau) / MathF.Max(next - tau, 1e-20f);
                    var tHit = t - h + f * h;
                    depth.Store(index, tHit * dc.Z); // z-depth: distance along the optical axis
                    var g = reference.Field.Gradient(ov + dv * tHit);
                    var gl = g.Length;
                    if (gl > 0f)
                    {
                        normals.Store(index, -g.X / gl); normals.Store(n + index,
                            -g.Y / gl); normals.Store(2 * n + index, -g.Z / gl);
                    }
                    return;
                }
                tau = next;
                sigmaPrev = sigma;
                lastStep = step;
                step++;
            }
            if (!walk.Advance()) return;
        }
    }
}
