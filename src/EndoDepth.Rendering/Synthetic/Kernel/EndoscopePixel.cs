using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic.Octets;

namespace EndoDepth.Rendering.Synthetic.Kernel;

/// <summary>
/// The forward-model kernel body (paper §2.1.1), one call per pixel: camera ray → first surface hit by sphere
/// tracing
/// the signed distance grid (with a bracketed regula-falsi refinement) → shading Σⱼ Iⱼ·cosθⱼ/dⱼ² over the
/// tip's point
/// lights (Lambert + Blinn–Phong lobe), vignetting, gain, noise and gamma. Writes the grey value and the exact
/// z-depth
/// (0 where no surface is hit). Shared by the ILGPU and <c>Parallel.For</c> launchers.
/// </summary>
internal static class EndoscopePixel
{
    /// <summary>
    /// Renders the pixels [s·L, (s + 1)·L) of strip s = <paramref name="strip"/> (row-major, L =
    /// <see cref="EndoscopeFrameParams.StripLength"/>; those that exist) with four lanes of <see cref="MarchingRay"/>s
    /// advanced in lockstep, so that the CPU overlaps the latency of four independent lookup chains; a lane whose ray
    /// is
    /// done shades its pixel and takes the strip's next one, so all four stay busy until the strip runs out. Results
    /// are
    /// bit-identical to <see cref="Shade{TGrid, TOut}"/> per pixel.
    /// </summary>
    public static void ShadeStrip<TGrid, TOut>(int strip, in EndoscopeFrameParams f, TGrid grid, TOut rays, TOut image,
        TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var next = strip * f.StripLength;
        var end = Math.Min(next + f.StripLength, f.Camera.Width * f.Camera.Height);
        PixelLane a = PixelLane.Idle, b = PixelLane.Idle, c = PixelLane.Idle, d = PixelLane.Idle;
        var g = f.Grid;
        var scale = f.StepScale;
        var maxSteps = f.MaxSteps;
        for (; ; )
        {
            if (!a.Ray.Active && (a.Busy || next < end)) Refill(ref a, ref next, end, f, grid, rays, image, depth,
                blockStart);
            if (!b.Ray.Active && (b.Busy || next < end)) Refill(ref b, ref next, end, f, grid, rays, image, depth,
                blockStart);
            if (!c.Ray.Active && (c.Busy || next < end)) Refill(ref c, ref next, end, f, grid, rays, image, depth,
                blockStart);
            if (!d.Ray.Active && (d.Busy || next < end)) Refill(ref d, ref next, end, f, grid, rays, image, depth,
                blockStart);
            if (!(a.Busy | b.Busy | c.Busy | d.Busy)) break;
            a.Ray.Propose(scale); b.Ray.Propose(scale); c.Ray.Propose(scale); d.Ray.Propose(scale);
            // Four independent lookups, then the four updates.
            var va = a.Ray.Active ? a.Ray.SampleAt(g, grid) : 0f;
            var vb = b.Ray.Active ? b.Ray.SampleAt(g, grid) : 0f;
            var vc = c.Ray.Active ? c.Ray.SampleAt(g, grid) : 0f;
            var vd = d.Ray.Active ? d.Ray.SampleAt(g, grid) : 0f;
            a.Ray.Accept(va, maxSteps); b.Ray.Accept(vb, maxSteps); c.Ray.Accept(vc, maxSteps); d.Ray.Accept(vd,
                maxSteps);
        }
    }

    /// <summary>
    /// Shades the pixels [<paramref name="first"/>, <paramref name="end"/>) from hit distances parked in
    /// <paramref name="depth"/> (the eight-lane CPU path's tail, after <see cref="RayOctet"/> traced them).
    /// </summary>
    public static void ShadeTraced<TGrid, TOut>(int first, int end, in EndoscopeFrameParams f, TGrid grid, TOut rays,
        TOut image, TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        for (var index = first; index < end; index++)
        {
            var ray = PixelRay.Of(index, f, rays, blockStart);
            Finish(index, ray, depth.Load(index), f, grid, image, depth);
        }
    }

    /// <summary>Shades the lane's pixel once its ray is done and begins the strip's next pixel, until one needs lookups
    /// or none is left.</summary>
    /// <remarks>Not inlined: it runs once per pixel, and inlining it four times would exhaust the JIT's inlining budget
    /// for <see cref="ShadeStrip{TGrid, TOut}"/>, whose per-step calls must be inlined.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Refill<TGrid, TOut>(ref PixelLane lane, ref int next, int end, in EndoscopeFrameParams f,
        TGrid grid, TOut rays,
        TOut image, TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        while (!lane.Ray.Active)
        {
            if (lane.Busy) Finish(lane.Pixel, lane.View, lane.Ray.Hit, f, grid, image, depth);
            if (next >= end) { lane = PixelLane.Idle; return; }
            var index = next++;
            var view = PixelRay.Of(index, f, rays, blockStart);
            lane = new PixelLane { Pixel = index, View = view, Ray = view.Begin(f) };
        }
    }

    /// <summary>Renders pixel <paramref name="index"/> (row-major) on its own: the reference for
    /// <see cref="ShadeStrip{TGrid, TOut}"/>.</summary>
    public static void Shade<TGrid, TOut>(int index, in EndoscopeFrameParams f, TGrid grid, TOut rays, TOut image,
        TOut depth, TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var pixel = PixelRay.Of(index, f, rays, blockStart);
        var ray = pixel.Begin(f);
        var g = f.Grid;
        for (ray.Propose(f.StepScale); ray.Active; ray.Propose(f.StepScale)) ray.Accept(ray.SampleAt(g, grid),
            f.MaxSteps);
        Finish(index, pixel, ray.Hit, f, grid, image, depth);
    }

    /// <summary>Shades pixel <paramref name="index"/> from its trace result <paramref name="t"/> (retraced from 0 when
    /// the cone start failed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TGrid, TOut>(int index, in PixelRay ray, float t, in EndoscopeFrameParams f, TGrid grid,
        TOut image, TOut depth)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var origin = f.Pose.Position;
        var dir = ray.World;
        // The cone's start was not in free space for this ray (pixels outside the field of view start at 0).
        if (t < 0f && ray.Start > 0f) t = MarchingRay.Trace(f, grid, origin, dir, 0f);
        if (t < 0f)
        {
            image.Store(index, 0f); depth.Store(index, 0f);
            return;
        }
        var p = origin + dir * t;
        var n = Float3.Normalize(f.Grid.SurfaceGradient(grid, p)); // ∇f points into the lumen, toward the camera
        var v = -dir;
        var nv = Float3.Dot(n, v);
        var radiance = f.Ambient * f.Albedo;
        for (var j = 0; j < f.LightCount; j++) radiance += Light(f, p, n, v, nv, j); // Σⱼ over the tip's lights
        if (f.Vignetting > 0f) radiance *= 1f - f.Vignetting * ray.OffAxis * ray.OffAxis; // offAxis = θ/θmax
        Expose(index, t, radiance, ray.Camera.Z, f, image, depth);
    }

    /// <summary>
    /// The sensor: gain, Gaussian noise, clamp to [0, 1] and display gamma of the pixel's <paramref name="radiance"/>,
    /// and its z-depth t·d_z (<paramref name="cameraZ"/> = d_z); black and no depth when <paramref name="t"/> &lt; 0
    /// (no hit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Expose<TOut>(int index, float t, float radiance, float cameraZ, in EndoscopeFrameParams f,
        TOut image, TOut depth)
        where TOut : struct, IElementView<float>
    {
        if (t < 0f)
        {
            image.Store(index, 0f); depth.Store(index, 0f);
            return;
        }
        var value = Sensor(index, radiance, f);
        if (f.InvGamma != 1f && value > 0f) value = DisplayGamma.Encode(value, f.InvGamma);
        image.Store(index, value);
        depth.Store(index, t * cameraZ); // z-depth: distance along the optical axis
    }

    /// <summary>The linear sensor value of pixel <paramref name="index"/>: gain × radiance plus Gaussian noise,
    /// clamped to [0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sensor(int index, float radiance, in EndoscopeFrameParams f)
    {
        var value = f.Gain * radiance;
        if (f.NoiseSigma > 0f) value += f.NoiseSigma * SensorNoise.Gaussian(f.NoiseKey, (uint)index);
        return MathF.Min(1f, MathF.Max(0f, value));
    }

    /// <summary>Irradiance I·cosθ/d² (inverse-square law) times Lambert albedo plus a Blinn–Phong lobe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Light(in EndoscopeFrameParams f, Float3 p, Float3 n, Float3 v, float nv, int j)
    {
        f.Light(j, out var light, out var intensity, out var spot);
        var l = light - p;
        var inv = 1f / MathF.Sqrt(l.LengthSquared); // 1/d
        l *= inv;
        var cos = Float3.Dot(n, l);
        if (cos <= 0f) return 0f;
        var e = intensity * inv * inv; // I/d²
        if (spot > 0f) e *= MathF.Pow(MathF.Max(0f, -Float3.Dot(l, f.Pose.Forward)), spot);
        var r = f.Albedo * cos;
        var s = cos + nv;
        if (f.Specular > 0f && s > 0f)
        {
            // (n·h)² with h = (l + v)/|l + v| and |l + v|² = 2 + 2·l·v for unit l, v: no half vector, no square
            // root.
            var nh2 = s * s / MathF.Max(2f + 2f * Float3.Dot(l, v), 1e-12f);
            r += f.Specular * Lobe(nh2, f.Shininess, f.ShininessInteger);
        }
        return r * e;
    }

    /// <summary>
    /// (n·h)ˢ of the Blinn–Phong lobe from (n·h)² = <paramref name="nh2"/>: by repeated squaring when s is an
    /// even whole
    /// number (<paramref name="integer"/> = s; the default 40 takes 7 multiplications instead of a <c>MathF.Pow</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lobe(float nh2, float s, int integer)
    {
        if (integer <= 0 || (integer & 1) != 0) return MathF.Pow(nh2, 0.5f * s);
        var r = 1f;
        var x = nh2;
        for (var e = integer >> 1; e > 0; e >>= 1)
        {
            if ((e & 1) != 0) r *= x;
            x *= x;
        }
        return r;
    }

    /// <summary>
    /// Cone pre-pass for the blocks [i·L, (i + 1)·L) of BlockSize² pixels (i = <paramref name="index"/>, L =
    /// <see cref="EndoscopeFrameParams.ConeLanes"/>, those that exist), their cones (<see cref="ConeMarch"/>) marched
    /// in
    /// lockstep. Every pixel ray of a block is in free space up to the stored distance, so it can start there: ~5 fewer
    /// lookups per pixel. Each cone takes the steps it would take alone.
    /// </summary>
    public static void ConeStarts<TGrid, TOut>(int index, in EndoscopeFrameParams f, TGrid grid, TOut rays,
        TOut blockStart)
        where TGrid : struct, IElementView<float>
        where TOut : struct, IElementView<float>
    {
        var first = index * f.ConeLanes;
        var a = ConeMarch.Begin(first, f, rays);
        var b = ConeMarch.Begin(f.ConeLanes > 1 ? first + 1 : int.MaxValue, f, rays);
        var c = ConeMarch.Begin(f.ConeLanes > 2 ? first + 2 : int.MaxValue, f, rays);
        var d = ConeMarch.Begin(f.ConeLanes > 3 ? first + 3 : int.MaxValue, f, rays);
        var g = f.Grid;
        while (a.Active | b.Active | c.Active | d.Active)
        {
            var va = a.Active ? a.SampleAt(g, grid) : 0f;
            var vb = b.Active ? b.SampleAt(g, grid) : 0f;
            var vc = c.Active ? c.SampleAt(g, grid) : 0f;
            var vd = d.Active ? d.SampleAt(g, grid) : 0f;
            a.Accept(va, f.StepScale, f.MaxDistance); b.Accept(vb, f.StepScale, f.MaxDistance);
            c.Accept(vc, f.StepScale, f.MaxDistance); d.Accept(vd, f.StepScale, f.MaxDistance);
        }
        if (a.Block < f.BlockCount) blockStart.Store(a.Block, a.T);
        if (b.Block < f.BlockCount) blockStart.Store(b.Block, b.T);
        if (c.Block < f.BlockCount) blockStart.Store(c.Block, c.T);
        if (d.Block < f.BlockCount) blockStart.Store(d.Block, d.T);
    }
}

/// <summary>The <see cref="IKernelBody"/> that launches <see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/>: one index
/// per strip of pixels.</summary>
internal struct EndoscopeKernelBody<TGrid, TOut> : IKernelBody
    where TGrid : struct, IElementView<float>
    where TOut : struct, IElementView<float>
{
    public EndoscopeFrameParams Frame;
    public TGrid Grid;
    public TOut Rays;
    public TOut Image;
    public TOut Depth;
    public TOut BlockStart;

    public readonly void Execute(int index)
        => EndoscopePixel.ShadeStrip(index, Frame, Grid, Rays, Image, Depth, BlockStart);
}

/// <summary>The <see cref="IKernelBody"/> of the cone pre-pass (<see cref="EndoscopePixel.ConeStarts{TGrid, TOut}"/>),
/// one index per <see cref="EndoscopeFrameParams.ConeLanes"/> blocks.</summary>
internal struct EndoscopeConeBody<TGrid, TOut> : IKernelBody
    where TGrid : struct, IElementView<float>
    where TOut : struct, IElementView<float>
{
    public EndoscopeFrameParams Frame;
    public TGrid Grid;
    public TOut Rays;
    public TOut BlockStart;

    public readonly void Execute(int index) => EndoscopePixel.ConeStarts(index, Frame, Grid, Rays, BlockStart);
}
