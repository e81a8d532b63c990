using EndoDepth.Abstractions;
using EndoDepth.Geometry;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;

namespace EndoDepth.Rendering.Synthetic;

/// <summary>
/// The procedural colon as a synthetic scene source: <see cref="ColonPhantom"/>s from
/// <see cref="SyntheticDatasetSettings.Phantom"/> with their surface baked at
/// <see cref="SyntheticDatasetSettings.SurfaceSpacingMm"/>, poses from <see cref="EndoscopePoseSampler"/> along the
/// centerline with <see cref="SyntheticDatasetSettings.Poses"/>.
/// </summary>
/// <param name="settings">The dataset settings whose phantom, surface and pose settings are used.</param>
public sealed class ColonPhantomScenes(SyntheticDatasetSettings settings) : ISyntheticSceneSource<ColonPhantom>
{
    private readonly SyntheticDatasetSettings _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    private (ColonPhantom Scene, EndoscopePoseSampler Sampler)? _last;

    /// <inheritdoc />
    public ColonPhantom Scene(int phantomSeed, CancellationToken cancellationToken)
    {
        var phantom = ColonPhantom.Generate(_settings.Phantom, phantomSeed);
        phantom.UseSurface(phantom.BakeSurface(_settings.SurfaceSpacingMm, cancellationToken));
        return phantom;
    }

    /// <inheritdoc />
    public RigidPose SamplePose(ColonPhantom scene, ref SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var last = _last;
        if (last is null || !ReferenceEquals(last.Value.Scene, scene))
        {
            last = (scene, new EndoscopePoseSampler(scene, _settings.Poses));
            _last = last;
        }
        return last.Value.Sampler.Sample(ref rng);
    }
}
