using System.Runtime.CompilerServices;
using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Synthetic;

namespace EndoDepth.Experiments;

/// <summary>
/// The phantom surfaces of an experiment and the forward model that images them, bound by their scene type so that
/// <see cref="ExperimentParts"/> need not carry it: <see cref="Create{TScene}"/> with any
/// <see cref="IForwardModel{TScene}"/> and a surface per phantom seed.
/// </summary>
public abstract class SurfaceImaging
{
    private protected SurfaceImaging() { }

    /// <summary>
    /// Binds the surfaces of <paramref name="surface"/> (one per phantom seed) to <paramref name="model"/>.
    /// </summary>
    /// <typeparam name="TScene">The surfaces' type, the one the model images.</typeparam>
    public static SurfaceImaging Create<TScene>(Func<int, TScene> surface, IForwardModel<TScene> model)
        where TScene : ISurfaceScene => new Bound<TScene>(
            surface ?? throw new ArgumentNullException(nameof(surface)),
            model ?? throw new ArgumentNullException(nameof(model)));

    /// <summary>
    /// A dataset generator over these surfaces and model; <paramref name="pose"/> gives the pose of (phantom seed,
    /// pose seed).
    /// </summary>
    internal abstract SyntheticDatasetGenerator Generator(SyntheticDatasetSettings settings,
        Func<int, ulong, RigidPose> pose);

    private sealed class Bound<TScene>(Func<int, TScene> surface, IForwardModel<TScene> model) : SurfaceImaging
        where TScene : ISurfaceScene
    {
        internal override SyntheticDatasetGenerator Generator(SyntheticDatasetSettings settings,
            Func<int, ulong, RigidPose> pose) =>
            SyntheticDatasetGenerator.Create(settings, new SeededScenes(surface, pose), model);

        /// <summary>The surfaces as a scene source, remembering each scene's phantom seed for its poses.</summary>
        private sealed class SeededScenes(Func<int, TScene> surface, Func<int, ulong, RigidPose> pose)
            : ISyntheticSceneSource<TScene>
        {
            // Weak keys: a scene the generator has moved past can be collected (memory flat in the phantom count).
            private readonly ConditionalWeakTable<object, StrongBox<int>> _seeds = [];

            public TScene Scene(int phantomSeed, CancellationToken cancellationToken)
            {
                var scene = surface(phantomSeed);
                _seeds.AddOrUpdate(scene, new StrongBox<int>(phantomSeed));
                return scene;
            }

            public RigidPose SamplePose(TScene scene, ref SplitMix64 rng) =>
                pose(_seeds.TryGetValue(scene, out var seed) ? seed.Value
                    : throw new InvalidOperationException("A pose was asked for a scene this source did not open."),
                    rng.NextUInt64());
        }
    }
}
