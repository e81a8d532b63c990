using EndoDepth.Geometry;
using EndoDepth.Imaging;
using EndoDepth.Randomness;

namespace EndoDepth.Registration;

/// <summary>
/// Registers one optical frame to a CT (paper §2.3): the (1+1)-ES (<see cref="OnePlusOneEvolution"/>) searches the
/// 6-DoF camera pose that maximises the similarity (<see cref="ImageSimilarity"/>) between the frame's shading
/// structure and the <see cref="VirtualEndoscope"/>'s view from that pose (<see cref="ShadingStructure"/>), coarse to
/// fine over an image pyramid. A mutation moves the camera by N(0, σ²·s_t²) mm per axis and turns it by a rotation
/// vector of N(0, σ²·s_r²) rad per axis composed onto its rotation (<see cref="PoseIncrement.Apply"/>); only pixels
/// where the virtual ray meets the iso-surface and the frame lies inside the camera's cone are compared. With NCC,
/// each level's ES is followed by a Levenberg–Marquardt refinement on the NCC residual (<see cref="NccRefinement"/>):
/// the ES finds the basin, Gauss–Newton steps follow its narrow valleys to the optimum. The final stage may add (or
/// replace its ES with) a direct alignment (<see cref="FinalStageSettings.DirectAlignmentIterations"/>): Lucas–Kanade
/// on the pose with the frame's own image gradients.
/// </summary>
public sealed class FrameRegistration
{
    /// <summary>Stream of <see cref="Seed.Derive64"/> for the ES seed of (frame, level).</summary>
    private const long LevelStream = 0x52454731; // "REG1"

    private readonly VirtualEndoscope _endoscope;
    private readonly Level[] _levels;

    /// <summary>Prepares the registration of <paramref name="frame"/>, taken by <paramref name="camera"/>.</summary>
    /// <param name="endoscope">The virtual endoscope of the CT.</param>
    /// <param name="frame">The optical frame (grey or RGB, display values in [0, 1]), of the camera's size.</param>
    /// <param name="camera">The camera's intrinsics.</param>
    /// <param name="settings">Similarity, pyramid and optimiser; defaults when null.</param>
    /// <exception cref="ArgumentException">Invalid settings, or a frame not of the camera's size.</exception>
    public FrameRegistration(VirtualEndoscope endoscope, ImageF frame, CameraModel camera,
        RegistrationSettings? settings = null)
    {
        _endoscope = endoscope ?? throw new ArgumentNullException(nameof(endoscope));
        ArgumentNullException.ThrowIfNull(frame);
        Settings = settings ?? new RegistrationSettings();
        Settings.Validate();
        if (frame.Width != camera.Width || frame.Height != camera.Height)
            throw new ArgumentException($"The frame is {frame.Width}×{frame.Height}, the camera " +
                $"{camera.Width}×{camera.Height}.", nameof(frame));
        Camera = camera;
        var cone = ShadingStructure.ConeMask(camera);
        var display = new Lazy<float[]>(() => ShadingStructure.OpticalGrey(frame));
        var linear = new Lazy<(float[] Grey, bool[] Valid)>(() =>
        {
            var grey = ShadingStructure.OpticalLinear(frame, Settings.Tone, out var unsaturated);
            for (var i = 0; i < unsaturated.Length; i++) unsaturated[i] &= cone[i];
            return (grey, unsaturated);
        });
        Level Make(int w, ShadingComparison comparison, SimilarityMetric metric, int toneFit = 0,
            CinematicImageModel? model = null)
        {
            var h = Math.Max(1, (int)Math.Round((double)w * camera.Height / camera.Width));
            var conePixels = ShadingStructure.Downsample(cone, camera.Width, camera.Height, w, h).Count(v => v);
            var (grey, valid) = comparison == ShadingComparison.LinearPower ? linear.Value : (display.Value, cone);
            var levelValid = ShadingStructure.Downsample(valid, camera.Width, camera.Height, w, h);
            var levelGrey = ShadingStructure.Downsample(grey, camera.Width, camera.Height, w, h);
            if (comparison == ShadingComparison.LinearPower) ToPower(levelGrey, levelValid, Settings);
            return new Level(camera.Resized(w, h), levelGrey, levelValid, conePixels, comparison, metric, toneFit,
                model);
        }
        var levels = new List<Level>();
        for (var l = 0; l < Settings.Levels; l++)
            levels.Add(Make(Math.Min(camera.Width, Settings.Width >> (Settings.Levels - 1 - l)), Settings.Comparison,
                Settings.Metric));
        if (Settings.FinalStage is { } final)
            levels.Add(Make(Math.Min(camera.Width, final.Width), final.Comparison, final.Metric ?? Settings.Metric,
                final.ToneFitDegree, final.ImageModel));
        _levels = [.. levels];
    }

    /// <summary>The settings.</summary>
    public RegistrationSettings Settings { get; }

    /// <summary>The frame's camera.</summary>
    public CameraModel Camera { get; }

    /// <summary>The similarity of the virtual view from <paramref name="pose"/> at the finest level (−∞ when it
    /// shows the iso-surface over less than <see cref="RegistrationSettings.MinValidFraction"/> of the field of
    /// view).</summary>
    public double Similarity(RigidPose pose, CancellationToken cancellationToken = default) =>
        Score(_levels[^1], pose, cancellationToken);

    /// <summary>
    /// Fraction of the finest level's field of view in which the virtual view from <paramref name="pose"/> meets the
    /// iso-surface.
    /// </summary>
    public double ValidFraction(RigidPose pose, CancellationToken cancellationToken = default)
    {
        var level = _levels[^1];
        var view = Render(level, pose, cancellationToken);
        var valid = 0;
        for (var i = 0; i < level.Valid.Length; i++) if (level.Valid[i] && view.Depth.Millimetres[i] > 0) valid++;
        return level.ConePixels > 0 ? (double)valid / level.ConePixels : 0;
    }

    /// <summary>
    /// Searches the pose from <paramref name="start"/>, level by level; <paramref name="seed"/> keys the mutations
    /// (e.g. the frame index under a run seed).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled (checked before every evaluation).</exception>
    public FrameRegistrationResult Register(RigidPose start, long seed = 0,
        CancellationToken cancellationToken = default)
    {
        var s = Settings;
        var stepMm = (float)s.TranslationStepMm;
        var stepRad = (float)(s.RotationStepDegrees * Math.PI / 180);
        RigidPose Mutate(RigidPose parent, double sigma, ref SplitMix64 random)
        {
            var t = new Float3(random.Gaussian(), random.Gaussian(), random.Gaussian()) * (float)(sigma * stepMm);
            var w = new Float3(random.Gaussian(), random.Gaussian(), random.Gaussian()) * (float)(sigma * stepRad);
            return PoseIncrement.Apply(parent, t, w);
        }

        // A step vector of the (1+1)-CMA-ES: (δt, ω) in the same units at σ = 1.
        RigidPose Displace(RigidPose parent, double[] step) => PoseIncrement.Apply(parent,
            new Float3((float)step[0], (float)step[1], (float)step[2]) * stepMm,
            new Float3((float)step[3], (float)step[4], (float)step[5]) * stepRad);

        var pose = start;
        var evaluations = 0;
        EvolutionResult<RigidPose>? last = null;
        for (var l = 0; l < _levels.Length; l++)
        {
            var level = _levels[l];
            // Pyramid level l steps from 2ˡ times the finest σ; the final stage starts at its own σ.
            var isFinal = l >= s.Levels;
            var coarser = isFinal ? 1 : Math.Pow(2, s.Levels - 1 - l);
            var es = s.Evolution with
            {
                InitialStep = isFinal ? s.FinalStage!.InitialStep : s.Evolution.InitialStep * coarser,
                MinStep = s.Evolution.MinStep * coarser,
                Seed = (long)Seed.Derive64(s.Evolution.Seed ^ seed, LevelStream, l),
            };
            // The final stage may adapt its mutation's shape too ((1+1)-CMA-ES); the pyramid's ES is isotropic.
            var adapt = isFinal && s.FinalStage!.AdaptCovariance;
            EvolutionResult<RigidPose> Search(RigidPose from, EvolutionSettings settings) => adapt
                ? OnePlusOneCmaEvolution.Maximise(from, p => Score(level, p, cancellationToken), Displace, 6,
                    settings, cancellationToken)
                : OnePlusOneEvolution.Maximise(from, p => Score(level, p, cancellationToken), Mutate, 6, settings,
                    cancellationToken);
            // A final stage that leaves the search to the direct alignment scores the pyramid's pose only (and keeps
            // the pyramid's convergence).
            var evolve = !isFinal || s.FinalStage!.Evolve;
            last = evolve ? Search(pose, es)
                : new EvolutionResult<RigidPose>(pose, Score(level, pose, cancellationToken), 1, 0, 0, last!.Converged);
            if (isFinal && evolve)
            {
                // Restarts: the stage's ES again from starts one σ = 1 mutation (2 mm / 2° at the default units) away
                // from the pyramid's pose; the best similarity wins.
                var restartRandom = new SplitMix64(Seed.Derive64(s.Evolution.Seed ^ seed, LevelStream, 1000 + l));
                for (var k = 0; k < s.FinalStage!.Restarts; k++)
                {
                    var from = Mutate(pose, 1.0, ref restartRandom);
                    var again = Search(from, es with
                    {
                        Seed = (long)Seed.Derive64(s.Evolution.Seed ^ seed, LevelStream, 1000 * (k + 2) + l),
                    });
                    evaluations += again.Evaluations;
                    if (again.Fitness > last.Fitness) last = again;
                }
            }
            pose = last.Best;
            evaluations += last.Evaluations;
            if (isFinal && s.FinalStage!.DirectAlignmentIterations > 0 && double.IsFinite(last.Fitness))
            {
                // Lucas–Kanade on the pose from the stage's start (the ES's best, or the pyramid's pose): the frame's
                // own gradients, one view per outer iteration.
                var aligned = DirectAlignment.Align(pose, last.Fitness, level.Grey, level.Valid, level.Camera,
                    p => View(level, p, cancellationToken), view => Similarity(level, view),
                    s.FinalStage.DirectAlignmentIterations,
                    level.Comparison == ShadingComparison.LinearPower ? s.ComparisonExponent : 0, cancellationToken);
                pose = aligned.Pose;
                evaluations += aligned.Evaluations;
                last = last with { Best = pose, Fitness = aligned.Score };
            }
            if (evolve && level.Metric == SimilarityMetric.Ncc && s.Refinement.MaxIterations > 0
                && double.IsFinite(last.Fitness))
            {
                // Levenberg–Marquardt from the ES's best, its difference step scaled with the level like σ.
                var refined = NccRefinement.Refine(pose, last.Fitness, level.Grey,
                    p =>
                    {
                        var (grey, mask, _) = View(level, p, cancellationToken);
                        return (grey, mask);
                    },
                    p => Score(level, p, cancellationToken),
                    s.Refinement with { DifferenceStep = s.Refinement.DifferenceStep * coarser }, cancellationToken);
                pose = refined.Pose;
                evaluations += refined.Evaluations;
                last = last with { Best = pose, Fitness = refined.Score };
            }
        }
        var similarity = last!.Fitness;
        var converged = last.Converged && similarity >= s.ConvergedSimilarity;
        return new FrameRegistrationResult(pose, start, similarity, evaluations, converged);
    }

    private double Score(Level level, RigidPose pose, CancellationToken cancellationToken) =>
        Similarity(level, View(level, pose, cancellationToken));

    /// <summary>The level's similarity of a rendered view (−∞ when it shows the iso-surface over less than
    /// <see cref="RegistrationSettings.MinValidFraction"/> of the cone).</summary>
    private double Similarity(Level level, (float[] Grey, bool[] Mask, VirtualView View) view)
    {
        var (virtualGrey, mask, _) = view;
        var valid = mask.Count(v => v);
        if (valid < Settings.MinValidFraction * level.ConePixels) return double.NegativeInfinity;
        return ImageSimilarity.Compute(level.Metric, level.Grey, virtualGrey, mask);
    }

    /// <summary>The virtual grey view at a level and the pixels compared: valid in the frame (inside the cone, and
    /// unsaturated for <see cref="ShadingComparison.LinearPower"/>), with virtual depth.</summary>
    private (float[] Grey, bool[] Mask, VirtualView View) View(Level level, RigidPose pose,
        CancellationToken cancellationToken)
    {
        var view = Render(level, pose, cancellationToken);
        var linear = level.Comparison == ShadingComparison.LinearPower;
        var virtualGrey = linear ? view.Shading.Data[..(view.Shading.Width * view.Shading.Height)]
            : ShadingStructure.VirtualGrey(view.Shading, Settings.Tone);
        var mask = new bool[virtualGrey.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = level.Valid[i] && view.Depth.Millimetres[i] > 0;
        if (linear) ToPower(virtualGrey, mask, Settings);
        if (level.ToneFit == 2) FitQuadratic(virtualGrey, level.Grey, mask);
        return (virtualGrey, mask, view);
    }

    /// <summary>The virtual view at a level under its image model.</summary>
    private VirtualView Render(Level level, RigidPose pose, CancellationToken cancellationToken) =>
        level.Model is { } model
            ? _endoscope.RenderCinematic(level.Camera, pose, model, cancellationToken)
            : _endoscope.Render(level.Camera, pose, cancellationToken);

    /// <summary>x ← max(x, floor·x̄)^γ over the valid pixels (x̄ their mean): the floor keeps the darkest pixels
    /// (grazing light, the far lumen's noise) from dominating a small power.</summary>
    private static void ToPower(float[] x, bool[] valid, RegistrationSettings s)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < x.Length; i++) if (valid[i]) { sum += x[i]; n++; }
        var floor = n > 0 ? (float)(s.ShadingFloor * sum / n) : 0f;
        for (var i = 0; i < x.Length; i++)
            x[i] = valid[i] ? (float)Math.Pow(Math.Max(Math.Max(x[i], floor), 1e-30f), s.ComparisonExponent) : 0f;
    }

    /// <summary>v ← c₀ + c₁v + c₂v² over the masked pixels, c the least-squares fit of the frame's grey g on
    /// (1, v, v²) (normal equations on v centred and scaled, Cramer's rule); unchanged when the system is
    /// singular.</summary>
    private static void FitQuadratic(float[] v, float[] g, bool[] mask)
    {
        double n = 0, mean = 0, m2 = 0;
        for (var i = 0; i < v.Length; i++) if (mask[i]) { n++; mean += v[i]; }
        if (n < 3) return;
        mean /= n;
        for (var i = 0; i < v.Length; i++) if (mask[i]) m2 += (v[i] - mean) * (v[i] - mean);
        var scale = Math.Sqrt(m2 / n);
        if (!(scale > 0)) return;
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (!mask[i]) continue;
            var x = (v[i] - mean) / scale;
            s1 += x; s2 += x * x; s3 += x * x * x; s4 += x * x * x * x;
            t0 += g[i]; t1 += g[i] * x; t2 += g[i] * x * x;
        }
        // [n s1 s2; s1 s2 s3; s2 s3 s4] c = [t0 t1 t2]
        static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double k) =>
            a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        var det = Det(n, s1, s2, s1, s2, s3, s2, s3, s4);
        if (!(Math.Abs(det) > 1e-12 * n * n * n)) return;
        var c0 = Det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
        var c1 = Det(n, t0, s2, s1, t1, s3, s2, t2, s4) / det;
        var c2 = Det(n, s1, t0, s1, s2, t1, s2, s3, t2) / det;
        for (var i = 0; i < v.Length; i++)
        {
            if (!mask[i]) continue;
            var x = (v[i] - mean) / scale;
            v[i] = (float)(c0 + x * (c1 + x * c2));
        }
    }

    /// <summary>One pyramid level: its camera, the frame's grey level, the cone's pixels there, the grey scale and the
    /// similarity compared, and the image model of its virtual views (null: Lambertian shading).</summary>
    private sealed record Level(CameraModel Camera, float[] Grey, bool[] Valid, int ConePixels,
        ShadingComparison Comparison, SimilarityMetric Metric, int ToneFit, CinematicImageModel? Model);
}
