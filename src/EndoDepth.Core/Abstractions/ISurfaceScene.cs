using EndoDepth.Geometry;

namespace EndoDepth.Abstractions;

/// <summary>
/// A surface scene a forward model can image (for example the procedural colon). Concrete scene types carry the
/// geometry in the form their model needs; a model names that type (<see cref="IForwardModel{TScene}"/>), so it never
/// has to ask what a scene is.
/// </summary>
public interface ISurfaceScene
{
    /// <summary>A stable identifier (for manifests), e.g. "colon-seed-7".</summary>
    string Id { get; }

    /// <summary>Axis-aligned world bounds of the surface (mm).</summary>
    (Float3 Min, Float3 Max) Bounds { get; }
}
