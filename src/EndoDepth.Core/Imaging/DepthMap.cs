using EndoDepth.Geometry;

namespace EndoDepth.Imaging;

/// <summary>
/// A per-pixel depth map in millimetres (float32), with invalid pixels explicit in <see cref="Valid"/>.
/// By default depth is z-depth along the optical axis (<see cref="DepthKind.ZDepth"/>); <see cref="ToKind"/> converts
/// to radial distance and back for a given camera. Values at invalid pixels are 0 and carry no meaning.
/// Row-major: pixel (x, y) at index y·Width + x.
/// </summary>
public sealed class DepthMap
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Depth in millimetres, row-major.</summary>
    public float[] Millimetres { get; }
    /// <summary>True where the depth is valid (finite, positive, a surface was hit).</summary>
    public bool[] Valid { get; }
    /// <summary>What the values measure.</summary>
    public DepthKind Kind { get; }

    /// <summary>Creates an all-invalid map.</summary>
    public DepthMap(int width, int height, DepthKind kind = DepthKind.ZDepth)
    {
        ImageSize.Validate(width, height);
        Width = width; Height = height; Kind = kind;
        Millimetres = new float[width * height];
        Valid = new bool[width * height];
    }

    /// <summary>
    /// Wraps depth values; a pixel is valid when finite and &gt; 0 (and <paramref name="valid"/>, if given, says so).
    /// Invalid values are set to 0.
    /// </summary>
    /// <exception cref="ArgumentException">Array lengths do not match the size.</exception>
    public DepthMap(int width, int height, float[] millimetres, bool[]? valid = null, DepthKind kind = DepthKind.ZDepth)
    {
        ArgumentNullException.ThrowIfNull(millimetres);
        ImageSize.Validate(width, height);
        if (millimetres.Length != width * height) throw new ArgumentException($"Expected {width * height} depth " +
            $"values, got {millimetres.Length}.", nameof(millimetres));
        if (valid is not null && valid.Length != millimetres.Length)
            throw new ArgumentException("Mask length does not match.", nameof(valid));
        Width = width; Height = height; Kind = kind;
        Millimetres = millimetres;
        Valid = valid ?? new bool[millimetres.Length];
        for (var i = 0; i < millimetres.Length; i++)
        {
            var ok = float.IsFinite(millimetres[i]) && millimetres[i] > 0 && (valid is null || valid[i]);
            Valid[i] = ok;
            if (!ok) millimetres[i] = 0f;
        }
    }

    /// <summary>Depth at (x, y) in mm (0 when invalid).</summary>
    public float this[int x, int y] => Millimetres[y * Width + x];

    /// <summary>Whether (x, y) is valid.</summary>
    public bool IsValid(int x, int y) => Valid[y * Width + x];

    /// <summary>Number of valid pixels.</summary>
    public int ValidCount
    {
        get
        {
            var n = 0;
            foreach (var v in Valid) if (v) n++;
            return n;
        }
    }

    /// <summary>Sets a pixel; non-finite or non-positive values make it invalid.</summary>
    public void Set(int x, int y, float mm)
    {
        var i = y * Width + x;
        var ok = float.IsFinite(mm) && mm > 0;
        Millimetres[i] = ok ? mm : 0f;
        Valid[i] = ok;
    }

    /// <summary>A deep copy.</summary>
    public DepthMap Clone() => new(Width, Height, (float[])Millimetres.Clone(), (bool[])Valid.Clone(), Kind);

    /// <summary>The mirror image: pixel (x, y) comes from (W − 1 − x, y) and/or (x, H − 1 − y).</summary>
    /// <param name="horizontally">Mirror left–right.</param>
    /// <param name="vertically">Mirror top–bottom.</param>
    public DepthMap Mirrored(bool horizontally, bool vertically)
    {
        var mm = new float[Millimetres.Length];
        var valid = new bool[Valid.Length];
        for (var y = 0; y < Height; y++)
        {
            var sy = vertically ? Height - 1 - y : y;
            for (var x = 0; x < Width; x++)
            {
                var s = sy * Width + (horizontally ? Width - 1 - x : x);
                mm[y * Width + x] = Millimetres[s];
                valid[y * Width + x] = Valid[s];
            }
        }
        return new DepthMap(Width, Height, mm, valid, Kind);
    }

    /// <summary>The transposed map (the mirror about the main diagonal): pixel (x, y) comes from (y, x).</summary>
    public DepthMap Transposed()
    {
        var mm = new float[Millimetres.Length];
        var valid = new bool[Valid.Length];
        for (var y = 0; y < Width; y++)
            for (var x = 0; x < Height; x++)
            {
                var s = x * Width + y;
                mm[y * Height + x] = Millimetres[s];
                valid[y * Height + x] = Valid[s];
            }
        return new DepthMap(Height, Width, mm, valid, Kind);
    }

    /// <summary>
    /// Converts between z-depth and radial distance for the given camera (radial = z / cos θ of the pixel's ray).
    /// </summary>
    /// <exception cref="ArgumentException">The camera's size differs from the map's.</exception>
    public DepthMap ToKind(DepthKind kind, CameraModel camera)
    {
        if (kind == Kind) return Clone();
        if (camera.Width != Width || camera.Height != Height)
            throw new ArgumentException($"Camera is {camera.Width}×{camera.Height}, depth map is {Width}×{Height}.",
                nameof(camera));
        var o = new DepthMap(Width, Height, kind);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var i = y * Width + x;
                if (!Valid[i]) continue;
                var k = camera.RadialPerZ(x + 0.5f, y + 0.5f);
                o.Set(x, y, kind == DepthKind.Radial ? Millimetres[i] * k : Millimetres[i] / k);
            }
        return o;
    }
}
