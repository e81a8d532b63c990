using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Monte Carlo volumetric path tracing (paper §2.2, eq. (1)): from the lens through the pixel, free flights by delta
/// tracking; at each real collision the throughput is weighted by the single-scattering albedo and texture colour, one
/// light (of the rig) is sampled for next-event estimation with a ratio-tracked shadow ray, and the path continues by a
/// hybrid choice (Exposure Render's): with probability P = P_max·(1 − exp(−|∇HU|/s)) a BRDF event (Lambert +
/// GGX,
/// normal −∇HU/|∇HU|), otherwise Henyey–Greenstein phase scattering. Russian roulette after a few events; rays
/// that leave
/// the volume see the ambient radiance.
/// </summary>
internal static class PathTracingKernel
{
    /// <summary>
    /// The kernel body for pixel <paramref name="index"/>: adds the radiance of <see cref="PathParams.SampleCount"/>
    /// paths to the planar RGB sums <paramref name="accum"/>[c·N + index], and their first-event albedo AOV to
    /// <paramref name="albedo"/>: the albedo of each path that scattered at least once to the planar RGB sums
    /// [c·N + index], and the count of those paths to [3N + index].
    /// </summary>
    public static void Pixel<TView>(int index, PathParams p, Medium<TView> medium, TView starts, TView accum,
        TView albedo)
        where TView : struct, IElementView<float>
    {
        var n = p.Camera.Width * p.Camera.Height;
        var px = index % p.Camera.Width;
        var py = index / p.Camera.Width;
        var sum = Float3.Zero;
        var albedoSum = Float3.Zero;
        var scattered = 0f;
        var start = starts.Load(PrimaryStart.TileOf(px, py, p.Camera.Width)); // no extinction before it, any jitter
        for (var s = 0; s < p.SampleCount; s++)
        {
            var rng = new PathRandom(p.Seed, (uint)index, (uint)(p.SampleStart + s));
            var jx = rng.NextFloat(); var jy = rng.NextFloat();
            if (!p.Camera.Unproject(px + jx, py + jy, out var dc)) continue;
            sum += TracePath(p, medium, p.Pose.Position, p.Pose.RotateToWorld(dc), start, ref rng,
                out var firstAlbedo, out var firstEvent);
            if (!firstEvent) continue;
            albedoSum += firstAlbedo;
            scattered += 1f;
        }
        accum.Store(index, accum.Load(index) + sum.X);
        accum.Store(n + index, accum.Load(n + index) + sum.Y);
        accum.Store(2 * n + index, accum.Load(2 * n + index) + sum.Z);
        albedo.Store(index, albedo.Load(index) + albedoSum.X);
        albedo.Store(n + index, albedo.Load(n + index) + albedoSum.Y);
        albedo.Store(2 * n + index, albedo.Load(2 * n + index) + albedoSum.Z);
        albedo.Store(3 * n + index, albedo.Load(3 * n + index) + scattered);
    }

    /// <summary>
    /// The radiance carried back along one path starting at <paramref name="origin"/> in direction
    /// <paramref name="direction"/>; its first free flight is tracked from <paramref name="start"/> (mm), before which
    /// the medium must be empty (<see cref="PrimaryStart"/>; 0 when unknown). <paramref name="firstEvent"/> says
    /// whether the path scattered at all, and <paramref name="firstAlbedo"/> is the albedo (colour × texture ×
    /// single-scattering albedo, before any lighting) at its first real collision (zero when it never scattered).
    /// </summary>
    public static Float3 TracePath<TView>(in PathParams p, in Medium<TView> medium, Float3 origin, Float3 direction,
        float start, ref PathRandom rng, out Float3 firstAlbedo, out bool firstEvent)
        where TView : struct, IElementView<float>
    {
        // The path is a state machine (free flight, collision, shadow ray, continuation; one stage per Advance)
        // advanced to its end.
        var s = PathState.Begin(origin, direction, start, rng);
        BeginFlight(medium, ref s);
        while (s.Alive) Advance(p, medium, ref s);
        rng = s.Rng;
        firstAlbedo = s.FirstAlbedo;
        firstEvent = s.FirstEvent;
        return s.Radiance;
    }

    /// <summary>
    /// One unit of a path's work: a step of its free flight or shadow ray (<see cref="Medium{TView}.Step"/>), or, when
    /// that is done, the next stage — after a free flight the collision (<see cref="Collide"/>), after a shadow ray
    /// (or a
    /// collision without one) the continuation (<see cref="Continue"/>) and the next free flight.
    /// </summary>
    private static void Advance<TView>(in PathParams p, in Medium<TView> medium, ref PathState s)
        where TView : struct, IElementView<float>
    {
        if (s.Tracker.Active)
        {
            // The whole flight or shadow ray on local copies, which the JIT can keep in registers.
            var k = s.Tracker;
            var rng = s.Rng;
            while (k.Active) medium.Step(ref k, ref rng);
            s.Tracker = k;
            s.Rng = rng;
            return;
        }
        Stage(p, medium, ref s);
    }

    /// <summary>
    /// The work between two trackings (the path's tracker is done): after a free flight the collision
    /// (<see cref="Collide"/>), after a shadow ray (or a collision without one) the continuation
    /// (<see cref="Continue"/>) and the next free flight. The eight-lane CPU body (<see cref="PathOctet"/>)
    /// runs it per lane.
    /// </summary>
    internal static void Stage<TView>(in PathParams p, in Medium<TView> medium, ref PathState s)
        where TView : struct, IElementView<float>
    {
        if (!s.Shadowing)
        {
            Collide(p, medium, ref s);
            if (!s.Alive) return;
            if (s.Light)
            {
                s.Shadowing = true; // its shadow ray is set up: trace it first
                return;
            }
        }
        s.Shadowing = false;
        Continue(p, ref s);
        BeginFlight(medium, ref s);
    }

    /// <summary>Sets up the path's next free flight (delta tracking).</summary>
    internal static void BeginFlight<TView>(in Medium<TView> medium, ref PathState s)
        where TView : struct, IElementView<float>
    {
        if (s.Alive) medium.BeginTracking(ref s.Tracker, s.O, s.D, s.Bounce == 0 ? s.Start : 0f, float.MaxValue, false);
    }

    /// <summary>
    /// After the free flight: an escaping path sees the ambient and ends; at a real collision the albedo and texture
    /// colour are applied, the hybrid BRDF/phase choice is made, one light is picked for next-event estimation and its
    /// shadow ray (ratio tracking) is set up.
    /// </summary>
    private static void Collide<TView>(in PathParams p, in Medium<TView> medium, ref PathState s)
        where TView : struct, IElementView<float>
    {
        if (!s.Alive) return;
        s.Light = false;
        if (!s.Tracker.Hit)
        {
            s.Radiance += s.Beta * p.Lights.Ambient;
            s.Alive = false;
            return;
        }
        var t = s.Tracker.T;
        var x = s.O + s.D * t;
        var v = medium.Field.ToVoxel(x);
        var hu = medium.Field.Sample(v);
        medium.Transfer.Material(hu, out var albedo, out var colour, out var roughness, out var specular);
        // Ray-cone texture filtering: once the footprint covers the texture's largest feature, its average stands in.
        s.Footprint += t * s.Spread;
        var texture = p.TextureFootprintMm > 0f && s.Footprint >= p.TextureFootprintMm
            ? p.TextureMean : p.Texture.Evaluate(x);
        colour = Clamp01(colour * texture) * albedo;
        if (s.Bounce == 0)
        {
            // The first-event albedo AOV: the denoiser's guide for demodulating the illumination.
            s.FirstAlbedo = colour;
            s.FirstEvent = true;
        }
        // Hybrid choice: BRDF with probability P_max·(1 − exp(−|∇HU|/s)). The uniform is drawn first, so the six
        // gradient fetches are only made when it falls below P_max (otherwise it is a phase event whatever |∇HU|).
        var u = s.Rng.NextFloat();
        var grad = Float3.Zero;
        var gm = 0f;
        if (u < p.SurfaceProbability)
        {
            grad = medium.Field.Gradient(v);
            gm = grad.Length;
        }
        var pSurface = p.SurfaceProbability * (1f - MathF.Exp(-gm / p.GradientScale));
        var wo = -s.D;
        if (gm > 0f && u < pSurface)
        {
            // BRDF event at a tissue boundary; the normal faces the side the path came from.
            var nrm = grad * (-1f / gm);
            if (Float3.Dot(nrm, wo) < 0f) nrm = -nrm;
            s.Surface = true;
            s.Material = new SurfaceMaterial(colour, roughness, specular);
            s.Normal = nrm;
            s.X = x + nrm * p.SurfaceOffset;
            if (p.Lights.Count == 0) return;
            var i = PickLight(p.Lights, ref s.Rng);
            var intensity = p.Lights.Toward(i, s.X, out var wl, out var dist);
            if (intensity <= 0f || Float3.Dot(wl, nrm) <= 0f) return;
            s.F = SurfaceBrdf.Evaluate(s.Material, nrm, wo, wl, out _);
            Shadow(medium, ref s, i, wl, intensity, dist, p.Lights);
        }
        else
        {
            // Phase event inside the medium.
            s.Surface = false;
            s.Beta = s.Beta * colour;
            s.X = x;
            if (p.Lights.Count == 0) return;
            var i = PickLight(p.Lights, ref s.Rng);
            var intensity = p.Lights.Toward(i, x, out var wl, out var dist);
            if (intensity <= 0f) return;
            s.Phase = HenyeyGreenstein.Evaluate(Float3.Dot(s.D, wl), p.PhaseG);
            Shadow(medium, ref s, i, wl, intensity, dist, p.Lights);
        }
    }

    /// <summary>Sets up the shadow ray of a next-event estimate toward light <paramref name="i"/>.</summary>
    private static void Shadow<TView>(in Medium<TView> medium, ref PathState s, int i, Float3 wl, float intensity,
        float dist, in LightSet lights)
        where TView : struct, IElementView<float>
    {
        s.Light = true;
        s.Intensity = intensity;
        s.Distance = dist;
        medium.BeginTracking(ref s.Tracker, s.X, wl, 0f, dist - lights.EmptyRadius(i), true); // σt = 0 near the light
    }

    /// <summary>
    /// After the shadow ray: adds the next-event estimate (one light chosen uniformly, weighted by the light count,
    /// inverse-square falloff), samples the next direction (BRDF or Henyey–Greenstein) and plays Russian roulette.
    /// </summary>
    private static void Continue(in PathParams p, ref PathState s)
    {
        if (!s.Alive) return;
        if (s.Surface)
        {
            if (s.Light)
                s.Radiance +=
                    Clamp(s.Beta * (s.F * (s.Tracker.Tr * s.Intensity * p.Lights.Count / (s.Distance * s.Distance))),
                    s.Bounce, p.IndirectClamp);
            var wo = -s.D;
            var u0 = s.Rng.NextFloat(); var u1 = s.Rng.NextFloat(); var u2 = s.Rng.NextFloat();
            if (!SurfaceBrdf.Sample(s.Material, s.Normal, wo, u0, u1, u2, out var wi, out var weight))
            {
                s.Alive = false;
                return;
            }
            s.Beta = s.Beta * weight;
            // Spread of the sampled lobe: the specular lobe's ≈ 2α, the cosine lobe's ≈ 1 rad.
            s.Spread = u0 < SurfaceBrdf.SpecularProbability(s.Material, Float3.Dot(s.Normal, wo))
                ? 2f * SurfaceBrdf.Alpha(s.Material) : 1f;
            s.O = s.X;
            s.D = wi;
        }
        else
        {
            if (s.Light)
                s.Radiance +=
                    Clamp(s.Beta * (s.Phase * s.Tracker.Tr * s.Intensity * p.Lights.Count / (s.Distance * s.Distance)),
                    s.Bounce, p.IndirectClamp);
            s.D = HenyeyGreenstein.Sample(s.D, p.PhaseG, s.Rng.NextFloat(), s.Rng.NextFloat());
            s.Spread = p.PhaseSpread;
            s.O = s.X;
        }
        if (s.Bounce + 1 >= p.RouletteStart)
        {
            var q = float.MinNative(float.MaxNative(s.Beta.X, float.MaxNative(s.Beta.Y, s.Beta.Z)), 0.95f);
            if (!(q > 0f) || s.Rng.NextFloat() >= q)
            {
                s.Alive = false;
                return;
            }
            s.Beta = s.Beta / q;
        }
        if (++s.Bounce >= p.MaxBounces) s.Alive = false;
    }

    /// <summary>Firefly clamp: light samples after the first event are scaled down to at most <paramref name="limit"/>
    /// per channel.</summary>
    private static Float3 Clamp(Float3 c, int bounce, float limit)
    {
        if (bounce == 0 || limit <= 0f) return c;
        var m = float.MaxNative(c.X, float.MaxNative(c.Y, c.Z));
        return m > limit ? c * (limit / m) : c;
    }

    private static Float3 Clamp01(Float3 c) =>
        new(float.MinNative(float.MaxNative(c.X, 0f), 1f), float.MinNative(float.MaxNative(c.Y, 0f), 1f),
            float.MinNative(float.MaxNative(c.Z, 0f), 1f));

    private static int PickLight(in LightSet lights, ref PathRandom rng) =>
        Math.Min((int)(rng.NextFloat() * lights.Count), lights.Count - 1);
}
