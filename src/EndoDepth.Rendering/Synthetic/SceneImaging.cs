using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// A scene source and the forward model that images its scenes, bound together by their scene type so that a
/// <see cref="SyntheticDatasetGenerator"/> can open scenes, draw poses and render without knowing that type.
/// </summary>
internal abstract class SceneImaging
{
    /// <summary>Which scene source and forward model these are (their types), for a dataset's recipe.</summary>
    public abstract string Description { get; }

    /// <summary>The scene of <paramref name="phantomSeed"/>, ready to draw poses in and render.</summary>
    public abstract OpenScene Open(int phantomSeed, CancellationToken cancellationToken);

    /// <summary>One scene of the source with the model that images it.</summary>
    public abstract class OpenScene
    {
        /// <summary>The scene's id.</summary>
        public abstract string Id { get; }

        /// <summary>A pose drawn in the scene (<see cref="ISyntheticSceneSource{TScene}.SamplePose"/>).</summary>
        public abstract RigidPose SamplePose(ref SplitMix64 rng);

        /// <summary>The views rendered by the model, view k with sensor-noise seed k.</summary>
        public abstract IReadOnlyList<RenderedFrame> Render(IReadOnlyList<CameraView> views,
            IReadOnlyList<ulong> noiseSeeds, CancellationToken cancellationToken);
    }
}

/// <summary>The binding of a scene source and a forward model of one scene type.</summary>
internal sealed class SceneImaging<TScene>(ISyntheticSceneSource<TScene> scenes, IForwardModel<TScene> model)
    : SceneImaging where TScene : ISurfaceScene
{
    /// <inheritdoc />
    public override string Description => $"{scenes.GetType().Name} through {model.GetType().Name}";

    /// <inheritdoc />
    public override OpenScene Open(int phantomSeed, CancellationToken cancellationToken) =>
        new Opened(scenes, model, scenes.Scene(phantomSeed, cancellationToken));

    private sealed class Opened(ISyntheticSceneSource<TScene> scenes, IForwardModel<TScene> model, TScene scene)
        : OpenScene
    {
        public override string Id => scene.Id;

        public override RigidPose SamplePose(ref SplitMix64 rng) => scenes.SamplePose(scene, ref rng);

        public override IReadOnlyList<RenderedFrame> Render(IReadOnlyList<CameraView> views,
            IReadOnlyList<ulong> noiseSeeds, CancellationToken cancellationToken) =>
            model.RenderBatch(scene, views, noiseSeeds, null, cancellationToken);
    }
}
