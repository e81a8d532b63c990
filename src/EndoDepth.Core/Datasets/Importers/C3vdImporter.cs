using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// C3VD, the Colonoscopy 3D Video Dataset (Bobrow et al., Medical Image Analysis 90, 2023; durr.jhu.edu/C3VD): a
/// clinical colonoscope filming silicone colon phantoms, registered to the phantoms' 3-D models.
/// Layout: <c>&lt;sequence&gt;/NNNN_color.png</c> with <c>NNNN_depth.tiff</c> beside it (C3VD v1), or
/// <c>&lt;sequence&gt;/rgb/NNNN.png</c> with <c>&lt;sequence&gt;/depth/NNNN_depth.tiff</c> (C3VDv2). Depth is a 16-bit
/// TIFF with <b>mm = v / 65535 · 100</b> (0–100 mm); 0 and 65535 are invalid (no surface, or beyond the range).
/// The TIFF codec is <see cref="TiffDepthDecoder"/> (ImageSharp) unless the caller supplies another
/// <see cref="IRawDepthDecoder"/>. Nominal camera: pinhole with a 90° horizontal field of view, a
/// placeholder — C3VD's calibration is Scaramuzza's omnidirectional model: load it with
/// <see cref="Geometry.Calibration.CameraCalibration.Load"/> (C3VD's <c>key=value</c> intrinsics are read as they are)
/// and pass it in <see cref="ImportOptions.Camera"/> (the CLI's <c>--calibration FILE</c>).
/// </summary>
public sealed class C3vdImporter : PublicDatasetImporter
{
    /// <summary>Millimetres per stored 16-bit unit: 100 mm / 65535.</summary>
    public const double MillimetresPerUnit = 100.0 / 65535.0;

    private readonly IRawDepthDecoder _tiffDecoder;

    /// <summary>Creates the importer with the built-in 16-bit TIFF decoder (<see cref="TiffDepthDecoder"/>).</summary>
    public C3vdImporter() : this(new TiffDepthDecoder()) { }

    /// <summary>Creates the importer with a 16-bit TIFF decoder.</summary>
    public C3vdImporter(IRawDepthDecoder tiffDecoder)
    {
        ArgumentNullException.ThrowIfNull(tiffDecoder);
        _tiffDecoder = tiffDecoder;
    }

    /// <inheritdoc />
    public override string SourceName => "c3vd";

    /// <inheritdoc />
    public override IReadOnlyList<ImportFrame> Discover(string sourceRoot)
    {
        ArgumentNullException.ThrowIfNull(sourceRoot);
        var frames = new List<ImportFrame>();
        foreach (var depth in Directory.EnumerateFiles(sourceRoot, "*_depth.tif*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(depth);
            if (!name.EndsWith("_depth.tiff", StringComparison.OrdinalIgnoreCase)
                && !name.EndsWith("_depth.tif", StringComparison.OrdinalIgnoreCase)) continue;
            var dir = Path.GetDirectoryName(depth)!;
            var n = name[..name.LastIndexOf("_depth", StringComparison.OrdinalIgnoreCase)];
            var v1 = Path.Combine(dir, $"{n}_color.png");
            var parent = Path.GetDirectoryName(dir);
            var v2 = parent is null ? null : Path.Combine(parent, "rgb", $"{n}.png");
            var isV2 = !File.Exists(v1) && v2 is not null && string.Equals(Path.GetFileName(dir), "depth",
                StringComparison.OrdinalIgnoreCase);
            var seqDir = isV2 ? parent! : dir;
            frames.Add(new ImportFrame(SequenceName(sourceRoot, seqDir), n, isV2 ? v2! : v1, depth));
        }
        if (frames.Count == 0)
            throw new DatasetException(sourceRoot, "no C3VD frames found (expected NNNN_depth.tiff with "
                + "NNNN_color.png beside it, or depth/ and rgb/ folders)");
        return frames.OrderBy(f => f.Sequence, StringComparer.Ordinal).ThenBy(f => f.Frame, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public override DepthMap ReadDepth(ImportFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return ToMillimetres(_tiffDecoder.Decode(frame.DepthPath), MillimetresPerUnit, v => v is 0 or ushort.MaxValue);
    }

    /// <inheritdoc />
    public override CameraModel NominalCamera(int width, int height) => CameraModel.Pinhole(width, height, 90f);
}
