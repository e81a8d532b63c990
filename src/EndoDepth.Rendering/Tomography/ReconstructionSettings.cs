namespace EndoDepth.Rendering.Tomography;

/// <summary>How <see cref="FilteredBackProjection"/> reconstructs.</summary>
public sealed record ReconstructionSettings
{
    /// <summary>The filter; Ram-Lak by default (the paper's).</summary>
    public ReconstructionFilter Filter { get; init; } = ReconstructionFilter.RamLak;

    /// <summary>μ → HU; water 0.0193/mm, air 0 by default (<see cref="HuCalibration.Default"/>).</summary>
    public HuCalibration Calibration { get; init; } = HuCalibration.Default;
}
