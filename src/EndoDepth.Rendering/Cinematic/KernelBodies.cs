using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>The <see cref="DepthKernel"/> as a launchable body (one index per pixel).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct DepthBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>Launch parameters.</summary>
    public DepthParams Params;
    /// <summary>The medium under the reference opacity ramp.</summary>
    public Medium<TView> Reference;
    /// <summary>Per tile, the distance before which the reference medium is empty
    /// (<see cref="PrimaryStart"/>).</summary>
    public TView Starts;
    /// <summary>Output z-depth (mm), one per pixel.</summary>
    public TView Depth;
    /// <summary>Output normals, planar x, y, z.</summary>
    public TView Normals;

    /// <inheritdoc />
    public readonly void Execute(int index) => DepthKernel.Pixel(index, Params, Reference, Starts, Depth, Normals);
}

/// <summary>The <see cref="PathTracingKernel"/> as a launchable body (one index per pixel).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct PathBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>Launch parameters.</summary>
    public PathParams Params;
    /// <summary>The preset's medium.</summary>
    public Medium<TView> Medium;
    /// <summary>Per tile, the distance before which the preset's medium is empty
    /// (<see cref="PrimaryStart"/>).</summary>
    public TView Starts;
    /// <summary>Planar RGB radiance sums.</summary>
    public TView Accum;
    /// <summary>First-event albedo AOV: planar RGB sums over the paths that scattered, then their count.</summary>
    public TView Albedo;

    /// <inheritdoc />
    public readonly void Execute(int index) =>
        PathTracingKernel.Pixel(index, Params, Medium, Starts, Accum, Albedo);
}

/// <summary>The <see cref="PrimaryStart"/> cone march as a launchable body (one index per pixel tile).</summary>
/// <typeparam name="TView">Storage: <see cref="HostView{T}"/> or <see cref="DeviceView{T}"/>.</typeparam>
internal struct PrimaryStartBody<TView> : IKernelBody where TView : struct, IElementView<float>
{
    /// <summary>The camera.</summary>
    public CameraModel Camera;
    /// <summary>Camera → world.</summary>
    public RigidPose Pose;
    /// <summary>The medium (its tracking majorants, with empty-space distances).</summary>
    public Medium<TView> Medium;
    /// <summary>Output start distance (mm), one per tile.</summary>
    public TView Starts;

    /// <inheritdoc />
    public readonly void Execute(int index) => PrimaryStart.Tile(index, Camera, Pose, Medium, Starts);
}
