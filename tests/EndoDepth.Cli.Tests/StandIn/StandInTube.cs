using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Cli.Tests.StandIn;

/// <summary>
/// A small seeded colon-like tube for fast pipeline runs (tests, and a fallback when the full phantom is absent):
/// centerline (a sin(z/L1 + φ1), b sin(z/L2 + φ2), z), radius R(z) = R0 + A sin(2πz/Λ) with haustral ridges every
/// λ mm narrowing it by up to h mm. Not the paper's phantom; the report says so when it is used.
/// </summary>
public sealed class StandInTube : ISurfaceScene
{
    private readonly float _a, _b, _l1, _l2, _p1, _p2, _r0, _ra, _rl, _fold, _foldH;

    /// <summary>Tube length along z (mm).</summary>
    public const float Length = 160f;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public string Id => $"tube-{Seed}";

    /// <summary>Creates the tube of a seed.</summary>
    public StandInTube(int seed)
    {
        Seed = seed;
        var rng = new Random(seed);
        float U(float lo, float hi) => lo + (float)rng.NextDouble() * (hi - lo);
        _a = U(4, 12); _b = U(4, 12); _l1 = U(25, 45); _l2 = U(25, 45); _p1 = U(0, 6.28f); _p2 = U(0, 6.28f);
        _r0 = U(18, 26); _ra = U(2, 6); _rl = U(60, 100); _fold = U(22, 36); _foldH = U(3, 7);
    }

    /// <inheritdoc />
    public (Float3 Min, Float3 Max) Bounds => (new Float3(-50, -50, 0), new Float3(50, 50, Length));

    /// <summary>Centerline point at z.</summary>
    public Float3 Center(float z) => new(_a * MathF.Sin(z / _l1 + _p1), _b * MathF.Sin(z / _l2 + _p2), z);

    /// <summary>Lumen radius at z (folds included).</summary>
    public float Radius(float z)
    {
        var ridge = MathF.Pow(MathF.Max(0, MathF.Cos(2 * MathF.PI * z / _fold)), 24);
        return _r0 + _ra * MathF.Sin(2 * MathF.PI * z / _rl) - _foldH * ridge;
    }

    /// <summary>Signed distance-like field: positive inside the lumen (mm, approximate).</summary>
    public float Inside(Float3 p)
    {
        var c = Center(p.Z);
        float dx = p.X - c.X, dy = p.Y - c.Y;
        return Radius(p.Z) - MathF.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>Views looking down the lumen from points spread along the centerline, with jitter.</summary>
    public IReadOnlyList<CameraView> Views(int count, CameraModel camera, int viewSeed)
    {
        var rng = new Random(viewSeed);
        var views = new List<CameraView>(count);
        for (var i = 0; i < count; i++)
        {
            var z = 15f + (Length - 70f) * (float)rng.NextDouble();
            var c = Center(z);
            var r = Radius(z) * 0.35f * (float)rng.NextDouble();
            var phi = 2 * MathF.PI * (float)rng.NextDouble();
            var eye = c + new Float3(r * MathF.Cos(phi), r * MathF.Sin(phi), 0);
            var ahead = Center(z + 30f) + new Float3(8f * ((float)rng.NextDouble() - 0.5f),
                8f * ((float)rng.NextDouble() - 0.5f), 0);
            var roll = 2 * MathF.PI * (float)rng.NextDouble();
            views.Add(new CameraView(camera, RigidPose.LookAt(eye, ahead,
                new Float3(MathF.Cos(roll), MathF.Sin(roll), 0))));
        }
        return views;
    }

    /// <summary>
    /// A CT volume of the tube: air −1000 HU in the lumen, wall 40 HU (3 mm), fat −100 HU outside; 1 mm voxels.
    /// </summary>
    public CtVolume ToCtVolume(float spacing = 1f)
    {
        int nx = (int)(100 / spacing), ny = nx, nz = (int)(Length / spacing);
        var hu = new short[nx * ny * nz];
        var origin = new Float3(-50, -50, 0);
        Parallel.For(0, nz, k =>
        {
            for (var j = 0; j < ny; j++)
                for (var i = 0; i < nx; i++)
                {
                    var d = Inside(origin + new Float3(i * spacing, j * spacing, k * spacing));
                    // partial-volume ramp of one voxel at each boundary
                    var air = Math.Clamp(0.5f + d / spacing, 0f, 1f);
                    var fat = Math.Clamp(0.5f + (-d - 3f) / spacing, 0f, 1f);
                    hu[(k * ny + j) * nx + i] = (short)MathF.Round(-1000f * air + -100f * fat + 40f * (1 - air - fat));
                }
        });
        return CtVolume.FromInt16(nx, ny, nz, hu, new Float3(spacing, spacing, spacing), origin);
    }
}
