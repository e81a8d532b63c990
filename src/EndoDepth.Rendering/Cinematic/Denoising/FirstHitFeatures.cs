using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Rendering.Cinematic.Denoising;

/// <summary>
/// The noise-free guides of one rendered view at the opacity-threshold surface: camera-frame position (mm), world
/// normal, and the albedo multiplier there (the tissue texture, given as a function of the world point). All three come
/// from the depth pass and the look, not from the Monte Carlo estimate, so they carry the scene's edges and texture
/// without its noise.
/// </summary>
internal sealed class FirstHitFeatures
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    /// <summary>Per pixel: true where the depth pass found the surface.</summary>
    public required bool[] Valid { get; init; }
    /// <summary>Camera-frame surface point (mm) per pixel.</summary>
    public required Float3[] Position { get; init; }
    /// <summary>Unit world normal per pixel.</summary>
    public required Float3[] Normal { get; init; }
    /// <summary>Albedo multiplier of the texture per pixel (1 where invalid).</summary>
    public required Float3[] Albedo { get; init; }

    /// <summary>The geometry of a view's depth pass (albedo 1 everywhere): computed once, shared by its looks.</summary>
    public static FirstHitFeatures Compute(DepthMap depth, ImageF normals, CameraView view)
    {
        int w = depth.Width, h = depth.Height, n = w * h;
        var f = new FirstHitFeatures
        {
            Width = w, Height = h, Valid = new bool[n], Position = new Float3[n], Normal = new Float3[n],
            Albedo = new Float3[n],
        };
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                f.Albedo[i] = new Float3(1f, 1f, 1f);
                if (!depth.Valid[i] || !(depth.Millimetres[i] > 0f)) continue;
                f.Valid[i] = true;
                f.Position[i] = view.Camera.UnprojectZDepth(x + 0.5f, y + 0.5f, depth.Millimetres[i]);
                f.Normal[i] = new Float3(normals[x, y, 0], normals[x, y, 1], normals[x, y, 2]);
            }
        });
        return f;
    }

    /// <summary>Floor of the albedo guide, so that demodulation stays bounded.</summary>
    public const float AlbedoFloor = 0.05f;

    /// <summary>The same geometry with one look's albedo multiplier at the opacity-threshold surface (a function of the
    /// world point), floored at <see cref="AlbedoFloor"/>.</summary>
    public FirstHitFeatures WithAlbedo(CameraView view, Func<Float3, Float3> albedoAt)
    {
        var albedo = new Float3[Width * Height];
        Parallel.For(0, Height, y =>
        {
            for (var i = y * Width; i < (y + 1) * Width; i++)
            {
                if (!Valid[i]) { albedo[i] = new Float3(1f, 1f, 1f); continue; }
                var a = albedoAt(view.Pose.ToWorld(Position[i]));
                albedo[i] = new Float3(MathF.Max(a.X, AlbedoFloor), MathF.Max(a.Y, AlbedoFloor),
                    MathF.Max(a.Z, AlbedoFloor));
            }
        });
        return WithAlbedo(albedo);
    }

    /// <summary>The same geometry with the path tracer's first-event albedo of one look as the albedo guide.</summary>
    public FirstHitFeatures WithAlbedo(FirstEventAlbedo firstEvents) => WithAlbedo(firstEvents.Guide(AlbedoFloor));

    private FirstHitFeatures WithAlbedo(Float3[] albedo) => new()
    {
        Width = Width, Height = Height, Valid = Valid, Position = Position, Normal = Normal, Albedo = albedo,
    };
}
