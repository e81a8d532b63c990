using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Datasets.Importers;

/// <summary>
/// SimCol3D (Rau et al., "SimCol3D — 3D reconstruction during colonoscopy challenge", Medical Image Analysis 2024;
/// data at rdr.ucl.ac.uk, code at github.com/anitarau/simcol): synthetic colonoscopy rendered in Unity.
/// Layout: <c>SyntheticColon_*/Frames_&lt;seq&gt;/FrameBuffer_NNNN.png</c> (RGBA, 475×475) with
/// <c>Depth_NNNN.png</c> (16-bit grey). Scale, as the challenge's own loader (evaluation/eval_synthetic_depth.py)
/// reads it: depth = v / 255 / 256 in units of 20 cm, i.e. <b>mm = v · 200 / 65280</b> (0–20 cm range); z-depth
/// along the optical axis (the repository's back-projection multiplies K⁻¹[u v 1] by it). A stored 0 is taken as
/// invalid. Nominal camera: pinhole, f = 227.6 px at 475 px width, principal point at the image centre (from the
/// repository's visualisation script), scaled to the image size.
/// </summary>
public sealed class SimCol3DImporter : PublicDatasetImporter
{
    /// <summary>Millimetres per stored 16-bit unit: 200 mm / (255·256).</summary>
    public const double MillimetresPerUnit = 200.0 / (255.0 * 256.0);

    /// <summary>Nominal focal length (px) at the dataset's 475 px image width.</summary>
    public const double NominalFocalAt475 = 227.6;

    private readonly IRawDepthDecoder _decoder;

    /// <summary>Creates the importer with the built-in 16-bit PNG decoder (or another one).</summary>
    public SimCol3DImporter(IRawDepthDecoder? decoder = null) => _decoder = decoder ?? new Png16Decoder();

    /// <inheritdoc />
    public override string SourceName => "simcol3d";

    /// <inheritdoc />
    public override IReadOnlyList<ImportFrame> Discover(string sourceRoot)
    {
        ArgumentNullException.ThrowIfNull(sourceRoot);
        var frames = new List<ImportFrame>();
        foreach (var image in Directory.EnumerateFiles(sourceRoot, "FrameBuffer_*.png", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(image)!;
            var n = Path.GetFileNameWithoutExtension(image)["FrameBuffer_".Length..];
            var depth = Path.Combine(dir, $"Depth_{n}.png");
            if (!File.Exists(depth)) continue; // test folders ship images without depth: nothing to evaluate against
            frames.Add(new ImportFrame(SequenceName(sourceRoot, dir), n, image, depth));
        }
        if (frames.Count == 0)
            throw new DatasetException(sourceRoot,
                "no SimCol3D frames found (expected Frames_*/FrameBuffer_NNNN.png with Depth_NNNN.png beside it)");
        return frames.OrderBy(f => f.Sequence, StringComparer.Ordinal).ThenBy(f => f.Frame, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public override DepthMap ReadDepth(ImportFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return ToMillimetres(_decoder.Decode(frame.DepthPath), MillimetresPerUnit, v => v == 0);
    }

    /// <inheritdoc />
    public override CameraModel NominalCamera(int width, int height)
    {
        var f = NominalFocalAt475 * width / 475.0;
        var fov = (float)(2 * Math.Atan(width / 2.0 / f) * 180 / Math.PI);
        return CameraModel.Pinhole(width, height, fov);
    }
}
