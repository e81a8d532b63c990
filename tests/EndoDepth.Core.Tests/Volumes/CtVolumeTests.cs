using EndoDepth.Geometry;
using EndoDepth.Volumes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EndoDepth.Core.Tests.Volumes;

public class CtVolumeTests
{
    [Property(MaxTest = 200)]
    public Property World_to_voxel_inverts_voxel_to_world_for_oblique_grids(NormalFloat i, NormalFloat j, NormalFloat k,
        NormalFloat angle)
    {
        // Directions rotated by an angle about z (orthonormal), anisotropic spacing, an origin away from 0.
        var a = (float)(angle.Get % 3);
        var di = new Float3(MathF.Cos(a), MathF.Sin(a), 0);
        var dj = new Float3(-MathF.Sin(a), MathF.Cos(a), 0);
        var vol = CtVolume.FromInt16(2, 2, 2, new short[8], new Float3(0.7f, 0.8f, 2.5f), new Float3(-120, 35, 400), di,
            dj, Float3.UnitZ);
        var ijk = new Float3((float)(i.Get % 300), (float)(j.Get % 300), (float)(k.Get % 300));
        var back = vol.WorldToVoxel(vol.VoxelToWorld(ijk));
        return (MathF.Abs(back.X - ijk.X) < 1e-2f
                && MathF.Abs(back.Y - ijk.Y) < 1e-2f
                && MathF.Abs(back.Z - ijk.Z) < 1e-2f).ToProperty();
    }

    [Fact]
    public void Voxel_to_world_follows_origin_spacing_and_direction()
    {
        var vol = CtVolume.FromFloat32(3, 4, 5, new float[60], new Float3(0.5f, 0.5f, 2f), new Float3(10, 20, 30));
        var w = vol.VoxelToWorld(new Float3(2, 3, 4));
        Assert.Equal(new Float3(11f, 21.5f, 38f), w);
        Assert.Throws<ArgumentOutOfRangeException>(() => CtVolume.Validate(-1, 4, 5, new Float3(1, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => CtVolume.Validate(100000, 100000, 100000, new Float3(1, 1, 1)));
    }

    [Fact]
    public void ToString_says_size_storage_spacing_and_origin()
    {
        var vol = CtVolume.FromInt16(3, 4, 5, new short[60], new Float3(0.5f, 0.5f, 2f), new Float3(10, 20, 30));
        var text = vol.ToString();
        Assert.Contains("3×4×5", text, StringComparison.Ordinal);
        Assert.Contains("Int16", text, StringComparison.Ordinal);
        Assert.Contains("0.5", text, StringComparison.Ordinal);
        Assert.Contains("30", text, StringComparison.Ordinal);
    }
}
