using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Surfaces;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Phantom;

/// <summary>
/// A procedural colon segment (paper §2.1.1's synthetic scene source): a smooth bent centerline, a lumen radius
/// varying
/// within 15–35 mm, semilunar haustral folds between three taeniae, optional polyps and small wall deformation.
/// Everything is drawn from one seed: the same (settings, seed) gives the same geometry and bytes.
/// <para>
/// Three views of the same geometry: <see cref="BakeSurface"/> (a signed distance grid for the ray caster),
/// <see cref="CreateCtVolume"/> (a CT colonography volume in HU) and <see cref="Centerline"/> (a polyline with radii
/// for
/// camera paths); <see cref="Phantom.SurfaceMesh"/> exports the wall as OBJ. World units are millimetres; the CT volume
/// uses the
/// same coordinates (axis-aligned, LPS), so camera poses carry over.
/// </para>
/// </summary>
public sealed class ColonPhantom : ISignedDistanceScene
{
    private readonly HaustralFold[] _folds;
    private readonly Polyp[] _polyps;
    private readonly WallDeformation _deformation;
    private Lazy<SignedDistanceGrid> _surface;

    private ColonPhantom(ColonPhantomSettings settings, int seed, Centerline centerline, HaustralFold[] folds,
        Polyp[] polyps, WallDeformation deformation)
    {
        Settings = settings; Seed = seed; Centerline = centerline; _folds = folds; _polyps = polyps; _deformation
            = deformation;
        _surface = new Lazy<SignedDistanceGrid>(() => BakeSurface(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The settings it was generated with.</summary>
    public ColonPhantomSettings Settings { get; }
    /// <summary>The seed it was generated with.</summary>
    public int Seed { get; }
    /// <summary>A stable identifier, e.g. "colon-7".</summary>
    public string Id => $"colon-{Seed}";

    /// <inheritdoc />
    public (Float3 Min, Float3 Max) Bounds => WallBounds(0f);
    /// <summary>The centerline with the mean lumen radius per sample.</summary>
    public Centerline Centerline { get; }
    /// <summary>The haustral fold lobes, ordered by arc length.</summary>
    public IReadOnlyList<HaustralFold> Folds => _folds;
    /// <summary>The polyps.</summary>
    public IReadOnlyList<Polyp> Polyps => _polyps;

    /// <summary>The ray caster's surface at the default 0.8 mm spacing (baked on first use, then cached).</summary>
    public SignedDistanceGrid Surface => _surface.Value;

    /// <summary>
    /// Makes <paramref name="surface"/> (baked from this phantom, e.g. at another spacing by <see cref="BakeSurface"/>)
    /// the one <see cref="Surface"/> returns and the forward model renders.
    /// </summary>
    public void UseSurface(SignedDistanceGrid surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        _surface = new Lazy<SignedDistanceGrid>(surface);
    }

    /// <summary>Generates a phantom.</summary>
    /// <param name="settings">The generator settings; <see cref="ColonPhantomSettings"/>'s defaults when null.</param>
    /// <param name="seed">The seed: the same seed and settings give the same phantom.</param>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public static ColonPhantom Generate(ColonPhantomSettings? settings, int seed)
    {
        settings ??= new ColonPhantomSettings();
        settings.Validate();
        var rng = SplitMix64.For(seed, 0, 0x70a);
        var line = CenterlineBuilder.Build(settings, ref rng);
        var folds = DrawFolds(settings, line, ref rng);
        var deformation = new WallDeformation(settings.WallNoiseMm, settings.WallNoiseWavelengthMm, ref rng);
        var phantom = new ColonPhantom(settings, seed, line, folds, [], deformation);
        var polyps = phantom.DrawPolyps(ref rng);
        return new ColonPhantom(settings, seed, line, folds, polyps, deformation);
    }

    private static HaustralFold[] DrawFolds(ColonPhantomSettings s, Centerline line, ref SplitMix64 rng)
    {
        var folds = new List<HaustralFold>();
        if (s.FoldHeightFraction.Max <= 0) return [];
        var sectors = Math.Max(1, s.TaeniaCount);
        var sector = 2 * MathF.PI / sectors;
        var taenia0 = rng.Uniform(0, 2 * MathF.PI);
        for (var at = rng.Uniform(0.5f,
            1f) * s.FoldSpacingMm.Min; at < line.LengthMm
            - 0.5f * s.FoldSpacingMm.Min; at += rng.Uniform(s.FoldSpacingMm.Min, s.FoldSpacingMm.Max))
        {
            var r = line.At(at).Radius;
            for (var j = 0; j < sectors; j++)
            {
                var coverage = s.TaeniaCount == 0 ? 1f : rng.Uniform(s.FoldCoverage.Min, s.FoldCoverage.Max);
                var half = s.TaeniaCount == 0 ? MathF.PI : 0.5f * coverage * sector;
                var centre = taenia0 + (j + 0.5f) * sector + (s.TaeniaCount == 0 ? 0 : rng.Uniform(-1f,
                    1f) * (0.5f * sector - half));
                var height = rng.Uniform(s.FoldHeightFraction.Min, s.FoldHeightFraction.Max) * r;
                // haustra are staggered between sectors
                var offset = s.TaeniaCount == 0 ? 0 : rng.Uniform(-0.12f, 0.12f) * s.FoldSpacingMm.Min;
                folds.Add(new HaustralFold(at + offset, centre, half, height, s.FoldWidthMm));
            }
        }
        return [.. folds.OrderBy(f => f.ArcLengthMm)];
    }

    private Polyp[] DrawPolyps(ref SplitMix64 rng)
    {
        var s = Settings;
        var polyps = new Polyp[s.PolypCount];
        for (var q = 0; q < polyps.Length; q++)
        {
            var at = rng.Uniform(0.1f, 0.9f) * Centerline.LengthMm;
            var phi = rng.Uniform(0, 2 * MathF.PI);
            var a = 0.5f * rng.Uniform(s.PolypDiameterMm.Min, s.PolypDiameterMm.Max);
            var pedunculated = rng.Chance(s.PedunculatedFraction);
            var f = Centerline.At(at);
            var radial = f.Normal * MathF.Cos(phi) + f.Binormal * MathF.Sin(phi);
            var wall = f.Point + radial * WallRadius(at, phi, f.Radius);
            if (pedunculated)
            {
                var stalk = a * rng.Uniform(1f, 2f);
                polyps[q] = new Polyp(at, phi, wall + radial * 2f, wall - radial * (stalk + 0.8f * a), a, 0.35f * a);
            }
            else
            {
                polyps[q] = new Polyp(at, phi, wall, wall - radial * (0.3f * a), a, 0f);
            }
        }
        return polyps;
    }

    /// <summary>Distance from the axis to the wall (mm) at arc length <paramref name="s"/>, angle
    /// <paramref name="phi"/>: radius + deformation − folds.</summary>
    internal float WallRadius(float s, float phi, float meanRadius)
    {
        var r = meanRadius + _deformation.At(s, phi);
        foreach (var f in _folds)
        {
            if (f.ArcLengthMm > s + 5 * f.WidthMm) break;
            r -= f.Displacement(s, phi);
        }
        return r;
    }

    /// <summary>
    /// The phantom's implicit field at <paramref name="p"/>, positive in the lumen: <paramref name="wall"/> is the tube
    /// (wall radius − distance from the axis, capped by planes at both ends) and the return value also subtracts the
    /// polyps (min of the fields). <paramref name="startSample"/> is a centerline sample near the closest one.
    /// </summary>
    internal float Evaluate(Float3 p, int startSample, out float wall, out float polyp)
    {
        var pts = Centerline.PointArray;
        var n = pts.Length;
        var i = Math.Clamp(startSample, 0, n - 1);
        var di = (p - pts[i]).LengthSquared;
        while (i + 1 < n) { var d = (p - pts[i + 1]).LengthSquared; if (d < di) { i++; di = d; } else break; }
        while (i > 0) { var d = (p - pts[i - 1]).LengthSquared; if (d < di) { i--; di = d; } else break; }

        // Closest point on the two segments around sample i.
        int seg = -1; float bestU = 0, bestRaw = 0, bestD = float.MaxValue;
        for (var j = Math.Max(0, i - 1); j <= Math.Min(i, n - 2); j++)
        {
            var ab = pts[j + 1] - pts[j];
            var raw = Float3.Dot(p - pts[j], ab) / ab.LengthSquared;
            var u = Math.Clamp(raw, 0f, 1f);
            var d = (p - (pts[j] + ab * u)).LengthSquared;
            if (d < bestD) { bestD = d; seg = j; bestU = u; bestRaw = raw; }
        }
        var step = Centerline.StepMm;
        var s = (seg + bestU) * step;
        var axial = (seg == 0 && bestRaw < 0) || (seg == n - 2 && bestRaw > 1) ? (seg + bestRaw) * step : s;
        var t = Float3.Normalize(Float3.Lerp(Centerline.TangentArray[seg], Centerline.TangentArray[seg + 1], bestU));
        var nrm = Float3.Lerp(Centerline.NormalArray[seg], Centerline.NormalArray[seg + 1], bestU);
        nrm = Float3.Normalize(nrm - t * Float3.Dot(nrm, t));
        var bin = Float3.Cross(t, nrm);
        var q = p - Float3.Lerp(pts[seg], pts[seg + 1], bestU);
        q -= t * Float3.Dot(q, t);
        var rho = q.Length;
        var radii = Centerline.RadiusArray;
        var mean = radii[seg] + (radii[seg + 1] - radii[seg]) * bestU;
        var tube = rho - mean > 12f + Settings.WallNoiseMm
            ? mean - rho // far outside: folds and deformation do not matter
            : WallRadius(s, MathF.Atan2(Float3.Dot(q, bin), Float3.Dot(q, nrm)), mean) - rho;
        wall = MathF.Min(tube, MathF.Min(axial, Centerline.LengthMm - axial));
        polyp = float.MaxValue;
        foreach (var pp in _polyps)
            if (MathF.Abs(pp.ArcLengthMm - s) < 60f) polyp = MathF.Min(polyp, pp.SignedDistance(p));
        return MathF.Min(wall, polyp);
    }

    /// <summary>World box that contains the wall plus <paramref name="marginMm"/>.</summary>
    public (Float3 Min, Float3 Max) WallBounds(float marginMm)
    {
        var min = new Float3(float.MaxValue, float.MaxValue, float.MaxValue); var max = -min;
        var pts = Centerline.PointArray; var r = Centerline.RadiusArray;
        var extra = Settings.WallNoiseMm + marginMm;
        for (var k = 0; k < pts.Length; k++)
        {
            var e = r[k] + extra;
            min = Float3.Min(min, pts[k] - new Float3(e, e, e));
            max = Float3.Max(max, pts[k] + new Float3(e, e, e));
        }
        foreach (var pp in _polyps)
        {
            var e = pp.HeadRadiusMm + extra;
            min = Float3.Min(min, pp.HeadCenter - new Float3(e, e, e));
            max = Float3.Max(max, pp.HeadCenter + new Float3(e, e, e));
        }
        return (min, max);
    }

    /// <summary>
    /// Distance from the wall (mm) within which the baked surface grid holds the exact field; farther away it is
    /// interpolated from a lattice at twice the spacing (<see cref="PhantomGridSampler.SampleSurface"/>). Five
    /// millimetres
    /// covers every cell a hit is refined in even across the steepest folds (slope ≤ 2 before normalisation).
    /// </summary>
    internal const float SurfaceExactBandMm = 5f;

    /// <summary>
    /// Bakes the lumen surface into a signed distance grid for the ray caster (positive in the lumen), slope-normalised
    /// so that sphere tracing is safe across steep folds. The field is exact within 5 mm of the wall and interpolated
    /// (from a lattice at twice the spacing) deeper in the lumen and the tissue, which halves the bake.
    /// </summary>
    /// <param name="spacingMm">Grid spacing (mm); 0.8 mm by default.</param>
    /// <param name="cancellationToken">Cancels the bake.</param>
    /// <exception cref="ArgumentException">The spacing is not positive or the grid would be too large.</exception>
    public SignedDistanceGrid BakeSurface(float spacingMm = 0.8f, CancellationToken cancellationToken = default)
    {
        var (min, max) = WallBounds(2f + 2 * spacingMm);
        var (nx, ny, nz) = SignedDistanceGrid.Dimensions(min, max, spacingMm);
        var values = new float[(long)nx * ny * nz];
        PhantomGridSampler.SampleSurface(this, min, spacingMm, nx, ny, nz, SurfaceExactBandMm, values,
            cancellationToken);
        var grid = new SignedDistanceGrid(Id, nx, ny, nz, min, spacingMm, values);
        grid.NormaliseSlope();
        return grid;
    }

    /// <summary>
    /// A CT colonography volume of the phantom (int16 HU): lumen air, a soft-tissue wall of
    /// <see cref="ColonPhantomSettings.WallThicknessMm"/> (folds and polyps are tissue), fat around it; interfaces are
    /// blurred by a Gaussian point-spread function (partial volume) and optional Gaussian noise is added (seeded by the
    /// phantom's seed). Same world coordinates as the phantom; at most <see cref="ColonCtSettings.MaxDimension"/>
    /// voxels per axis (the spacing grows to fit).
    /// </summary>
    /// <param name="settings">HU values, spacing, blur and noise; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the synthesis.</param>
    public CtVolume CreateCtVolume(ColonCtSettings? settings = null, CancellationToken cancellationToken = default) =>
        PhantomCtSynthesis.Create(this, settings ?? new ColonCtSettings(), cancellationToken);
}
