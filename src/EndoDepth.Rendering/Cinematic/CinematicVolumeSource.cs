using EndoDepth.Geometry;
using EndoDepth.Volumes;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>
/// One CT volume of a cinematic dataset (<see cref="CinematicDatasetGenerator"/>): its id, how to load it, and how to
/// place the endoscope in it.
/// </summary>
/// <param name="Id">A stable id, the prefix of its views' scene ids (<c>ID-viewNNNNN</c>); letters, digits, '-' and
/// '_'.</param>
/// <param name="Open">
/// Loads the volume and returns it with its pose draw: (view seed) → camera pose, depending on nothing else. The
/// generator opens a volume at most once per call, and only when one of its views is missing.
/// </param>
/// <param name="Meta">Extra metadata recorded in each of its items (e.g. a phantom seed).</param>
public sealed record CinematicVolumeSource(
    string Id,
    Func<CancellationToken, (CtVolume Volume, Func<ulong, RigidPose> Pose)> Open,
    IReadOnlyDictionary<string, string>? Meta = null);
