using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The <see cref="PathTracingKernel"/> on CPUs with AVX2: paths eight at a time (two such octets stepped in turn),
/// their free flights and shadow rays tracked in the eight lanes of a <see cref="TrackerOctet"/> (the tracking is
/// about half of a scalar path's time), their per-event shading (<see cref="PathTracingKernel.Stage{TView}"/>) lane by
/// lane in scalar code. A lane whose tracker
/// is done runs its path's next stages up to its next tracking; a lane whose path ends adds it to its pixel and
/// takes the strip's next sample (pixel by pixel, sample by sample). Each path draws the numbers of its own
/// <see cref="PathRandom"/> stream as the scalar body does; the sums differ in their last bits (another order of
/// additions, and the tracker's vector logarithm), not in their statistics. The strip of pixels a kernel index
/// covers is fixed, so the result does not depend on the threads. CPU only (the ILGPU kernels keep the scalar body).
/// </summary>
internal static class PathOctet
{
    /// <summary>Whether this CPU runs the eight-lane path tracer (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Pixels per kernel index: enough paths that the lanes rarely idle while a strip's last paths finish
    /// (256: ≈ 6 % faster than 64).</summary>
    public const int StripLength = 256;

    /// <summary>The eight lanes' paths.</summary>
    [InlineArray(8)]
    private struct EightPaths
    {
        private PathState _path;
    }

    /// <summary>The eight lanes' pixels (−1: no path).</summary>
    [InlineArray(8)]
    private struct EightPixels
    {
        private int _pixel;
    }

    /// <summary>
    /// Adds <see cref="PathParams.SampleCount"/> paths of every pixel in [<paramref name="first"/>,
    /// <paramref name="end"/>) to <paramref name="accum"/> and <paramref name="albedo"/>, as
    /// <see cref="PathTracingKernel.Pixel{TView}"/> does for one pixel.
    /// </summary>
    public static void Strip(int first, int end, in PathParams p, in Medium<HostView<float>> medium,
        in MediumOctet octet, HostView<float> starts, HostView<float> accum, HostView<float> albedo)
    {
        // Octets stepped in turn: each step is a chain of dependent gathers, and the CPU overlaps the chains
        // (two: 1.40 → 1.47× the scalar body, four no better).
        var lanes = new TrackerOctets();
        var paths = new PathsOfOctets();
        var pixels = new PixelsOfOctets();
        var waiting = new LaneMasks();
        for (var o = 0; o < Interleaved; o++)
        {
            ((Span<int>)pixels[o]).Fill(-1);
            waiting[o] = 0xFFu; // lanes whose tracker is done, or that have none
        }
        var queue = new Queue { Next = (long)first * p.SampleCount, Last = (long)end * p.SampleCount };
        var busy = new LaneMasks();
        while (true)
        {
            var any = 0u;
            for (var o = 0; o < Interleaved; o++)
            {
                if (waiting[o] != 0)
                    Refill(ref lanes[o], waiting[o], ref paths[o], ref pixels[o], ref queue, p, medium, starts, accum,
                        albedo);
                busy[o] = lanes[o].ActiveLanes;
                any |= busy[o];
            }
            if (any == 0) return;
            var changed = false;
            while (!changed)
                for (var o = 0; o < Interleaved; o++)
                {
                    if (busy[o] == 0) continue;
                    lanes[o].Step(octet);
                    changed |= lanes[o].ActiveLanes != busy[o];
                }
            for (var o = 0; o < Interleaved; o++) waiting[o] = busy[o] & ~lanes[o].ActiveLanes;
        }
    }

    /// <summary>Octets stepped in turn by <see cref="Strip"/>.</summary>
    private const int Interleaved = 2;

    [InlineArray(Interleaved)]
    private struct TrackerOctets
    {
        private TrackerOctet _octet;
    }

    [InlineArray(Interleaved)]
    private struct PathsOfOctets
    {
        private EightPaths _paths;
    }

    [InlineArray(Interleaved)]
    private struct PixelsOfOctets
    {
        private EightPixels _pixels;
    }

    [InlineArray(Interleaved)]
    private struct LaneMasks
    {
        private uint _lanes;
    }

    /// <summary>The strip's samples not yet begun: work items pixel · count + sample in [Next, Last).</summary>
    private struct Queue
    {
        public long Next, Last;
    }

    /// <summary>
    /// For each lane of <paramref name="waiting"/>: takes its finished tracker's result, runs its path's stages up to
    /// the next free flight or shadow ray (set into the lane), or, when the path ends, adds it to its pixel and begins
    /// the strip's next sample.
    /// </summary>
    private static void Refill(ref TrackerOctet lanes, uint waiting, ref EightPaths paths, ref EightPixels pixels,
        ref Queue queue, in PathParams p, in Medium<HostView<float>> medium, HostView<float> starts,
        HostView<float> accum, HostView<float> albedo)
    {
        var count = p.SampleCount;
        for (; waiting != 0; waiting &= waiting - 1)
        {
            var k = BitOperations.TrailingZeroCount(waiting);
            ref var s = ref paths[k];
            ref var pixel = ref pixels[k];
            if (pixel >= 0) lanes.Get(k, ref s.Tracker, out s.Rng);
            while (true)
            {
                if (pixel >= 0)
                {
                    while (s.Alive && !s.Tracker.Active) PathTracingKernel.Stage(p, medium, ref s);
                    if (s.Alive)
                    {
                        lanes.Set(k, s.Tracker, s.Rng);
                        break;
                    }
                    Add(pixel, s, p, accum, albedo);
                    pixel = -1;
                }
                if (queue.Next >= queue.Last) break;
                var index = (int)(queue.Next / count);
                var sample = (int)(queue.Next % count);
                queue.Next++;
                if (Begin(p, medium, starts, index, sample, out s)) pixel = index;
            }
        }
    }

    /// <summary>Sample <paramref name="sample"/> of pixel <paramref name="index"/>: its path begun as
    /// <see cref="PathTracingKernel.Pixel{TView}"/> begins it; false for a sample outside the image.</summary>
    private static bool Begin(in PathParams p, in Medium<HostView<float>> medium, HostView<float> starts, int index,
        int sample, out PathState s)
    {
        var px = index % p.Camera.Width;
        var py = index / p.Camera.Width;
        var rng = new PathRandom(p.Seed, (uint)index, (uint)(p.SampleStart + sample));
        var jx = rng.NextFloat(); var jy = rng.NextFloat();
        if (!p.Camera.Unproject(px + jx, py + jy, out var dc))
        {
            s = PathState.None;
            return false;
        }
        var start = starts.Load(PrimaryStart.TileOf(px, py, p.Camera.Width));
        s = PathState.Begin(p.Pose.Position, p.Pose.RotateToWorld(dc), start, rng);
        PathTracingKernel.BeginFlight(medium, ref s);
        return true;
    }

    /// <summary>Adds a finished path's radiance and first-event albedo to its pixel's sums.</summary>
    private static void Add(int index, in PathState s, in PathParams p, HostView<float> accum, HostView<float> albedo)
    {
        var n = p.Camera.Width * p.Camera.Height;
        accum.Store(index, accum.Load(index) + s.Radiance.X);
        accum.Store(n + index, accum.Load(n + index) + s.Radiance.Y);
        accum.Store(2 * n + index, accum.Load(2 * n + index) + s.Radiance.Z);
        if (!s.FirstEvent) return;
        albedo.Store(index, albedo.Load(index) + s.FirstAlbedo.X);
        albedo.Store(n + index, albedo.Load(n + index) + s.FirstAlbedo.Y);
        albedo.Store(2 * n + index, albedo.Load(2 * n + index) + s.FirstAlbedo.Z);
        albedo.Store(3 * n + index, albedo.Load(3 * n + index) + 1f);
    }
}

/// <summary>
/// The <see cref="PathOctet"/> path tracer as a <c>Parallel.For</c> body: one index per strip of
/// <see cref="PathOctet.StripLength"/> pixels.
/// </summary>
[HostOnlyKernel("AVX2 intrinsics over pinned managed arrays")]
internal struct PathOctetBody : IKernelBody
{
    /// <summary>Launch parameters.</summary>
    public PathParams Params;
    /// <summary>The preset's medium.</summary>
    public Medium<HostView<float>> Medium;
    /// <summary>Per tile, the distance before which the medium is empty (<see cref="PrimaryStart"/>).</summary>
    public HostView<float> Starts;
    /// <summary>Planar RGB radiance sums.</summary>
    public HostView<float> Accum;
    /// <summary>First-event albedo AOV: planar RGB sums over the paths that scattered, then their count.</summary>
    public HostView<float> Albedo;

    /// <summary>Kernel indices for a camera of <paramref name="pixels"/> pixels.</summary>
    public static int StripCount(int pixels) => (pixels + PathOctet.StripLength - 1) / PathOctet.StripLength;

    /// <inheritdoc />
    public readonly unsafe void Execute(int index)
    {
        var first = index * PathOctet.StripLength;
        var end = Math.Min(first + PathOctet.StripLength, Params.Camera.Width * Params.Camera.Height);
        var hu = Medium.Field.Hu.Array;
        var table = Medium.Transfer.Table.Array;
        var majorants = Medium.Majorant.Array;
        fixed (float* h = hu)
        fixed (float* t = table)
        fixed (float* m = majorants)
        {
            var octet = MediumOctet.Create(Medium, h, hu.Length, t, table.Length, m, majorants.Length);
            PathOctet.Strip(first, end, Params, Medium, octet, Starts, Accum, Albedo);
        }
    }
}
