using System.Runtime.CompilerServices;
using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// The participating medium of a preset: the HU field, the baked transfer function and its macro-cell majorants, with
/// free-flight sampling by delta (Woodcock) tracking and transmittance by ratio tracking, both restarted per macro cell
/// with that cell's majorant (exponential flights are memoryless). A value type usable inside kernels.
/// </summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct Medium<TView> where TView : struct, IElementView<float>
{
    /// <summary>The HU field.</summary>
    public VolumeField<TView> Field;
    /// <summary>The baked transfer function.</summary>
    public TransferTable<TView> Transfer;
    /// <summary>
    /// Majorant σ̄ per macro cell where positive; in an empty cell −d, d the empty-space distance in cells
    /// (<see cref="MajorantGrid.TrackingMajorants"/>; 0 is read as d = 1, so plain <see cref="MajorantGrid.Majorants"/>
    /// work too).
    /// </summary>
    public TView Majorant;
    /// <summary>Macro cell side in voxels.</summary>
    public int CellSize;
    /// <summary>Cells along i.</summary>
    public int Cx;
    /// <summary>Cells along j.</summary>
    public int Cy;
    /// <summary>Cells along k.</summary>
    public int Cz;

    /// <summary>Ratio-tracking estimate below which Russian roulette decides whether a shadow ray goes on.</summary>
    private const float RouletteFloor = 0.1f;

    /// <summary>σt (1/mm) at a world point.</summary>
    public readonly float SigmaT(Float3 world) => Transfer.SigmaT(Field.SampleWorld(world));

    private readonly bool Begin(Float3 o, Float3 d, float tStart, float tMax, out CellWalk walk, out Float3 ov,
        out Float3 dv)
    {
        ov = Field.ToVoxel(o);
        dv = Field.DirectionToVoxel(d);
        walk = default;
        return walk.Begin(ov, dv, tStart, tMax, Field.Nx, Field.Ny, Field.Nz, CellSize, Cx, Cy, Cz);
    }

    /// <summary>
    /// Moves <paramref name="walk"/> past empty cells — a cell holding −d (d ≥ 2) leaves the cube of empty cells
    /// around it
    /// in one jump — to the next cell that may hold tissue, and gives its majorant; false when the ray ends first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly bool ToOccupiedCell(ref CellWalk walk, out float majorant)
    {
        while (true)
        {
            majorant = Majorant.Load(walk.Cell);
            if (majorant > -2f) return true;
            if (!walk.Skip((int)-majorant - 1)) return false;
        }
    }

    /// <summary>
    /// Delta tracking: samples the distance to the next real collision along the unit world ray o + t·d, t &lt; tMax.
    /// Returns false when the ray leaves the volume (or passes tMax) without one; its probability is exp(−∫σt),
    /// eq. (1)'s
    /// transmittance.
    /// </summary>
    public readonly bool SampleCollision(Float3 o, Float3 d, float tMax, ref PathRandom rng, out float t) =>
        SampleCollision(o, d, 0f, tMax, ref rng, out t);

    /// <summary>
    /// Delta tracking from <paramref name="tStart"/>, for rays known to see no extinction before it (σt = 0 on
    /// [0, tStart), e.g. <see cref="PrimaryStart"/>): the same distribution as from 0.
    /// </summary>
    public readonly bool SampleCollision(Float3 o, Float3 d, float tStart, float tMax, ref PathRandom rng, out float t)
    {
        var k = Tracker.Idle;
        BeginTracking(ref k, o, d, tStart, tMax, false);
        while (k.Active) Step(ref k, ref rng);
        t = k.T;
        return k.Hit;
    }

    /// <summary>
    /// Ratio tracking: an unbiased estimate of the transmittance exp(−∫₀^tMax σt) along the unit world ray o +
    /// t·d, with
    /// Russian roulette once the estimate is small (1 when tMax ≤ 0).
    /// </summary>
    public readonly float Transmittance(Float3 o, Float3 d, float tMax, ref PathRandom rng)
    {
        var k = Tracker.Idle;
        BeginTracking(ref k, o, d, 0f, tMax, true);
        while (k.Active) Step(ref k, ref rng);
        return k.Tr;
    }

    /// <summary>
    /// Sets <paramref name="k"/> up to track the unit world ray o + t·d over [<paramref name="tStart"/>,
    /// <paramref name="tMax"/>): ratio tracking (transmittance, starting at 1) when <paramref name="ratio"/>, else
    /// delta
    /// tracking (free flight). A ray that misses the volume is done at once (no collision; transmittance 1).
    /// </summary>
    public readonly void BeginTracking(ref Tracker k, Float3 o, Float3 d, float tStart, float tMax, bool ratio)
    {
        k.Ratio = ratio;
        k.Hit = false;
        k.T = 0f;
        k.Tr = 1f;
        k.Tau = 0f;
        k.InCell = false;
        k.Active = Begin(o, d, tStart, tMax, out k.Walk, out k.Ov, out k.Dv);
    }

    /// <summary>
    /// One unit of tracking work: past one macro cell (or one empty-space jump), or one tentative collision inside an
    /// occupied cell (delta tracking: accepted with probability σt/σ̄, eq. (1)'s free-flight sampling; ratio
    /// tracking:
    /// the estimate times 1 − σt/σ̄, with Russian roulette below <see cref="RouletteFloor"/>). Clears
    /// <see cref="Tracker.Active"/> when the ray is done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step(ref Tracker k, ref PathRandom rng)
    {
        if (!k.InCell)
        {
            var majorant = Majorant.Load(k.Walk.Cell);
            if (majorant <= -2f)
            {
                // Empty space: leave the cube of empty cells around this one in one jump.
                if (!k.Walk.Skip((int)-majorant - 1)) k.Active = false;
                return;
            }
            if (!(majorant > 0f))
            {
                if (!k.Walk.Advance()) k.Active = false;
                return;
            }
            k.Majorant = majorant;
            k.S = k.Walk.T0;
            k.InCell = true;
        }
        // The optical depth to the next tentative collision, τ ~ Exp(1) under the majorant, is carried across cells: a
        // cell of majorant σ̄ crossed over a length ℓ uses up σ̄·ℓ of it (empty cells none), so one
        // exponential draw
        // serves a tentative collision however many cells it spans.
        if (!(k.Tau > 0f)) k.Tau = -MathF.Log(1f - rng.NextFloat());
        var next = k.S + k.Tau / k.Majorant;
        if (next >= k.Walk.T1)
        {
            k.Tau -= (k.Walk.T1 - k.S) * k.Majorant;
            k.InCell = false;
            if (!k.Walk.Advance()) k.Active = false;
            return;
        }
        k.S = next;
        k.Tau = 0f;
        var sigma = Transfer.SigmaT(Field.SampleAlong(k.Ov, k.Dv, k.S));
        if (!k.Ratio)
        {
            if (rng.NextFloat() * k.Majorant < sigma)
            {
                k.Hit = true;
                k.T = k.S;
                k.Active = false;
            }
            return;
        }
        k.Tr *= 1f - sigma / k.Majorant;
        if (k.Tr < RouletteFloor)
        {
            // Russian roulette: survive with probability tr / floor and carry the floor (unbiased, E = tr); in dense
            // tissue this ends the walk after a few steps instead of halving forever.
            if (!(k.Tr > 0f) || rng.NextFloat() * RouletteFloor >= k.Tr)
            {
                k.Tr = 0f;
                k.Active = false;
            }
            else k.Tr = RouletteFloor;
        }
    }
}
