using System.Globalization;
using System.Text;

namespace EndoDepth.Registration;

/// <summary>
/// The registration's last stage (<see cref="RegistrationSettings.FinalStage"/>, ours): after the pyramid, the
/// (1+1)-ES and the Levenberg–Marquardt refinement once more at <see cref="Width"/> pixels (at most the frame's), on
/// the grey scale <see cref="Comparison"/>. Why a second grey scale: the display-grey comparison of the pyramid has a
/// smooth, wide basin but its maximum lies off the true pose against path-traced frames (their shading falls off more
/// slowly with distance than inverse-square Lambertian shading); the near-logarithmic linear comparison has its maximum
/// close to the true pose but a narrower, rougher basin. The pyramid finds the basin, this stage the optimum.
/// </summary>
/// <param name="Width">Width (px) of the stage's images; the frame's width when smaller. Default 128.</param>
/// <param name="Comparison">The grey scale compared. Default <see cref="ShadingComparison.LinearPower"/>.</param>
/// <param name="InitialStep">The ES's σ at the start, in the units of <see
/// cref="RegistrationSettings.TranslationStepMm"/> and <see cref="RegistrationSettings.RotationStepDegrees"/>; it stops
/// at the finest level's floor. Default 0.25 (0.5 mm and 0.5° at the default units).</param>
public sealed record FinalStageSettings(int Width = 128,
    ShadingComparison Comparison = ShadingComparison.LinearPower, double InitialStep = 0.25)
{
    /// <summary>The similarity of this stage; null: <see cref="RegistrationSettings.Metric"/>. With a metric other
    /// than NCC the stage is the ES alone (the refinement is NCC's). Default null.</summary>
    public SimilarityMetric? Metric { get; init; }

    /// <summary>Degree of a polynomial in the virtual grey value fitted by least squares to the frame's grey at every
    /// evaluation and compared in its place (0: off, 1 changes nothing under NCC, 2: quadratic). With the
    /// near-logarithmic <see cref="ShadingComparison.LinearPower"/> scale, degree 1 is a power law and degree 2 adds
    /// its curvature (a fill light or a tone curve), so NCC becomes √R² of the fit. Default 0.</summary>
    public int ToneFitDegree { get; init; }

    /// <summary>Extra runs of the stage's ES, each from a start one σ = 1 mutation away from the pyramid's pose (2 mm
    /// and 2° per axis at the default units); the best similarity wins. Default 0.</summary>
    public int Restarts { get; init; }

    /// <summary>The image model of this stage's virtual views: null (default) for the virtual endoscope's Lambertian
    /// iso-surface shading, or the cinematic renderer at low spp with common random numbers
    /// (<see cref="CinematicImageModel"/>). Its linear luminance is compared on <see cref="Comparison"/>'s grey
    /// scale.</summary>
    public CinematicImageModel? ImageModel { get; init; }

    /// <summary>The stage's ES (and its restarts) adapts the shape of its mutation as well as its size: the
    /// (1+1)-CMA-ES (<see cref="OnePlusOneCmaEvolution"/>) instead of the isotropic (1+1)-ES, so that it follows a
    /// narrow valley that couples translation and rotation. Default false.</summary>
    public bool AdaptCovariance { get; init; }

    /// <summary>Renders of the direct (photometric) alignment after the stage's ES (internal DirectAlignment:
    /// Lucas–Kanade on the pose with the frame's own gradients, coarse to fine; each outer iteration renders one view
    /// and is kept while the stage's similarity rises); 0: off. Default 0.</summary>
    public int DirectAlignmentIterations { get; init; }

    /// <summary>The stage runs its ES (with <see cref="Restarts"/>) and the Levenberg–Marquardt refinement; false
    /// leaves the stage's search to the direct alignment alone (<see cref="DirectAlignmentIterations"/> views instead
    /// of hundreds). Default true.</summary>
    public bool Evolve { get; init; } = true;

    /// <summary>The record's members as the compiler prints them, <see cref="ImageModel"/>,
    /// <see cref="AdaptCovariance"/>, <see cref="DirectAlignmentIterations"/> and <see cref="Evolve"/> only when set:
    /// the text is part of a registered folder's recipe (<see cref="RegisteredDataset"/>), so folders registered
    /// before the setting existed still resume.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.CurrentCulture, $"Width = {Width}, Comparison = {Comparison}, ")
            .Append(CultureInfo.CurrentCulture, $"InitialStep = {InitialStep}, Metric = {Metric}, ")
            .Append(CultureInfo.CurrentCulture, $"ToneFitDegree = {ToneFitDegree}, Restarts = {Restarts}");
        if (ImageModel is not null) builder.Append(CultureInfo.CurrentCulture, $", ImageModel = {ImageModel}");
        if (AdaptCovariance) builder.Append(", AdaptCovariance = True");
        if (DirectAlignmentIterations > 0)
            builder.Append(CultureInfo.CurrentCulture, $", DirectAlignmentIterations = {DirectAlignmentIterations}");
        if (!Evolve) builder.Append(", Evolve = False");
        return true;
    }

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Width is < 4 or > 4096) throw new ArgumentException($"FinalStage.Width must be in 4..4096, got {Width}.");
        if (!Enum.IsDefined(Comparison)) throw new ArgumentException($"Unknown comparison {Comparison}.");
        if (Restarts is < 0 or > 64) throw new ArgumentException($"Restarts must be in 0..64, got {Restarts}.");
        if (ToneFitDegree is < 0 or > 2)
            throw new ArgumentException($"ToneFitDegree must be in 0..2, got {ToneFitDegree}.");
        if (DirectAlignmentIterations is < 0 or > 64)
            throw new ArgumentException(
                $"DirectAlignmentIterations must be in 0..64, got {DirectAlignmentIterations}.");
        if (!Evolve && DirectAlignmentIterations == 0)
            throw new ArgumentException("A final stage without its ES (Evolve = false) needs the direct alignment " +
                "(DirectAlignmentIterations > 0).");
        if (Metric is { } m && !Enum.IsDefined(m)) throw new ArgumentException($"Unknown metric {m}.");
        if (!(InitialStep > 0) || !double.IsFinite(InitialStep))
            throw new ArgumentException($"FinalStage.InitialStep must be positive, got {InitialStep}.");
        ImageModel?.Validate();
    }
}
