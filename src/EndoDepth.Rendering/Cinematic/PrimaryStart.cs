using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// Where primary rays may start tracking: for each <see cref="TileSize"/>² tile of pixels, a distance t₀ (mm from
/// the
/// lens) before which every ray through the tile (any point of any of its pixels, so any jitter) runs through empty
/// macro cells, σt = 0. Found once per view and medium by cone marching the tile's central ray through the empty-space
/// distances (<see cref="EmptySpace"/>): at a point whose cell is d cells from the nearest occupied one, the L∞ ball
/// of
/// (d − 1)·C voxels around it is empty, and the march advances only while the whole cone of the tile's rays stays
/// inside
/// such balls. Starting free flights (and the depth march) at t₀ changes nothing: there is no extinction before it.
/// </summary>
internal static class PrimaryStart
{
    /// <summary>Pixels per tile side.</summary>
    public const int TileSize = 4;

    /// <summary>Tiles along x for an image <paramref name="width"/> pixels wide.</summary>
    public static int TilesX(int width) => (width + TileSize - 1) / TileSize;

    /// <summary>Number of tiles of a camera's image.</summary>
    public static int TileCount(CameraModel camera)
        => TilesX(camera.Width) * ((camera.Height + TileSize - 1) / TileSize);

    /// <summary>The tile index of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static int TileOf(int x, int y, int width) => y / TileSize * TilesX(width) + x / TileSize;

    /// <summary>The kernel body for tile <paramref name="index"/>: writes its start distance (mm) to
    /// <paramref name="starts"/>[index].</summary>
    public static void Tile<TView>(int index, CameraModel camera, RigidPose pose, Medium<TView> medium, TView starts)
        where TView : struct, IElementView<float>
    {
        var tilesX = TilesX(camera.Width);
        var x0 = (float)(index % tilesX * TileSize);
        var y0 = (float)(index / tilesX * TileSize);
        var x1 = MathF.Min(x0 + TileSize, camera.Width);
        var y1 = MathF.Min(y0 + TileSize, camera.Height);
        var xm = 0.5f * (x0 + x1); var ym = 0.5f * (y0 + y1);
        camera.Unproject(xm, ym, out var centre);
        // Angular radius of the tile's rays about the central one: the largest angle to its corners and edge midpoints,
        // with a margin (the projections are smooth and monotone in the image radius, so a tile's extreme directions
        // lie on its boundary).
        var cosMin = 1f;
        cosMin = MathF.Min(cosMin, CosTo(camera, centre, x0, y0)); cosMin = MathF.Min(cosMin,
            CosTo(camera, centre, x1, y0));
        cosMin = MathF.Min(cosMin, CosTo(camera, centre, x0, y1)); cosMin = MathF.Min(cosMin,
            CosTo(camera, centre, x1, y1));
        cosMin = MathF.Min(cosMin, CosTo(camera, centre, xm, y0)); cosMin = MathF.Min(cosMin,
            CosTo(camera, centre, xm, y1));
        cosMin = MathF.Min(cosMin, CosTo(camera, centre, x0, ym)); cosMin = MathF.Min(cosMin,
            CosTo(camera, centre, x1, ym));
        var alpha = 1.25f * MathF.Acos(MathF.Max(-1f, MathF.Min(1f, cosMin))) + 1e-4f;
        var f = medium.Field;
        // In voxel units a ray at angle ≤ α from the central one is, at distance t, within α·t·max‖row of the
        // world →
        // voxel map‖ of it along every axis (chord ≤ arc; Cauchy–Schwarz per row).
        var spread = alpha * MathF.Max(f.M0.Length, MathF.Max(f.M1.Length, f.M2.Length));
        var ov = f.ToVoxel(pose.Position);
        var dv = f.DirectionToVoxel(pose.RotateToWorld(centre));
        var speed = MathF.Max(MathF.Abs(dv.X), MathF.Max(MathF.Abs(dv.Y), MathF.Abs(dv.Z))); // voxels per mm, L∞
        var t = 0f;
        for (var i = 0; i < 256; i++)
        {
            var q = ov + dv * t;
            var a = (int)MathF.Floor((q.X - MajorantGrid.Offset) / medium.CellSize);
            var b = (int)MathF.Floor((q.Y - MajorantGrid.Offset) / medium.CellSize);
            var c = (int)MathF.Floor((q.Z - MajorantGrid.Offset) / medium.CellSize);
            if (a < 0 || b < 0 || c < 0 || a >= medium.Cx || b >= medium.Cy || c >= medium.Cz) break;
            var m = medium.Majorant.Load(a + medium.Cx * (b + medium.Cy * c));
            if (m > -2f) break; // occupied, or next to an occupied cell
            var radius = (-m - 1f) * medium.CellSize; // empty L∞ ball about q (voxels)
            // Points of the cone over [t, t + Δ] lie within speed·Δ + spread·(t + Δ) of q: keep that ≤ radius.
            var step = (radius - spread * t) / (speed + spread);
            if (!(step > 0.25f / (speed + spread))) break; // less than a quarter voxel: not worth another step
            t += step;
        }
        starts.Store(index, t);
    }

    private static float CosTo(CameraModel camera, Float3 centre, float u, float v)
    {
        camera.Unproject(u, v, out var d);
        return Float3.Dot(centre, d);
    }
}
