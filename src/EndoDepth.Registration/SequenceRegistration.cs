using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Registration;

/// <summary>
/// Registers a video sequence frame by frame (paper §2.3). Frame 0 starts from its initial pose; frame i starts from
/// frame i − 1's registered pose moved by the initial poses' relative motion, Reg₍ᵢ₋₁₎ ∘ Init₍ᵢ₋₁₎⁻¹ ∘ Initᵢ (with
/// equal initial poses: the previous registered pose itself); after a frame that did not converge, frame i starts
/// from Initᵢ. Before any work every initial pose is checked (<see cref="CheckStart"/>).
/// </summary>
public sealed class SequenceRegistration
{
    private readonly VirtualEndoscope _endoscope;

    /// <summary>Creates a sequence registration against <paramref name="endoscope"/>'s CT.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public SequenceRegistration(VirtualEndoscope endoscope, CameraModel camera, RegistrationSettings? settings = null)
    {
        _endoscope = endoscope ?? throw new ArgumentNullException(nameof(endoscope));
        Camera = camera;
        Settings = settings ?? new RegistrationSettings();
        Settings.Validate();
    }

    /// <summary>The frames' camera.</summary>
    public CameraModel Camera { get; }

    /// <summary>The settings.</summary>
    public RegistrationSettings Settings { get; }

    /// <summary>
    /// Throws unless <paramref name="pose"/> is a usable start: its camera centre is in the lumen (HU at most
    /// <see cref="RegistrationSettings.InsideTissueHu"/>) and the virtual view from it meets the iso-surface over at
    /// least <see cref="RegistrationSettings.MinValidFraction"/> of the field of view (inside tissue, rays stop at once
    /// and give no depth).
    /// </summary>
    /// <param name="pose">The initial pose.</param>
    /// <param name="what">Names the pose in the message (e.g. the poses file and the frame).</param>
    /// <param name="cancellationToken">Cancels the check's render.</param>
    /// <exception cref="RegistrationInputException">The pose is inside tissue or sees no lumen.</exception>
    public void CheckStart(RigidPose pose, string what, CancellationToken cancellationToken = default)
    {
        var hu = _endoscope.HuAt(pose.Position);
        if (hu > Settings.InsideTissueHu)
            throw new RegistrationInputException(what, $"the initial pose is inside tissue: the camera centre " +
                $"{pose.Position} mm has {hu:F0} HU, above {Settings.InsideTissueHu:F0} HU");
        var probe = new FrameRegistration(_endoscope, new ImageF(Camera.Width, Camera.Height), Camera, Settings);
        var valid = probe.ValidFraction(pose, cancellationToken);
        if (valid < Settings.MinValidFraction)
            throw new RegistrationInputException(what, $"the initial pose is inside tissue or sees no lumen wall: " +
                $"the virtual view has depth over {valid:P0} of the field of view, below " +
                $"{Settings.MinValidFraction:P0}");
    }

    /// <summary>
    /// Registers <paramref name="frameCount"/> frames, loading frame i with <paramref name="frame"/> when it is its
    /// turn. <paramref name="progress"/> receives the number of frames done.
    /// </summary>
    /// <param name="frameCount">How many frames.</param>
    /// <param name="frame">Frame i (of the camera's size).</param>
    /// <param name="initialPoses">One initial camera → world pose per frame.</param>
    /// <param name="seed">Keys the optimiser's mutations (with the frame index).</param>
    /// <param name="progress">Frames done.</param>
    /// <param name="cancellationToken">Checked before every evaluation.</param>
    /// <exception cref="RegistrationInputException">Initial poses and frames differ in count, or an initial pose is
    /// inside tissue.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<FrameRegistrationResult> Register(int frameCount, Func<int, ImageF> frame,
        IReadOnlyList<RigidPose> initialPoses, long seed = 0, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        Register(frameCount, frame, initialPoses, seed, progress, null, null, cancellationToken);

    /// <summary>
    /// <see cref="Register(int, Func{int, ImageF}, IReadOnlyList{RigidPose}, long, IProgress{int}?, CancellationToken)"/>
    /// with a checkpoint: <paramref name="registered"/> gives frame i's result from an earlier run (or null), and is
    /// asked for the frames in order until it first answers null; from there on every frame is registered and handed
    /// to <paramref name="finished"/> as soon as it is done. Frame i's start depends only on frame i − 1's result and
    /// the initial poses, and its mutations only on the seed and i, so a resumed sequence equals an uninterrupted one.
    /// </summary>
    internal IReadOnlyList<FrameRegistrationResult> Register(int frameCount, Func<int, ImageF> frame,
        IReadOnlyList<RigidPose> initialPoses, long seed, IProgress<int>? progress,
        Func<int, FrameRegistrationResult?>? registered, Action<int, FrameRegistrationResult>? finished,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(initialPoses);
        if (initialPoses.Count != frameCount)
            throw new RegistrationInputException("(initial poses)", $"{initialPoses.Count} initial poses for " +
                $"{frameCount} frames");
        for (var i = 0; i < frameCount; i++) CheckStart(initialPoses[i], $"initial pose {i}", cancellationToken);
        var results = new List<FrameRegistrationResult>(frameCount);
        var resuming = registered is not null;
        for (var i = 0; i < frameCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (resuming && registered!(i) is { } earlier)
            {
                results.Add(earlier);
                progress?.Report(i + 1);
                continue;
            }
            resuming = false; // later frames start from this one's result: register them again
            var start = i > 0 && results[i - 1].Converged
                ? StartAfter(results[i - 1].Pose, initialPoses[i - 1], initialPoses[i])
                : initialPoses[i];
            var registration = new FrameRegistration(_endoscope, frame(i), Camera, Settings);
            var result = registration.Register(start, i, cancellationToken);
            results.Add(result);
            finished?.Invoke(i, result);
            progress?.Report(i + 1);
        }
        return results;
    }

    /// <summary>Reg₍ᵢ₋₁₎ ∘ Init₍ᵢ₋₁₎⁻¹ ∘ Initᵢ, re-orthonormalised.</summary>
    internal static RigidPose StartAfter(RigidPose previousRegistered, RigidPose previousInitial, RigidPose initial) =>
        PoseIncrement.Apply(RigidPose.Compose(previousRegistered,
            RigidPose.Compose(previousInitial.Inverse(), initial)), Float3.Zero, Float3.Zero);
}
