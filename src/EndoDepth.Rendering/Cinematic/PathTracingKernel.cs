using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Monte Carlo volumetric path tracing (paper §2.2, eq. (1)): from the lens through the pixel, free flights by delta
/// tracking; at each real collision the throughput is weighted by the single-scattering albedo and texture colour, one
/// light (of the rig) is sampled for next-event estimation with a ratio-tracked shadow ray, and the path continues by a
/// hybrid choice (Exposure Render's): with probability P = P_max·(1 − exp(−|∇HU|/s)) a BRDF event (Lambert + GGX,
/// normal −∇HU/|∇HU|), otherwise Henyey–Greenstein phase scattering. Russian roulette after a few events; rays that leave
/// the volume see the ambient radiance.
/// </summary>
public static class PathTracingKernel
{
    /// <summary>
    /// The kernel body for pixel <paramref name="index"/>: adds the radiance of <see cref="PathParams.SampleCount"/>
    /// paths to the planar RGB sums <paramref name="accum"/>[c·N + index].
    /// </summary>
    public static void Pixel<TView>(int index, PathParams p, Medium<TView> medium, TView starts, TView accum)
        where TView : struct, IElementView<float>
    {
        var n = p.Camera.Width * p.Camera.Height;
        var px = index % p.Camera.Width;
        var py = index / p.Camera.Width;
        var sum = Float3.Zero;
        var start = starts.Load(PrimaryStart.TileOf(px, py, p.Camera.Width)); // no extinction before it, any jitter
        for (var s = 0; s < p.SampleCount; s++)
        {
            var rng = new PathRandom(p.Seed, (uint)index, (uint)(p.SampleStart + s));
            var jx = rng.NextFloat(); var jy = rng.NextFloat();
            if (!p.Camera.Unproject(px + jx, py + jy, out var dc)) continue;
            sum += TracePath(p, medium, p.Pose.Position, p.Pose.RotateToWorld(dc), start, ref rng);
        }
        accum.Store(index, accum.Load(index) + sum.X);
        accum.Store(n + index, accum.Load(n + index) + sum.Y);
        accum.Store(2 * n + index, accum.Load(2 * n + index) + sum.Z);
    }

    /// <summary>
    /// The radiance carried back along one path starting at <paramref name="origin"/> in direction
    /// <paramref name="direction"/>; its first free flight is tracked from <paramref name="start"/> (mm), before which
    /// the medium must be empty (<see cref="PrimaryStart"/>; 0 when unknown).
    /// </summary>
    public static Float3 TracePath<TView>(PathParams p, Medium<TView> medium, Float3 origin, Float3 direction, float start, ref PathRandom rng)
        where TView : struct, IElementView<float>
    {
        var radiance = Float3.Zero;
        var beta = new Float3(1f, 1f, 1f);
        var o = origin;
        var d = direction;
        var footprint = 0f; // width (mm) of the path's ray cone at the next event
        var spread = 0f;    // angular spread (rad) of the lobe that chose d; 0 for the camera ray
        for (var bounce = 0; bounce < p.MaxBounces; bounce++)
        {
            if (!medium.SampleCollision(o, d, bounce == 0 ? start : 0f, float.MaxValue, ref rng, out var t))
            {
                radiance += beta * p.Lights.Ambient;
                break;
            }
            var x = o + d * t;
            var v = medium.Field.ToVoxel(x);
            var hu = medium.Field.Sample(v);
            medium.Transfer.Material(hu, out var albedo, out var colour, out var roughness, out var specular);
            // Ray-cone texture filtering: once the footprint covers the texture's largest feature, its average stands in.
            footprint += t * spread;
            var texture = p.TextureFootprintMm > 0f && footprint >= p.TextureFootprintMm ? p.TextureMean : p.Texture.Evaluate(x);
            colour = Clamp01(colour * texture) * albedo;
            // Hybrid choice: BRDF with probability P_max·(1 − exp(−|∇HU|/s)). The uniform is drawn first, so the six
            // gradient fetches are only made when it falls below P_max (otherwise it is a phase event whatever |∇HU|).
            var u = rng.NextFloat();
            var grad = Float3.Zero;
            var gm = 0f;
            if (u < p.SurfaceProbability)
            {
                grad = medium.Field.Gradient(v);
                gm = grad.Length;
            }
            var pSurface = p.SurfaceProbability * (1f - MathF.Exp(-gm / p.GradientScale));
            var wo = -d;
            if (gm > 0f && u < pSurface)
            {
                // BRDF event at a tissue boundary; the normal faces the side the path came from.
                var nrm = grad * (-1f / gm);
                if (Float3.Dot(nrm, wo) < 0f) nrm = -nrm;
                var m = new SurfaceMaterial(colour, roughness, specular);
                var xs = x + nrm * p.SurfaceOffset;
                radiance += Clamp(beta * DirectSurface(p, medium, m, xs, nrm, wo, ref rng), bounce, p.IndirectClamp);
                var u0 = rng.NextFloat(); var u1 = rng.NextFloat(); var u2 = rng.NextFloat();
                if (!SurfaceBrdf.Sample(m, nrm, wo, u0, u1, u2, out var wi, out var weight)) break;
                // Spread of the sampled lobe: the specular lobe's ≈ 2α, the cosine lobe's ≈ 1 rad.
                spread = u0 < SurfaceBrdf.SpecularProbability(m, Float3.Dot(nrm, wo)) ? 2f * SurfaceBrdf.Alpha(m) : 1f;
                beta = beta * weight;
                o = xs;
                d = wi;
            }
            else
            {
                // Phase event inside the medium.
                beta = beta * colour;
                radiance += Clamp(beta * DirectPhase(p, medium, x, d, ref rng), bounce, p.IndirectClamp);
                d = HenyeyGreenstein.Sample(d, p.PhaseG, rng.NextFloat(), rng.NextFloat());
                spread = p.PhaseSpread;
                o = x;
            }
            if (bounce + 1 >= p.RouletteStart)
            {
                var q = MathF.Min(0.95f, MathF.Max(beta.X, MathF.Max(beta.Y, beta.Z)));
                if (!(q > 0f) || rng.NextFloat() >= q) break;
                beta = beta / q;
            }
        }
        return radiance;
    }

    /// <summary>Firefly clamp: light samples after the first event are scaled down to at most <paramref name="limit"/> per channel.</summary>
    private static Float3 Clamp(Float3 c, int bounce, float limit)
    {
        if (bounce == 0 || limit <= 0f) return c;
        var m = MathF.Max(c.X, MathF.Max(c.Y, c.Z));
        return m > limit ? c * (limit / m) : c;
    }

    private static Float3 Clamp01(Float3 c) =>
        new(MathF.Min(1f, MathF.Max(0f, c.X)), MathF.Min(1f, MathF.Max(0f, c.Y)), MathF.Min(1f, MathF.Max(0f, c.Z)));

    private static int PickLight(LightSet lights, ref PathRandom rng) =>
        Math.Min((int)(rng.NextFloat() * lights.Count), lights.Count - 1);

    /// <summary>Next-event estimate at a surface event: one light chosen uniformly, weighted by the light count.</summary>
    private static Float3 DirectSurface<TView>(PathParams p, Medium<TView> medium, SurfaceMaterial m, Float3 x, Float3 nrm, Float3 wo, ref PathRandom rng)
        where TView : struct, IElementView<float>
    {
        if (p.Lights.Count == 0) return Float3.Zero;
        var i = PickLight(p.Lights, ref rng);
        var intensity = p.Lights.Toward(i, x, out var wl, out var dist);
        if (intensity <= 0f || Float3.Dot(wl, nrm) <= 0f) return Float3.Zero;
        var f = SurfaceBrdf.Evaluate(m, nrm, wo, wl, out _);
        var tr = medium.Transmittance(x, wl, dist - p.Lights.EmptyRadius(i), ref rng); // σt = 0 near the light
        return f * (tr * intensity * p.Lights.Count / (dist * dist)); // inverse-square falloff
    }

    /// <summary>Next-event estimate at a phase event.</summary>
    private static float DirectPhase<TView>(PathParams p, Medium<TView> medium, Float3 x, Float3 d, ref PathRandom rng)
        where TView : struct, IElementView<float>
    {
        if (p.Lights.Count == 0) return 0f;
        var i = PickLight(p.Lights, ref rng);
        var intensity = p.Lights.Toward(i, x, out var wl, out var dist);
        if (intensity <= 0f) return 0f;
        var phase = HenyeyGreenstein.Evaluate(Float3.Dot(d, wl), p.PhaseG);
        var tr = medium.Transmittance(x, wl, dist - p.Lights.EmptyRadius(i), ref rng); // σt = 0 near the light
        return phase * tr * intensity * p.Lights.Count / (dist * dist);
    }
}
