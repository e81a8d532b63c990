using System.Diagnostics;
using EndoDepth.Geometry;
using EndoDepth.Metrics;
using EndoDepth.Randomness;
using EndoDepth.Rendering.Cinematic;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Phantom;
using EndoDepth.Rendering.Poses;
using EndoDepth.Volumes;

namespace EndoDepth.Registration;

/// <summary>
/// The end-to-end test of the registration on the procedural colon phantom: "optical" frames are rendered by the
/// cinematic renderer (first built-in look, equidistant fisheye) from the phantom's CT at known poses; each is
/// registered, from a start perturbed by a fixed distance in a random direction and a fixed angle about a random axis,
/// to a registration CT; the registered pose is compared with the true one, and the registered virtual depth with the
/// exact depth at the true pose. The registration CT is the phantom's own CT, or its simulated cone-beam scan
/// reconstructed by FDK (<see cref="TrialSettings.ConeBeam"/>), or whatever the reconstruct argument of
/// <see cref="Run"/> makes of it.
/// </summary>
public static class RegistrationTrials
{
    private const long PoseStream = 0x54504F53;     // "TPOS"
    private const long PerturbStream = 0x54505254;  // "TPRT"

    /// <summary>March step (voxels) of the exact depth the registered depth is scored against.</summary>
    private const float ExactDepthStepVoxels = 0.0625f;

    /// <summary>Runs the trials. <paramref name="progress"/> receives each trial's result as it ends.</summary>
    /// <param name="settings">Trials, sizes and goals; defaults when null.</param>
    /// <param name="progress">Each trial's result, in order, as it ends.</param>
    /// <param name="cancellationToken">Cancels between evaluations.</param>
    /// <param name="reconstruct">Turns the phantom's CT into the CT registered against (a reconstruction); when null,
    /// <see cref="TrialSettings.ConeBeam"/> decides.</param>
    /// <param name="device">Kernel launcher, borrowed; <see cref="ComputeDevice.Shared"/> when null.</param>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrialReport Run(TrialSettings? settings = null, IProgress<TrialResult>? progress = null,
        Func<CtVolume, CancellationToken, CtVolume>? reconstruct = null, ComputeDevice? device = null,
        CancellationToken cancellationToken = default)
    {
        var s = settings ?? new TrialSettings();
        s.Validate();
        var reg = s.Registration ?? new RegistrationSettings();
        var phantom = ColonPhantom.Generate(null, s.Seed);
        var truthCt = phantom.CreateCtVolume(s.Ct, cancellationToken);
        var registrationCt = reconstruct?.Invoke(truthCt, cancellationToken)
            ?? s.ConeBeam?.Reconstruct(truthCt, s.Seed, device, cancellationToken)
            ?? truthCt;
        var sampler = new EndoscopePoseSampler(phantom);
        var camera = CameraModel.Fisheye(s.Size, s.Size, s.FieldOfViewDegrees);
        using var optical = new CinematicRenderer(new CinematicSettings(SamplesPerPixel: s.SamplesPerPixel,
            Seed: s.Seed, DepthThreshold: reg.DepthThreshold), device);
        using var reference = new CinematicRenderer(new CinematicSettings(DepthThreshold: reg.DepthThreshold,
            DepthStepVoxels: ExactDepthStepVoxels), device);
        using var endoscope = new VirtualEndoscope(registrationCt, reg.Lights, reg.DepthThreshold, device,
            reg.DepthStepVoxels);
        var trials = new List<TrialResult>(s.Count);
        for (var i = 0; i < s.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var poseRandom = new SplitMix64(Seed.Derive64(s.Seed, PoseStream, i));
            var truth = sampler.Sample(ref poseRandom);
            var frame = optical.RenderDetailed(truthCt, new CameraView(camera, truth, reg.Lights),
                [CinematicPresets.BuiltIn[0]], null, cancellationToken);
            var start = Perturb(truth, s, i);
            var registration = new FrameRegistration(endoscope, frame.Images[0], camera, reg);
            var clock = Stopwatch.StartNew();
            var r = registration.Register(start, (long)(Seed.Derive64(s.Seed, PerturbStream, i) >> 1),
                cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var depth = endoscope.RenderDepth(camera, r.Pose, reg.OutputDepthStepVoxels, cancellationToken);
            // The exact depth: the phantom's CT marched at 1/16 voxel (within ≈ 0.05 % of the step's limit; the
            // optical frame's own depth, at the renderer's 0.5 voxel, is ≈ 1 % deep).
            var exact = reference.RenderDepth(truthCt, new CameraView(camera, truth, reg.Lights), cancellationToken)
                .Depth.Millimetres;
            var predicted = (float[])depth.Millimetres.Clone();
            for (var p = 0; p < predicted.Length; p++) if (!(exact[p] > 0)) predicted[p] = 0; // rel over valid truth
            var rel = DepthMetrics.Compute(predicted, exact).Rel;
            var result = new TrialResult(i, r.Converged, PoseIncrement.TranslationErrorMm(r.Pose, truth),
                PoseIncrement.RotationErrorDegrees(r.Pose, truth), rel, r.Similarity, r.Evaluations, seconds,
                registration.Similarity(truth, cancellationToken), PoseIncrement.RollErrorDegrees(truth, r.Pose));
            trials.Add(result);
            progress?.Report(result);
        }
        return new TrialReport(s, trials);
    }

    /// <summary>The start of trial <paramref name="index"/>: the true pose moved by the perturbation distance in a
    /// random direction and turned by the perturbation angle about a random axis.</summary>
    internal static RigidPose Perturb(RigidPose truth, TrialSettings s, int index)
    {
        var random = SplitMix64.For(s.Seed, index, PerturbStream);
        var direction = RandomUnit(ref random);
        var axis = RandomUnit(ref random);
        return PoseIncrement.Apply(truth, direction * s.PerturbationMm,
            axis * (s.PerturbationDegrees * MathF.PI / 180f));
    }

    private static Float3 RandomUnit(ref SplitMix64 random)
    {
        while (true)
        {
            var v = new Float3(random.Gaussian(), random.Gaussian(), random.Gaussian());
            if (v.LengthSquared > 1e-6f) return Float3.Normalize(v);
        }
    }
}
