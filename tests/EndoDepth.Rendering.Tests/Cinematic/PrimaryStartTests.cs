using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

public class PrimaryStartTests
{
    [Theory]
    [InlineData(ProjectionKind.EquidistantFisheye, 1)]
    [InlineData(ProjectionKind.Pinhole, 1)]
    [InlineData(ProjectionKind.EquidistantFisheye, 2)]
    public void No_ray_through_a_tile_meets_extinction_before_the_tile_start(ProjectionKind kind, int cellSize)
    {
        // A wavy tube seen from inside, looking down its axis and obliquely: brute force along rays through pixel
        // corners, centres and random points of every pixel, σt (the kernels' own table on the trilinear field) must
        // be 0 before the tile's start.
        var volume = TestVolumes.Tube(40, 64, 13f);
        var tf = CinematicPresets.PinkMucosa.Transfer;
        var medium = TrackingTests.HostMedium(volume, tf, cellSize);
        var camera = CameraModel.Create(kind, 24, 20, kind == ProjectionKind.Pinhole ? 90f : 140f);
        var rng = new Random(3);
        double sumStart = 0; var tiles = 0;
        foreach (var pose in new[]
                 {
                     RigidPose.LookAt(new Float3(19.5f, 19.5f, 3f), new Float3(19.5f, 19.5f, 60f), Float3.UnitX),
                     RigidPose.LookAt(new Float3(18f, 21f, 10f), new Float3(30f, 14f, 40f), Float3.UnitY),
                 })
        {
            var starts = new HostView<float>(new float[PrimaryStart.TileCount(camera)]);
            for (var i = 0; i < starts.Length; i++) PrimaryStart.Tile(i, camera, pose, medium, starts);
            for (var i = 0; i < starts.Length; i++) { sumStart += starts.Load(i); tiles++; }
            for (var y = 0; y < camera.Height; y++)
                for (var x = 0; x < camera.Width; x++)
                {
                    var start = starts.Load(PrimaryStart.TileOf(x, y, camera.Width));
                    for (var k = 0; k < 6; k++)
                    {
                        var (u, v) = k switch
                        {
                            0 => (x, y),
                            1 => (x + 1f, y),
                            2 => (x, y + 1f),
                            3 => (x + 1f, y + 1f),
                            4 => (x + 0.5f, y + 0.5f),
                            _ => (x + (float)rng.NextDouble(), y + (float)rng.NextDouble()),
                        };
                        camera.Unproject(u, v, out var dc);
                        var d = pose.RotateToWorld(dc);
                        for (var t = 0f; t < start; t += 0.1f)
                        {
                            var sigma = medium.Transfer.SigmaT(medium.Field.SampleWorld(pose.Position + d * t));
                            Assert.True(sigma == 0f,
                                $"σt {sigma} at t = {t} < start {start}, pixel ({x},{y}) point ({u},{v})");
                        }
                    }
                }
        }
        Assert.True(sumStart / tiles > 3f, $"mean start only {sumStart / tiles} mm");
    }
}
