using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Rendering.Synthetic.Kernel;

namespace EndoDepth.Rendering.Synthetic.Octets;

/// <summary>
/// The tracing pass of <see cref="EndoscopePixel.ShadeStrip{TGrid, TOut}"/> with eight <see cref="MarchingRay"/>s in
/// the eight lanes of AVX2 registers: one instruction stream advances all eight, and the grid's trilinear lookup reads
/// its corners with gathers. It is the same state machine as <see cref="MarchingRay"/> — Propose, SampleAt
/// (<see cref="SdfGridShape.SampleAt{TView}"/>), Accept — with the same operations in the same order and no fused
/// multiply-add, so every ray ends at the bit-identical hit distance (tested against the scalar reference). A lane
/// whose ray is done parks its hit distance and takes the strip's next pixel, as the scalar lanes do. CPU only (the
/// ILGPU kernels keep the scalar body); used where <see cref="IsSupported"/>.
/// </summary>
internal static unsafe class RayOctet
{
    /// <summary>Whether this CPU runs the eight-lane tracer (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The eight lanes' <see cref="MarchingRay"/> states, one register-wide vector per field.</summary>
    private struct Lanes
    {
        public Vector256<float> Gx, Gy, Gz, Ux, Uy, Uz, Ta, Fa, Tb, Fb, Tq, End, Hit;
        public Vector256<int> Phase, Steps, Side, Pixel;
    }

    /// <summary>
    /// Renders the pixels [<paramref name="first"/>, <paramref name="end"/>): traces them (<see cref="Trace"/>),
    /// then shades them eight at a time (<see cref="ShadingOctet"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grid"/> does not hold exactly the frame's grid (Nx·Ny·Nz
    /// values).</exception>
    /// <exception cref="ArgumentException"><paramref name="rays"/> is not the frame camera's ray table, or
    /// <paramref name="image"/> or <paramref name="depth"/> not one value per pixel.</exception>
    public static void Render(int first, int end, in EndoscopeFrameParams f, float[] grid, float[] rays, float[] image,
        float[] depth,
        HostView<float> blockStart)
    {
        // The lookup's clamps keep every gathered index inside a grid of exactly this size, and the ray table's reads
        // inside a table of the camera's size.
        var view = UncheckedHostView<float>.ForGrid(grid, (long)f.Grid.Nx * f.Grid.Ny * f.Grid.Nz);
        if (rays.LongLength != (long)f.Camera.Width * f.Camera.Height * EndoscopeRayTable.Stride)
            throw new ArgumentException($"The ray table holds {rays.LongLength} values, the camera needs "
                + $"{(long)f.Camera.Width * f.Camera.Height * EndoscopeRayTable.Stride}.", nameof(rays));
        var pixels = f.Camera.Width * f.Camera.Height;
        if (image.Length != pixels || depth.Length != pixels)
            throw new ArgumentException($"Image and depth hold {image.Length} and {depth.Length} values, the camera "
                + $"has {pixels} pixels.", nameof(image));
        if (first < 0 || end > pixels) throw new ArgumentOutOfRangeException(nameof(end),
            $"Pixels [{first}, {end}) are not all in the frame's {pixels}.");
        fixed (float* values = grid)
        fixed (float* table = rays)
        fixed (float* imagePixels = image)
        fixed (float* depthPixels = depth)
        {
            Trace(first, end, f, values, table, new HostView<float>(depth), blockStart);
            ShadingOctet.Shade(first, end, f, values, view, table, imagePixels, depthPixels, new HostView<float>(rays),
                new HostView<float>(image), new HostView<float>(depth), blockStart);
        }
    }

    /// <summary>
    /// Traces the pixels [<paramref name="first"/>, <paramref name="end"/>) and parks each one's hit distance (−1:
    /// none)
    /// in <paramref name="depth"/>, for the shading pass to read.
    /// </summary>
    private static void Trace(int first, int end, in EndoscopeFrameParams f, float* grid, float* rays,
        HostView<float> depth, HostView<float> blockStart)
    {
        // Two octets, stepped alternately: each step is one long dependency chain (lookup → update), and the CPU
        // overlaps the two chains.
        Lanes s = default, t = default;
        s.Pixel = t.Pixel = Vector256.Create(-1); // all idle, phase Done
        // Every ray starts at the lens: its grid coordinates (as MarchingRay.Begin computes them) in all lanes.
        var g = f.Grid;
        var o = f.Pose.Position;
        s.Gx = t.Gx = Vector256.Create((o.X - g.Origin.X) * g.InvSpacing);
        s.Gy = t.Gy = Vector256.Create((o.Y - g.Origin.Y) * g.InvSpacing);
        s.Gz = t.Gz = Vector256.Create((o.Z - g.Origin.Z) * g.InvSpacing);
        var pending = new Pending { Next = first, End = end };
        bool sBusy = true, tBusy = true;
        for (; ; )
        {
            var sDone = (uint)Vector256.Equals(s.Phase, Vector256<int>.Zero).ExtractMostSignificantBits();
            if (sDone != 0 && sBusy) sBusy = Refill(ref s, sDone, ref pending, f, rays, depth, blockStart);
            var tDone = (uint)Vector256.Equals(t.Phase, Vector256<int>.Zero).ExtractMostSignificantBits();
            if (tDone != 0 && tBusy) tBusy = Refill(ref t, tDone, ref pending, f, rays, depth, blockStart);
            if (!(sBusy | tBusy)) return;
            if (sBusy) Step(ref s, f, grid);
            if (tBusy) Step(ref t, f, grid);
        }
    }

    /// <summary>The strip's next rays, begun eight at a time (<see cref="PixelOctet"/>), waiting for a free
    /// lane.</summary>
    private struct Pending
    {
        public EightFloats Ux, Uy, Uz, T, Stop;
        /// <summary>Pixel of lane 0 of the begun eight.</summary>
        public int Base;
        /// <summary>Lanes of the begun eight still to be taken (their rays need lookups).</summary>
        public uint Ready;
        /// <summary>The next pixel to begin, and the strip's end.</summary>
        public int Next, End;
    }

    /// <summary>
    /// Parks the hit of each finished lane in <paramref name="done"/> and starts the strip's next ray in it; false when
    /// no
    /// lane has work left.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Refill(ref Lanes s, uint done, ref Pending q, in EndoscopeFrameParams f, float* rays,
        HostView<float> depth, HostView<float> blockStart)
    {
        ref var pixel = ref Unsafe.As<Vector256<int>, int>(ref s.Pixel);
        ref var hit = ref Unsafe.As<Vector256<float>, float>(ref s.Hit);
        for (; done != 0; done &= done - 1)
        {
            var k = System.Numerics.BitOperations.TrailingZeroCount(done);
            ref var lanePixel = ref Unsafe.Add(ref pixel, k);
            if (lanePixel >= 0) depth.Store(lanePixel, Unsafe.Add(ref hit, k));
            lanePixel = -1;
            while (q.Ready == 0 && q.Next < q.End) Begin(ref q, f, rays, depth, blockStart);
            if (q.Ready == 0) continue;
            var j = System.Numerics.BitOperations.TrailingZeroCount(q.Ready);
            q.Ready &= q.Ready - 1;
            lanePixel = q.Base + j;
            Set(ref s.Ux, k, q.Ux[j]); Set(ref s.Uy, k, q.Uy[j]); Set(ref s.Uz, k, q.Uz[j]);
            Set(ref s.Tq, k, q.T[j]); Set(ref s.End, k, q.Stop[j]);
            Set(ref s.Phase, k, MarchingRay.Starting); Set(ref s.Steps, k, 0);
        }
        return Vector256.GreaterThanOrEqual(s.Pixel, Vector256<int>.Zero) != Vector256<int>.Zero;
    }

    /// <summary>Begins the next (up to) eight rays; those that finish at once (outside the view or the grid box) are
    /// parked at −1.</summary>
    private static void Begin(ref Pending q, in EndoscopeFrameParams f, float* rays, HostView<float> depth,
        HostView<float> blockStart)
    {
        var count = Math.Min(8, q.End - q.Next);
        var p = PixelOctet.Of(q.Next, count, f, rays, blockStart);
        p.Begin(f, out var ok, out var t, out var stop, out var ux, out var uy, out var uz);
        EightFloats.Store(ux, ref q.Ux); EightFloats.Store(uy, ref q.Uy); EightFloats.Store(uz, ref q.Uz);
        EightFloats.Store(t, ref q.T); EightFloats.Store(stop, ref q.Stop);
        var present = (1u << count) - 1;
        var ready = (uint)ok.ExtractMostSignificantBits() & present;
        for (var none = present & ~ready; none != 0; none &= none - 1)
            // MarchingRay.Finished: no hit
            depth.Store(q.Next + System.Numerics.BitOperations.TrailingZeroCount(none), -1f);
        q.Base = q.Next;
        q.Ready = ready;
        q.Next += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set<T>(ref Vector256<T> v, int k, T value)
        => Unsafe.Add(ref Unsafe.As<Vector256<T>, T>(ref v), k) = value;

    /// <summary>One step of all eight lanes: <see cref="MarchingRay.Propose"/>, the lookup,
    /// <see cref="MarchingRay.Accept"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Lanes s, in EndoscopeFrameParams f, float* grid)
    {
        var phase = s.Phase;
        var isMarch = Vector256.Equals(phase, Vector256.Create(MarchingRay.Marching)).AsSingle();
        var isRefine = Vector256.Equals(phase, Vector256.Create(MarchingRay.Refining)).AsSingle();
        var isStart = Vector256.Equals(phase, Vector256.Create(MarchingRay.Starting)).AsSingle();
        Vector256<float> ta = s.Ta, fa = s.Fa, tb = s.Tb, fb = s.Fb, hit = s.Hit;
        var minus1 = Vector256.Create(-1f);

        // Propose: t + max(s·f, 0.05 + 0.002·t) while marching (past the end: a miss); regula falsi while refining.
        var tMarch = ta + Avx.Max(fa * Vector256.Create(f.StepScale),
            Vector256.Create(0.05f) + Vector256.Create(0.002f) * ta);
        var overshoot = isMarch & Avx.CompareGreaterThan(tMarch, s.End);
        isMarch = Avx.AndNot(overshoot, isMarch);
        hit = Vector256.ConditionalSelect(overshoot, minus1, hit);
        var tFalsi = (ta * fb - tb * fa) / (fb - fa);
        var tq = Vector256.ConditionalSelect(isMarch, tMarch, Vector256.ConditionalSelect(isRefine, tFalsi, s.Tq));

        var value = Sample(f.Grid, grid, s.Gx + s.Ux * tq, s.Gy + s.Uy * tq, s.Gz + s.Uz * tq);

        // Accept, marching: inside tissue → bracket found, refine; else step on (a miss after MaxSteps).
        var inside = Avx.CompareLessThanOrEqual(value, Vector256<float>.Zero);
        var cross = isMarch & inside;
        var onward = Avx.AndNot(inside, isMarch);
        var steps = s.Steps;
        var stepsPlus = steps + Vector256<int>.One;
        var exhausted = onward & Vector256.GreaterThanOrEqual(stepsPlus, Vector256.Create(f.MaxSteps)).AsSingle();

        // Accept, refining: converged when |f| < 10⁻⁵ or |f| < 10⁻⁴ mm × slope; else the Illinois update.
        var a = Vector256.Abs(value);
        var converged = isRefine & (Avx.CompareLessThan(a, Vector256.Create(MarchingRay.FieldTolerance)) |
                                    Avx.CompareLessThan(a * (tb - ta),
                                        Vector256.Create(MarchingRay.DistanceTolerance) * (fa - fb)));
        var goOn = Avx.AndNot(converged, isRefine);
        var positive = Avx.CompareGreaterThan(value, Vector256<float>.Zero);
        var refinePos = goOn & positive;
        var refineNeg = Avx.AndNot(positive, goOn);
        var side = s.Side;
        var halveB = refinePos & Vector256.Equals(side, Vector256<int>.One).AsSingle();
        var halveA = refineNeg & Vector256.Equals(side, Vector256.Create(-1)).AsSingle();

        // Accept, starting: in free space → march from here; else no valid depth.
        var startOk = isStart & positive;
        var startBad = Avx.AndNot(positive, isStart);

        var half = Vector256.Create(0.5f);
        var takeA = onward | refinePos | startOk;
        var takeB = cross | refineNeg;
        ta = Vector256.ConditionalSelect(takeA, tq, ta);
        fa = Vector256.ConditionalSelect(takeA, value, Vector256.ConditionalSelect(halveA, fa * half, fa));
        tb = Vector256.ConditionalSelect(takeB, tq, tb);
        fb = Vector256.ConditionalSelect(takeB, value, Vector256.ConditionalSelect(halveB, fb * half, fb));
        var crossI = cross.AsInt32();
        side = Vector256.ConditionalSelect(crossI, Vector256<int>.Zero,
               Vector256.ConditionalSelect(refinePos.AsInt32(), Vector256<int>.One,
               Vector256.ConditionalSelect(refineNeg.AsInt32(), Vector256.Create(-1), side)));
        steps = Vector256.ConditionalSelect(crossI, Vector256<int>.Zero,
                Vector256.ConditionalSelect((onward | goOn).AsInt32(), stepsPlus, steps));
        var refineLimit = goOn & Vector256.GreaterThanOrEqual(steps,
            Vector256.Create(MarchingRay.RefineIterations)).AsSingle();

        hit = Vector256.ConditionalSelect(exhausted | startBad, minus1, hit);
        hit = Vector256.ConditionalSelect(converged, tq, hit);
        if (refineLimit != Vector256<float>.Zero) hit = Vector256.ConditionalSelect(refineLimit,
            (ta * fb - tb * fa) / (fb - fa), hit);
        var finished = (overshoot | exhausted | converged | refineLimit | startBad).AsInt32();
        phase = Vector256.ConditionalSelect(crossI, Vector256.Create(MarchingRay.Refining), phase);
        phase = Vector256.ConditionalSelect(startOk.AsInt32(), Vector256.Create(MarchingRay.Marching), phase);
        phase = Vector256.ConditionalSelect(finished, Vector256<int>.Zero, phase);

        s.Ta = ta; s.Fa = fa; s.Tb = tb; s.Fb = fb; s.Tq = tq; s.Hit = hit;
        s.Phase = phase; s.Steps = steps; s.Side = side;
    }

    /// <summary><see cref="SdfGridShape.SampleAt{TView}"/> for eight points at once, its corners read by
    /// gathers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sample(in SdfGridShape g, float* grid, Vector256<float> x, Vector256<float> y,
        Vector256<float> z)
    {
        var zero = Vector256<float>.Zero;
        // Clamped as the scalar lookup does (x > 0 ? x : 0, then x < h ? x : h): maxps/minps return their second
        // operand for NaN and for equal or zero operands, which gives the same values bit for bit.
        x = Avx.Min(Avx.Max(x, zero), Vector256.Create(g.Nx - 1.001f));
        y = Avx.Min(Avx.Max(y, zero), Vector256.Create(g.Ny - 1.001f));
        z = Avx.Min(Avx.Max(z, zero), Vector256.Create(g.Nz - 1.001f));
        var magic = Vector256.Create(SdfGridShape.RoundingMagic);
        var halfV = Vector256.Create(0.5f);
        var rx = x - halfV + magic;
        var ry = y - halfV + magic;
        var rz = z - halfV + magic;
        var bits = Vector256.Create(SdfGridShape.RoundingMagicBits);
        var i = rx.AsInt32() - bits;
        var j = ry.AsInt32() - bits;
        var k = rz.AsInt32() - bits;
        var fx = x - (rx - magic);
        var fy = y - (ry - magic);
        var fz = z - (rz - magic);
        var sy = Vector256.Create(g.Nx);
        var sz = Vector256.Create(g.Nx * g.Ny);
        var b = i + j * sy + k * sz;
        var b1 = b + sz;
        var one = Vector256<int>.One;
        var c00 = Lerp(Gather(grid, b), Gather(grid, b + one), fx);
        var c10 = Lerp(Gather(grid, b + sy), Gather(grid, b + sy + one), fx);
        var c01 = Lerp(Gather(grid, b1), Gather(grid, b1 + one), fx);
        var c11 = Lerp(Gather(grid, b1 + sy), Gather(grid, b1 + sy + one), fx);
        return Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Gather(float* grid, Vector256<int> index) => Avx2.GatherVector256(grid, index, 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lerp(Vector256<float> a, Vector256<float> b, Vector256<float> t) => a + (b - a) * t;
}

/// <summary>
/// The <see cref="IKernelBody"/> of the forward model on CPUs with AVX2 (<c>Parallel.For</c> launcher only): one index
/// per
/// strip of pixels (<see cref="RayOctet.Render"/>), each bit-identical to the scalar kernel body's.
/// </summary>
[HostOnlyKernel("AVX2 intrinsics over managed arrays")]
internal struct EndoscopeOctetBody : IKernelBody
{
    public EndoscopeFrameParams Frame;
    public float[] GridValues;
    public float[] RayTable;
    public float[] Image;
    public float[] Depth;
    public HostView<float> BlockStart;

    public readonly void Execute(int index)
    {
        var first = index * Frame.StripLength;
        var end = Math.Min(first + Frame.StripLength, Frame.Camera.Width * Frame.Camera.Height);
        RayOctet.Render(first, end, Frame, GridValues, RayTable, Image, Depth, BlockStart);
    }
}
