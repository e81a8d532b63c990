namespace EndoDepth.Volumes;

/// <summary>A volume with where it came from.</summary>
/// <param name="Volume">The volume in HU.</param>
/// <param name="Format">"DICOM series", "DICOM file" or "NIfTI-1".</param>
/// <param name="Metadata">Format details (for DICOM: series UID, modality, transfer syntax, other series, skipped
/// files).</param>
public sealed record LoadedVolume(CtVolume Volume, string Format, IReadOnlyDictionary<string, string> Metadata);
