using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// A fast stand-in for cinematic rendering (not Monte Carlo): each primary ray is marched through the CT volume with
/// trilinear interpolation until the HU crosses a threshold (−450 HU, where a step opacity ramp reaches 0.5: the
/// paper's depth-by-ray-termination), refined by bisection; the hit is shaded with the preset's textured albedo,
/// Lambert + Blinn–Phong from the rig's lights with inverse-square falloff. All presets share the depth map.
/// </summary>
public sealed class StandInVolumeRenderer : IVolumeRenderer<StandInPreset>
{
    /// <summary>Surface threshold (HU).</summary>
    public float ThresholdHu { get; init; } = -450f;

    /// <summary>Exposure gain before gamma.</summary>
    public float Gain { get; init; } = 400f;

    /// <inheritdoc />
    public VolumeRendering Render(CtVolume volume, CameraView view, IReadOnlyList<StandInPreset> presets,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(presets);
        if (presets.Count == 0) throw new ArgumentException("At least one preset is needed.", nameof(presets));
        var looks = presets;
        var cam = view.Camera;
        var images = looks.Select(_ => new ImageF(cam.Width, cam.Height, 3)).ToList();
        var depth = new DepthMap(cam.Width, cam.Height);
        var hu = volume.AsFloat32();
        Parallel.For(0, cam.Height, new ParallelOptions { CancellationToken = cancellationToken }, y =>
        {
            for (var x = 0; x < cam.Width; x++)
            {
                if (!cam.Unproject(x + 0.5f, y + 0.5f, out var dir)) continue;
                var o = view.Pose.Position;
                var d = view.Pose.RotateToWorld(dir);
                if (!March(volume, hu, o, d, out var t)) continue;
                var p = o + d * t;
                depth.Set(x, y, t * dir.Z);
                var n = -Gradient(volume, hu, p);
                n = n.LengthSquared > 0 ? Float3.Normalize(n) : -d;
                for (var k = 0; k < looks.Count; k++)
                {
                    var look = looks[k];
                    var tex = 1f + look.TextureAmount * (2f * ValueNoise(p / look.TextureMm) - 1f);
                    float diffuse = 0, spec = 0;
                    foreach (var l in view.Rig.Lights)
                    {
                        var lp = view.Pose.ToWorld(l.Offset);
                        var toL = lp - p;
                        var dist2 = MathF.Max(toL.LengthSquared, 1e-4f);
                        var li = Float3.Normalize(toL);
                        var cos = MathF.Max(0, Float3.Dot(n, li));
                        diffuse += l.Intensity * cos / dist2; // inverse-square falloff
                        var h = Float3.Normalize(li - d);
                        spec += l.Intensity * MathF.Pow(MathF.Max(0, Float3.Dot(n, h)), look.Shininess) / dist2;
                    }
                    var scale = Gain / view.Rig.Lights.Count;
                    images[k][x, y, 0] = Tone((look.R * tex * diffuse + look.Specular * spec) * scale);
                    images[k][x, y, 1] = Tone((look.G * tex * diffuse + look.Specular * spec) * scale);
                    images[k][x, y, 2] = Tone((look.B * tex * diffuse + look.Specular * spec) * scale);
                }
            }
        });
        progress?.Report(1.0);
        return new VolumeRendering(images, depth);
    }

    private static float Tone(float v) => MathF.Pow(Math.Clamp(v, 0f, 1f), 1f / 2.2f);

    private bool March(CtVolume v, float[] hu, Float3 o, Float3 d, out float t)
    {
        var step = MathF.Min(v.Spacing.X, MathF.Min(v.Spacing.Y, v.Spacing.Z)) * 0.5f;
        float prev = 0;
        for (t = 0; t < 200f; t += step)
        {
            var s = Sample(v, hu, o + d * t);
            if (float.IsNaN(s)) return false;
            if (s >= ThresholdHu)
            {
                float lo = prev, hi = t;
                for (var i = 0; i < 8; i++)
                {
                    var m = 0.5f * (lo + hi);
                    if (Sample(v, hu, o + d * m) >= ThresholdHu) hi = m;
                    else lo = m;
                }
                t = 0.5f * (lo + hi);
                return t > 0;
            }
            prev = t;
        }
        return false;
    }

    private static float Sample(CtVolume v, float[] hu, Float3 world)
    {
        var q = v.WorldToVoxel(world);
        if (q.X < 0 || q.Y < 0 || q.Z < 0 || q.X > v.Nx - 1 || q.Y > v.Ny - 1 || q.Z > v.Nz - 1) return float.NaN;
        int i = Math.Min((int)q.X, v.Nx - 2), j = Math.Min((int)q.Y, v.Ny - 2), k = Math.Min((int)q.Z, v.Nz - 2);
        float fx = q.X - i, fy = q.Y - j, fz = q.Z - k;
        float At(int a, int b, int c) => hu[((k + c) * v.Ny + (j + b)) * v.Nx + (i + a)];
        var c00 = At(0, 0, 0) * (1 - fx) + At(1, 0, 0) * fx;
        var c10 = At(0, 1, 0) * (1 - fx) + At(1, 1, 0) * fx;
        var c01 = At(0, 0, 1) * (1 - fx) + At(1, 0, 1) * fx;
        var c11 = At(0, 1, 1) * (1 - fx) + At(1, 1, 1) * fx;
        return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
    }

    private static Float3 Gradient(CtVolume v, float[] hu, Float3 p)
    {
        const float h = 0.5f;
        static float S(CtVolume v, float[] hu, Float3 q) { var s = Sample(v, hu, q); return float.IsNaN(s) ? 0 : s; }
        return new Float3(S(v, hu, p + new Float3(h, 0, 0)) - S(v, hu, p - new Float3(h, 0, 0)),
            S(v, hu, p + new Float3(0, h, 0)) - S(v, hu, p - new Float3(0, h, 0)),
            S(v, hu, p + new Float3(0, 0, h)) - S(v, hu, p - new Float3(0, 0, h)));
    }

    /// <summary>Trilinear value noise in [0, 1] on the integer lattice (hash-based, deterministic).</summary>
    private static float ValueNoise(Float3 p)
    {
        int x = (int)MathF.Floor(p.X), y = (int)MathF.Floor(p.Y), z = (int)MathF.Floor(p.Z);
        float fx = p.X - x, fy = p.Y - y, fz = p.Z - z;
        fx = fx * fx * (3 - 2 * fx); fy = fy * fy * (3 - 2 * fy); fz = fz * fz * (3 - 2 * fz);
        float H(int a, int b, int c)
        {
            var h = (uint)((x + a) * 73856093 ^ (y + b) * 19349663 ^ (z + c) * 83492791);
            h ^= h >> 13; h *= 0x5bd1e995; h ^= h >> 15;
            return (h & 0xffffff) / (float)0xffffff;
        }
        var x00 = H(0, 0, 0) + (H(1, 0, 0) - H(0, 0, 0)) * fx;
        var x10 = H(0, 1, 0) + (H(1, 1, 0) - H(0, 1, 0)) * fx;
        var x01 = H(0, 0, 1) + (H(1, 0, 1) - H(0, 0, 1)) * fx;
        var x11 = H(0, 1, 1) + (H(1, 1, 1) - H(0, 1, 1)) * fx;
        var y0 = x00 + (x10 - x00) * fy;
        var y1 = x01 + (x11 - x01) * fy;
        return y0 + (y1 - y0) * fz;
    }
}
