using EndoDepth.Geometry;

namespace EndoDepth.Imaging;

/// <summary>
/// 3-D points in the camera frame (mm; +X right, +Y down, +Z forward), one per valid depth pixel, back-projected
/// through the camera model: pixel (i, j) has its centre at (u, v) = (i + 0.5, j + 0.5); a z-depth z gives the point
/// d · z / d_z and a radial distance r gives d · r, where d is the unit ray <see cref="CameraModel.Unproject"/> gives
/// (pinhole: K⁻¹[u v 1] normalised; equidistant fisheye: θ = r_px / f).
/// </summary>
public sealed class PointCloud
{
    /// <summary>The points, in row-major pixel order of the valid pixels.</summary>
    public IReadOnlyList<Float3> Points { get; }

    /// <summary>8-bit RGB colour of each point (from the image seen by the camera), or null.</summary>
    public IReadOnlyList<(byte R, byte G, byte B)>? Colours { get; }

    private PointCloud(Float3[] points, (byte, byte, byte)[]? colours)
    {
        Points = points;
        Colours = colours;
    }

    /// <summary>
    /// Back-projects every valid pixel of <paramref name="depth"/> whose ray lies inside the camera's valid cone.
    /// </summary>
    /// <param name="depth">Z-depth or radial distance in mm (<see cref="DepthMap.Kind"/>).</param>
    /// <param name="camera">The camera, at the depth map's size.</param>
    /// <param name="colour">The image the depth was estimated from (grey or RGB, [0, 1]) at the same size, to colour
    /// the points; null for none.</param>
    /// <exception cref="ArgumentException">The camera or the image differs in size from the depth map.</exception>
    public static PointCloud FromDepth(DepthMap depth, CameraModel camera, ImageF? colour = null)
    {
        ArgumentNullException.ThrowIfNull(depth);
        if (camera.Width != depth.Width || camera.Height != depth.Height)
            throw new ArgumentException($"Camera is {camera.Width}×{camera.Height}, depth map is " +
                $"{depth.Width}×{depth.Height}.", nameof(camera));
        if (colour is not null && (colour.Width != depth.Width || colour.Height != depth.Height))
            throw new ArgumentException($"Image is {colour.Width}×{colour.Height}, depth map is " +
                $"{depth.Width}×{depth.Height}.", nameof(colour));
        var points = new List<Float3>(depth.ValidCount);
        var colours = colour is null ? null : new List<(byte, byte, byte)>(depth.ValidCount);
        for (var y = 0; y < depth.Height; y++)
            for (var x = 0; x < depth.Width; x++)
            {
                var i = y * depth.Width + x;
                var mm = depth.Millimetres[i];
                if (!depth.Valid[i] || !(mm > 0) || !float.IsFinite(mm)) continue;
                if (!camera.Unproject(x + 0.5f, y + 0.5f, out var d)) continue;
                if (depth.Kind == DepthKind.ZDepth && !(d.Z > 0)) continue;
                points.Add(depth.Kind == DepthKind.ZDepth ? d * (mm / d.Z) : d * mm);
                colours?.Add(colour!.Channels == 3
                    ? (Byte(colour[x, y, 0]), Byte(colour[x, y, 1]), Byte(colour[x, y, 2]))
                    : (Byte(colour![x, y]), Byte(colour[x, y]), Byte(colour[x, y])));
            }
        return new PointCloud([.. points], colours?.ToArray());
    }

    private static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);
}
