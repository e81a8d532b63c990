using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Poses;

/// <summary>
/// The distance (mm) from a world point to the nearest wall, positive inside the lumen: what
/// <see cref="EndoscopePoseSampler"/> keeps the endoscope's tip clear by. A phantom's signed distance grid
/// (<see cref="Surfaces.SignedDistanceGrid.Sample"/>) and a traced lumen's distance transform
/// (<see cref="Lumen.LumenCenterline.Result.DistanceAt"/>) both give one.
/// </summary>
/// <param name="point">A world point (mm).</param>
public delegate float WallClearance(Float3 point);
