using EndoDepth.Abstractions;

namespace EndoDepth.Rendering.Surfaces;

/// <summary>
/// A surface scene whose geometry is a <see cref="SignedDistanceGrid"/>: what the synthetic endoscope's ray caster
/// marches (a grid itself, or a <see cref="Phantom.ColonPhantom"/>'s baked wall).
/// </summary>
public interface ISignedDistanceScene : ISurfaceScene
{
    /// <summary>The scene's surface as a signed distance grid.</summary>
    SignedDistanceGrid Surface { get; }
}
