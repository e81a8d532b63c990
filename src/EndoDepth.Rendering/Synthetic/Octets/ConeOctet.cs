using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic.Kernel;

namespace EndoDepth.Rendering.Synthetic.Octets;

/// <summary>
/// The cone pre-pass (<see cref="EndoscopePixel.ConeStarts{TGrid, TOut}"/>) with sixteen cones per kernel index in two
/// octets of AVX2 lanes: each cone is <see cref="ConeMarch"/>'s, stepped with the same operations in the same order, so
/// every block's start is bit-identical to the scalar pre-pass (tested). CPU only.
/// </summary>
internal static unsafe class ConeOctet
{
    /// <summary>Cone pre-pass blocks per kernel index.</summary>
    public const int BlocksPerIndex = 16;

    private struct Cones
    {
        public Vector256<float> Ox, Oy, Oz, Dx, Dy, Dz, TanA, T;
        public Vector256<int> Steps;
        public Vector256<float> Active;
    }

    /// <summary>Marches the cones of blocks [16·<paramref name="index"/>, 16·<paramref name="index"/> + 16) and
    /// stores their starts.</summary>
    /// <exception cref="ArgumentException"><paramref name="grid"/> does not hold exactly the frame's grid (Nx·Ny·Nz
    /// values).</exception>
    public static void Starts(int index, in EndoscopeFrameParams f, float[] grid, HostView<float> rays,
        HostView<float> blockStart)
    {
        // the lookup's clamps need exactly this size
        _ = UncheckedHostView<float>.ForGrid(grid, (long)f.Grid.Nx * f.Grid.Ny * f.Grid.Nz);
        var first = index * BlocksPerIndex;
        var a = Begin(first, f, rays);
        var b = Begin(first + 8, f, rays);
        fixed (float* values = grid)
            while ((a.Active | b.Active) != Vector256<float>.Zero)
            {
                Step(ref a, f, values);
                Step(ref b, f, values);
            }
        for (var k = 0; k < 8; k++)
        {
            if (first + k < f.BlockCount) blockStart.Store(first + k, a.T.GetElement(k));
            if (first + 8 + k < f.BlockCount) blockStart.Store(first + 8 + k, b.T.GetElement(k));
        }
    }

    /// <summary>The cones of blocks [<paramref name="first"/>, <paramref name="first"/> + 8), set up by
    /// <see cref="ConeMarch.Begin{TOut}"/>.</summary>
    private static Cones Begin(int first, in EndoscopeFrameParams f, HostView<float> rays)
    {
        Cones c = default;
        for (var k = 0; k < 8; k++)
        {
            var cone = ConeMarch.Begin(first + k < f.BlockCount ? first + k : int.MaxValue, f, rays);
            if (!cone.Active) continue;
            Set(ref c.Ox, k, cone.Origin.X); Set(ref c.Oy, k, cone.Origin.Y); Set(ref c.Oz, k, cone.Origin.Z);
            Set(ref c.Dx, k, cone.Direction.X); Set(ref c.Dy, k, cone.Direction.Y); Set(ref c.Dz, k, cone.Direction.Z);
            Set(ref c.TanA, k, cone.TanA);
            Set(ref c.Active, k, BitConverter.Int32BitsToSingle(-1));
        }
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(ref Vector256<float> v, int k, float value)
        => Unsafe.Add(ref Unsafe.As<Vector256<float>, float>(ref v), k) = value;

    /// <summary><see cref="ConeMarch.SampleAt{TGrid}"/> and <see cref="ConeMarch.Accept"/> for eight cones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Cones c, in EndoscopeFrameParams f, float* grid)
    {
        var g = f.Grid;
        var inv = Vector256.Create(g.InvSpacing);
        // SdfGridShape.Sample at origin + direction·T.
        var value = RayOctet.Sample(g, grid,
            (c.Ox + c.Dx * c.T - Vector256.Create(g.Origin.X)) * inv,
            (c.Oy + c.Dy * c.T - Vector256.Create(g.Origin.Y)) * inv,
            (c.Oz + c.Dz * c.T - Vector256.Create(g.Origin.Z)) * inv);
        // δ = (0.9·s·f − T·tan α)/(1 + tan α); stop below 0.25 mm or past the range.
        var step = (Vector256.Create(0.9f * f.StepScale) * value - c.T * c.TanA) / (Vector256<float>.One + c.TanA);
        var next = c.T + step;
        var stop = Avx.CompareLessThan(step, Vector256.Create(0.25f)) | Avx.CompareGreaterThan(next,
            Vector256.Create(f.MaxDistance));
        var go = Avx.AndNot(stop, c.Active);
        c.T = Vector256.ConditionalSelect(go, next, c.T);
        c.Steps = Vector256.ConditionalSelect(go.AsInt32(), c.Steps + Vector256<int>.One, c.Steps);
        c.Active = go & Vector256.LessThan(c.Steps, Vector256.Create(ConeMarch.MaxSteps)).AsSingle();
    }
}

/// <summary>The <see cref="IKernelBody"/> of the AVX2 cone pre-pass (<c>Parallel.For</c> launcher only): one index per
/// <see cref="ConeOctet.BlocksPerIndex"/> blocks.</summary>
[HostOnlyKernel("AVX2 intrinsics over managed arrays")]
internal struct EndoscopeConeOctetBody : IKernelBody
{
    public EndoscopeFrameParams Frame;
    public float[] GridValues;
    public HostView<float> Rays;
    public HostView<float> BlockStart;

    public readonly void Execute(int index) => ConeOctet.Starts(index, Frame, GridValues, Rays, BlockStart);
}
