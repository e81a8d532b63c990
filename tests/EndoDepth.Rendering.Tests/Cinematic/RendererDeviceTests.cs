using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Synthetic;
using EndoDepth.Rendering.Tests.Compute;

namespace EndoDepth.Rendering.Tests.Cinematic;

[Collection(IlgpuCpuCollection.Name)]
public class RendererDeviceTests(IlgpuCpuFixture fixture)
{
    private static CameraView ViewDownTheTube() => new(CameraModel.Pinhole(6, 6, 60f),
        RigidPose.LookAt(new Float3(7.5f, 7.5f, 3f), new Float3(7.5f, 7.5f, 13f), Float3.UnitX));

    [Fact]
    public void A_volume_goes_to_the_device_once_however_many_views_are_rendered()
    {
        using var renderer = new CinematicRenderer(device: fixture.Device);
        var volume = TestVolumes.Tube(16, 20, 5f);
        var first = renderer.RenderDepth(volume, ViewDownTheTube()).Depth;
        var uploads = renderer.DeviceUploads;
        Assert.True(uploads > 0);
        var again = renderer.RenderDepth(volume, ViewDownTheTube()).Depth;
        Assert.Equal(uploads, renderer.DeviceUploads);
        Assert.Equal(first.Millimetres, again.Millimetres);

        // Another volume instance (the same voxels) is uploaded in its turn, and renders alike.
        var other = renderer.RenderDepth(TestVolumes.Tube(16, 20, 5f), ViewDownTheTube()).Depth;
        Assert.Equal(2 * uploads, renderer.DeviceUploads);
        Assert.Equal(first.Millimetres, other.Millimetres);
    }

    [Fact]
    public void Renderers_borrow_their_device_and_share_one_by_default()
    {
        Assert.Same(ComputeDevice.Shared, new CinematicRenderer().Device);
        using (var model = new SyntheticEndoscope()) Assert.Same(ComputeDevice.Shared, model.Device);
        new CinematicRenderer(device: fixture.Device).Dispose();
        new SyntheticEndoscope(device: fixture.Device).Dispose();
        Assert.NotNull(fixture.Device.Accelerator); // still usable: disposing a renderer leaves its device alone
    }
}
