using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// A CPU sphere-tracing stand-in for the synthetic endoscope (paper §2.1.1) on <see cref="StandInTube"/>: first hit,
/// shading Σ I·cosθ/d² over the rig's lights (inverse-square falloff), Lambert only, gamma 1/2.2; exact z-depth.
/// </summary>
public sealed class StandInEndoscope : IForwardModel<StandInTube>
{
    /// <summary>Gain applied before gamma so that a wall ~20 mm ahead is mid-grey.</summary>
    public float Gain { get; init; } = 400f;

    /// <inheritdoc />
    public RenderedFrame Render(StandInTube scene, CameraView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(view);
        var tube = scene;
        var cam = view.Camera;
        var image = new ImageF(cam.Width, cam.Height);
        var depth = new DepthMap(cam.Width, cam.Height);
        Parallel.For(0, cam.Height, new ParallelOptions { CancellationToken = cancellationToken }, y =>
        {
            for (var x = 0; x < cam.Width; x++)
            {
                if (!cam.Unproject(x + 0.5f, y + 0.5f, out var dir)) continue;
                var o = view.Pose.Position;
                var d = view.Pose.RotateToWorld(dir);
                if (!Trace(tube, o, d, out var t)) continue;
                var p = o + d * t;
                var n = Normal(tube, p);
                float sum = 0;
                foreach (var l in view.Rig.Lights)
                {
                    var lp = view.Pose.ToWorld(l.Offset);
                    var toL = lp - p;
                    var dist2 = MathF.Max(toL.LengthSquared, 1e-4f);
                    var cos = MathF.Max(0, Float3.Dot(n, toL / MathF.Sqrt(dist2)));
                    sum += l.Intensity * cos / dist2; // inverse-square falloff
                }
                image[x, y] = MathF.Pow(Math.Clamp(sum * Gain / view.Rig.Lights.Count, 0f, 1f), 1f / 2.2f);
                depth.Set(x, y, t * dir.Z);
            }
        });
        return new RenderedFrame(image, depth);
    }

    /// <inheritdoc />
    public IReadOnlyList<RenderedFrame> RenderBatch(StandInTube scene, IReadOnlyList<CameraView> views, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        var frames = new List<RenderedFrame>(views.Count);
        foreach (var v in views) { frames.Add(Render(scene, v, cancellationToken)); progress?.Report(frames.Count); }
        return frames;
    }

    /// <inheritdoc />
    /// <remarks>The stand-in has no sensor noise: the seeds are checked for count and otherwise ignored.</remarks>
    public IReadOnlyList<RenderedFrame> RenderBatch(StandInTube scene, IReadOnlyList<CameraView> views, IReadOnlyList<ulong> noiseSeeds, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(noiseSeeds);
        if (noiseSeeds.Count != views.Count) throw new ArgumentException($"{views.Count} views but {noiseSeeds.Count} noise seeds.", nameof(noiseSeeds));
        return RenderBatch(scene, views, progress, cancellationToken);
    }

    /// <summary>Sphere tracing inside the lumen to the wall.</summary>
    internal static bool Trace(StandInTube tube, Float3 o, Float3 d, out float t)
    {
        t = 0;
        for (var i = 0; i < 256 && t < 200f; i++)
        {
            var f = tube.Inside(o + d * t);
            if (f < 0.01f) return f > -5f;
            t += MathF.Max(0.6f * f, 0.02f);
        }
        return false;
    }

    /// <summary>Inward surface normal (towards the lumen) from the field's gradient.</summary>
    internal static Float3 Normal(StandInTube tube, Float3 p)
    {
        const float h = 0.05f;
        var g = new Float3(
            tube.Inside(p + new Float3(h, 0, 0)) - tube.Inside(p - new Float3(h, 0, 0)),
            tube.Inside(p + new Float3(0, h, 0)) - tube.Inside(p - new Float3(0, h, 0)),
            tube.Inside(p + new Float3(0, 0, h)) - tube.Inside(p - new Float3(0, 0, h)));
        return Float3.Normalize(g);
    }
}
