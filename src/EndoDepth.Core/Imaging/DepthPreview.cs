namespace EndoDepth.Imaging;

/// <summary>
/// A colour picture of a depth map for people: Turbo colours (<see cref="TurboColormap"/>), near = blue, far = red,
/// invalid pixels black. Without a range the map's own valid minimum and maximum are used; a fixed range
/// (min, max in mm) makes pictures of different maps comparable (no legend is
/// drawn; depths outside the range take the end colours).
/// </summary>
public static class DepthPreview
{
    /// <summary>Renders the preview as a 3-channel image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Only one end of the range given, or max ≤ min.</exception>
    public static ImageF Render(DepthMap depth, float? minMm = null, float? maxMm = null)
    {
        ArgumentNullException.ThrowIfNull(depth);
        if (minMm.HasValue != maxMm.HasValue) throw new ArgumentOutOfRangeException(nameof(minMm),
            "Give both ends of the range or neither.");
        float lo, hi;
        if (minMm is { } a && maxMm is { } b)
        {
            if (!(b > a)) throw new ArgumentOutOfRangeException(nameof(maxMm), $"The range [{a}, {b}] is empty.");
            (lo, hi) = (a, b);
        }
        else (lo, hi) = ValidRange(depth);
        var img = new ImageF(depth.Width, depth.Height, 3);
        var span = hi > lo ? hi - lo : 1f;
        var r = img.Plane(0);
        var g = img.Plane(1);
        var bl = img.Plane(2);
        for (var i = 0; i < depth.Millimetres.Length; i++)
        {
            if (!depth.Valid[i]) continue; // black
            var (cr, cg, cb) = TurboColormap.Map((depth.Millimetres[i] - lo) / span);
            r[i] = cr; g[i] = cg; bl[i] = cb;
        }
        return img;
    }

    /// <summary>The smallest and largest valid depth (0, 1 when none is valid).</summary>
    public static (float Min, float Max) ValidRange(DepthMap depth)
    {
        ArgumentNullException.ThrowIfNull(depth);
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (var i = 0; i < depth.Millimetres.Length; i++)
        {
            if (!depth.Valid[i]) continue;
            var v = depth.Millimetres[i];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return lo <= hi ? (lo, hi) : (0f, 1f);
    }
}
