using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Randomness;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The scenes a <see cref="SyntheticDatasetGenerator"/> images and where the endoscope may stand in them: the
/// procedural
/// colon (<see cref="ColonPhantomScenes"/>) by default, or any other surface a forward model can image.
/// </summary>
/// <typeparam name="TScene">The scene type, the one the forward model of the generator images.</typeparam>
public interface ISyntheticSceneSource<TScene> where TScene : ISurfaceScene
{
    /// <summary>The scene of a phantom seed (the generator asks once per phantom and run of consecutive
    /// items).</summary>
    /// <param name="phantomSeed">The phantom's seed.</param>
    /// <param name="cancellationToken">Cancels building it.</param>
    TScene Scene(int phantomSeed, CancellationToken cancellationToken);

    /// <summary>Draws an endoscope pose inside <paramref name="scene"/> from <paramref name="rng"/> (and nothing
    /// else).</summary>
    /// <param name="scene">A scene this source returned.</param>
    /// <param name="rng">The item's random stream.</param>
    RigidPose SamplePose(TScene scene, ref SplitMix64 rng);
}
